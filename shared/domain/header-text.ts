/**
 * Control characters in text that leaves the product: a line break in a team name, ESC or BEL in a worker id.
 * - `headerSafe`: for an email header value or a subject line (SES takes them as given, and a line break in a
 *   header starts a new header): line breaks and tabs become one space, every other control character is removed.
 * - `escapeControls`: for a terminal: each control character is shown as `\uXXXX` instead of acting on the
 *   terminal (an ESC starting an escape sequence, a BEL, a carriage return overwriting the line). The escape is
 *   also valid inside a JSON string.
 * Control characters: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), and the Unicode line and paragraph
 * separators (U+2028, U+2029).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

export function headerSafe(value: string): string {
  return value.replace(BREAKS, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim();
}

export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
