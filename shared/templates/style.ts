/**
 * The one set of email style constants. Every email is hand-written table markup styled inline, because most
 * councils read mail in Outlook for Windows, whose Word engine ignores `max-width`, `margin:auto` and `position`:
 * the layout is a fixed 600 px table (Outlook keeps it), narrowed to the screen on phones by one media query that
 * clients without media-query support simply ignore. Colours are GOV.UK's text, link and border colours, which
 * meet WCAG AA contrast on white.
 */
export const EMAIL_WIDTH = 600;
export const FONT = 'Arial,Helvetica,sans-serif';
export const COLOUR = {
  text: '#0b0c0c',
  secondary: '#505a5f',
  link: '#1d70b8',
  border: '#b1b4b6',
  background: '#ffffff',
  panel: '#f3f2f1',
} as const;

export const STYLE = {
  body: `margin:0;padding:0;background:${COLOUR.background};color:${COLOUR.text};font-family:${FONT};font-size:16px;line-height:1.5`,
  h1: `font-family:${FONT};font-size:24px;line-height:1.25;margin:0 0 8px 0;color:${COLOUR.text}`,
  h2: `font-family:${FONT};font-size:20px;line-height:1.25;margin:24px 0 8px 0;color:${COLOUR.text}`,
  p: `font-family:${FONT};font-size:16px;margin:0 0 12px 0;color:${COLOUR.text}`,
  small: `font-family:${FONT};font-size:14px;margin:24px 0 0 0;color:${COLOUR.secondary}`,
  /** A call to action: a bordered panel, so it stands out with images and colour off. */
  panel: `background:${COLOUR.panel};border-left:4px solid ${COLOUR.text};padding:12px 16px;font-family:${FONT};font-size:16px`,
  table: 'border-collapse:collapse;margin:0 0 24px 0',
  th: `padding:8px 6px;border-bottom:1px solid ${COLOUR.border};vertical-align:top;text-align:left;font-family:${FONT};font-size:16px`,
  td: `padding:8px 6px;border-bottom:1px solid ${COLOUR.border};vertical-align:top;text-align:left;font-family:${FONT};font-size:16px`,
  caption: `text-align:left;font-weight:bold;padding:4px 0;font-family:${FONT}`,
  note: `color:${COLOUR.secondary};font-size:14px`,
  /** Links are at least 44 px tall touch targets on a phone (padding plus line height). */
  link: `color:${COLOUR.link};font-weight:bold;text-decoration:underline;display:inline-block;padding:10px 0`,
} as const;

/** Plain-text parts are wrapped at this many characters (RFC 5322's recommended 78, less quoting room). */
export const TEXT_WIDTH = 76;
