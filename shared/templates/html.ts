import { EMAIL_WIDTH, STYLE } from './style.js';

/** Minimal, safe HTML building: every interpolated value is escaped unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Value = string | number | SafeHtml | undefined | null | false | Value[];

function render(v: Value): string {
  if (v === undefined || v === null || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (v instanceof SafeHtml) return v.value;
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** An href: only http(s) and mailto links are rendered; anything else becomes "#". */
export function safeHref(url: string): string {
  return isSafeLink(url) ? url : '#';
}

/** A link an email may carry: http(s) or mailto, with no line break or control character in it. */
export function isSafeLink(url: string): boolean {
  if (!/^(https?:|mailto:)/i.test(url)) return false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/**
 * The shell every email shares: a fixed-width 600 px table centred by its parent cell's `align` (what Outlook's
 * Word engine honours), narrowed to the screen on phones by a media query; real headings, no images.
 */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${title}</title>
<style>@media screen and (max-width:${EMAIL_WIDTH + 20}px){.container{width:100% !important}}</style>
</head>
<body style="${STYLE.body}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" class="container" width="${EMAIL_WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width:${EMAIL_WIDTH}px;border-collapse:collapse"><tr><td align="left" style="${STYLE.body}">
<main>
${body}
</main>
</td></tr></table>
</td></tr></table>
</body>
</html>
`.value;
}
