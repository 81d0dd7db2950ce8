/**
 * An email as a short list of blocks (headings, paragraphs, tables of items), rendered once as HTML and once as
 * plain text from the same words, so the text part carries every sentence of the HTML. Also the mail conventions
 * every email shares: the footer saying whether replies are read, and the `Auto-Submitted` header that tells
 * out-of-office responders and mail rules this is an automatic message.
 */
import { humanDay, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { daysInWords } from '../domain/wording.js';
import { type SafeHtml, html, isSafeLink, page } from './html.js';
import { type ItemView, changeMark, sortItems } from './reminder-items.js';
import { STYLE } from './style.js';
import { wrapText } from './text.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Extra message headers; every email carries `Auto-Submitted: auto-generated`. */
  headers: Record<string, string>;
  /** Where replies go, when the authority has a monitored mailbox. */
  replyTo?: string;
}

/** How replies are handled: a monitored Reply-To address, or a named contact for a mailbox nobody reads. */
export interface MailConventions {
  serviceName: string;
  replyTo?: string;
  /** Who to contact when replies are not read, e.g. "the performance team on 01234 567890". */
  contact?: string;
}

export type Inline = string | { text: string; href: string };

export type Block =
  | { kind: 'h1' | 'h2'; text: string }
  | { kind: 'p'; parts: Inline[]; tone?: 'normal' | 'small' | 'panel' }
  | { kind: 'items'; caption: string; items: ItemView[]; withOwner?: boolean; order?: 'case' | 'given' }
  | { kind: 'table'; caption: string; head: string[]; rows: Inline[][]; widths?: number[] }
  /** Markup a template builds itself (escaped through `html`), with the plain text that carries the same words. */
  | { kind: 'raw'; html: SafeHtml; text: string };

export const AUTO_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

export function footerLine(c: MailConventions): string {
  if (c.replyTo) return `Replies to this email go to ${c.replyTo}.`;
  return `This mailbox is not monitored — contact ${c.contact ?? 'your team manager'} with any question.`;
}

/** A link whose address is not one an email may carry is shown as its words only, in both parts. */
const inlineHtml = (x: Inline): SafeHtml | string =>
  typeof x === 'string' || !isSafeLink(x.href)
    ? inlineText(x)
    : html`<a href="${x.href}" style="${STYLE.link}">${x.text}</a>`;

const caseHtml = (i: ItemView): SafeHtml | string =>
  isSafeLink(i.link) ? html`<a href="${i.link}" style="${STYLE.link}">${i.caseLabel}</a>` : i.caseLabel;

/** "(new)", "(now overdue)", "(due date moved)", "(declined)": how a row changed since the reader's last email. */
const markText = (i: ItemView) => {
  const m = changeMark(i);
  return m ? ` (${m})` : '';
};

/** When, in words: "3 days overdue", or for a decline "declined on 20 May 2024, offer again by 20 Aug 2024". */
export function whenInWords(i: ItemView): string {
  if (i.declined === undefined) return daysInWords(i.days);
  const again = `declined on ${humanDay(i.declined)}, offer again by ${humanDay(i.due)}`;
  return i.days < 0 ? `${again} (${daysInWords(i.days)})` : again;
}

const widthAttr = (widths: number[] | undefined, i: number) => (widths?.[i] ? `${widths[i]}%` : undefined);

function itemsHtml(b: Extract<Block, { kind: 'items' }>): SafeHtml {
  const items = b.order === 'given' ? b.items : sortItems(b.items);
  const widths = [32, 38, 30];
  const th = (text: string, i: number) =>
    html`<th scope="col" width="${widthAttr(widths, i)}" style="${STYLE.th}">${text}</th>`;
  return html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<caption style="${STYLE.caption}">${b.caption}</caption>
<thead><tr>${th('Case', 0)}${th('What', 1)}${th('When', 2)}</tr></thead>
<tbody>
${items.map(
  (i) => html`<tr>
<td style="${STYLE.td}">${caseHtml(i)}${i.flagNote ? html`<br><strong>${i.flagNote}</strong>` : ''}${b.withOwner && i.owner ? html`<br><span style="${STYLE.note}">${i.owner}</span>` : ''}</td>
<td style="${STYLE.td}">${i.label}${markText(i) ? html` <strong>${markText(i).trim()}</strong>` : ''}<br><span style="${STYLE.note}">${i.citation}</span></td>
<td style="${STYLE.td}"><strong>${whenInWords(i)}</strong><br>${humanDayWithWeekday(i.due)}</td>
</tr>`,
)}
</tbody>
</table>`;
}

function blockHtml(b: Block): SafeHtml {
  switch (b.kind) {
    case 'h1':
      return html`<h1 style="${STYLE.h1}">${b.text}</h1>`;
    case 'h2':
      return html`<h2 style="${STYLE.h2}">${b.text}</h2>`;
    case 'p': {
      const style = b.tone === 'small' ? STYLE.small : STYLE.p;
      const p = html`<p style="${style}">${b.parts.map(inlineHtml)}</p>`;
      return b.tone === 'panel'
        ? html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}"><tr><td style="${STYLE.panel}">${p}</td></tr></table>`
        : p;
    }
    case 'items':
      return itemsHtml(b);
    case 'raw':
      return b.html;
    case 'table':
      return html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<caption style="${STYLE.caption}">${b.caption}</caption>
<thead><tr>${b.head.map((h, i) => html`<th scope="col" width="${widthAttr(b.widths, i)}" style="${STYLE.th}">${h}</th>`)}</tr></thead>
<tbody>${b.rows.map(
        (r) =>
          html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row" style="${STYLE.th}">${inlineHtml(c)}</th>` : html`<td style="${STYLE.td}">${inlineHtml(c)}</td>`))}</tr>`,
      )}</tbody>
</table>`;
  }
}

function inlineText(x: Inline): string {
  return oneLine(typeof x === 'string' ? x : x.text);
}

/** A value on one line in the plain text: a line break in data can never start a line of its own. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
const links = (parts: Inline[]) => parts.flatMap((x) => (typeof x === 'string' || !isSafeLink(x.href) ? [] : [x.href]));

function itemsText(b: Extract<Block, { kind: 'items' }>): string {
  const items = b.order === 'given' ? b.items : sortItems(b.items);
  const lines = [oneLine(b.caption), ''];
  for (const i of items) {
    lines.push(`- ${oneLine(i.caseLabel)}: ${oneLine(i.label)}${markText(i)}, ${whenInWords(i)}`);
    lines.push(`  ${humanDayWithWeekday(i.due)}. ${oneLine(i.citation)}`);
    if (i.flagNote) lines.push(`  ${oneLine(i.flagNote)}`);
    if (b.withOwner && i.owner) lines.push(`  ${oneLine(i.owner)}`);
    if (isSafeLink(i.link)) lines.push(`  ${i.link}`);
  }
  return lines.join('\n');
}

function blockText(b: Block): string {
  switch (b.kind) {
    case 'h1':
      return `${oneLine(b.text)}\n${'='.repeat(Math.min(b.text.length, 76))}`;
    case 'h2':
      return `${oneLine(b.text)}\n${'-'.repeat(Math.min(b.text.length, 76))}`;
    case 'p':
      return [b.parts.map(inlineText).join(''), ...links(b.parts).map((l) => `  ${l}`)].join('\n');
    case 'items':
      return itemsText(b);
    case 'raw':
      return b.text;
    case 'table':
      return [
        oneLine(b.caption),
        '',
        ...b.rows.map(
          (r) =>
            `- ${r.map((c, i) => (i === 0 ? inlineText(c) : `${b.head[i]}: ${inlineText(c)}`)).join('; ')}` +
            links(r)
              .map((l) => `\n  ${l}`)
              .join(''),
        ),
      ].join('\n');
  }
}

/** Renders the blocks as an email, with the shared footer and headers. */
export function renderDocument(subject: string, blocks: Block[], conventions: MailConventions): RenderedEmail {
  const all: Block[] = [
    ...blocks,
    { kind: 'p', tone: 'small', parts: [`${conventions.serviceName}. ${footerLine(conventions)}`] },
  ];
  return {
    subject,
    html: page(subject, html`${all.map(blockHtml)}`),
    text: `${wrapText(all.map(blockText).join('\n\n'))}\n`,
    headers: { ...AUTO_HEADERS },
    ...(conventions.replyTo ? { replyTo: conventions.replyTo } : {}),
  };
}
