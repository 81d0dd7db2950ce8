/** The view of one obligation in an email, and how a list of them is laid out (HTML table and plain text). */
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import type { ObligationKind } from '../domain/obligations.js';
import type { Urgency } from '../domain/reminders.js';
import { daysInWords } from '../domain/wording.js';
import { type SafeHtml, html, safeHref } from './html.js';

export interface ItemView {
  recordId: string;
  /** Case reference, with initials if allowed. */
  caseLabel: string;
  link: string;
  obligation: ObligationKind;
  label: string;
  due: Day;
  days: number;
  citation: string;
  urgency: Urgency;
  /** Newly entering a reminder stage today. */
  isNew: boolean;
  flagNote?: string;
  /** For manager emails: whose it is, or why nobody's. */
  owner?: string;
}

export const SECTION_TITLES: Record<Urgency, string> = {
  overdue: 'Overdue',
  'due-today': 'Due today',
  'due-soon': 'Due soon',
  'coming-up': 'Coming up',
};

/** Sorted for reading: by urgency, then grouped by case (cases ordered by their most urgent item), then due date. */
export function sortItems(items: ItemView[]): ItemView[] {
  const firstDue = new Map<string, number>();
  for (const i of items) firstDue.set(i.recordId, Math.min(firstDue.get(i.recordId) ?? Infinity, i.due));
  return [...items].sort(
    (a, b) =>
      firstDue.get(a.recordId)! - firstDue.get(b.recordId)! ||
      a.recordId.localeCompare(b.recordId) ||
      a.due - b.due ||
      a.obligation.localeCompare(b.obligation),
  );
}

/** A table of items; its caption is for screen readers (a visible heading above says the same). */
export function itemsTable(caption: string, items: ItemView[], withOwner = false): SafeHtml {
  const cell = 'padding:8px 6px;border-bottom:1px solid #b1b4b6;vertical-align:top;text-align:left';
  return html`<table style="width:100%;border-collapse:collapse;margin:0 0 24px 0">
<caption style="position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">${caption}</caption>
<thead><tr>
<th scope="col" style="${cell}">Case</th>
<th scope="col" style="${cell}">What</th>
<th scope="col" style="${cell}">When</th>
${withOwner ? html`<th scope="col" style="${cell}">Worker</th>` : ''}
</tr></thead>
<tbody>
${sortItems(items).map(
  (i) => html`<tr>
<td style="${cell}"><a href="${safeHref(i.link)}" style="display:inline-block;padding:6px 0;color:#1d70b8;font-weight:bold">${i.caseLabel}</a>${i.flagNote ? html`<br><strong>${i.flagNote}</strong>` : ''}</td>
<td style="${cell}">${i.label}${i.isNew ? html` <strong>(new)</strong>` : ''}<br><span style="color:#505a5f;font-size:14px">${i.citation}</span></td>
<td style="${cell}"><strong>${daysInWords(i.days)}</strong><br>${humanDayWithWeekday(i.due)}</td>
${withOwner ? html`<td style="${cell}">${i.owner ?? ''}</td>` : ''}
</tr>`,
)}
</tbody>
</table>`;
}

export function itemsText(title: string, items: ItemView[], withOwner = false): string {
  if (items.length === 0) return '';
  const lines = [`${title.toUpperCase()} (${items.length})`, ''];
  for (const i of sortItems(items)) {
    lines.push(
      `- ${i.caseLabel}: ${i.label}${i.isNew ? ' (new)' : ''} — ${daysInWords(i.days)} (${humanDayWithWeekday(i.due)})`,
    );
    lines.push(`  ${i.citation}`);
    if (i.flagNote) lines.push(`  ${i.flagNote}`);
    if (withOwner && i.owner) lines.push(`  Worker: ${i.owner}`);
    lines.push(`  ${i.link}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** "2 overdue, 1 due today, 3 due soon". */
export function countsPhrase(items: ItemView[]): string {
  const n = (u: Urgency) => items.filter((i) => i.urgency === u).length;
  const parts = [
    n('overdue') && `${n('overdue')} overdue`,
    n('due-today') && `${n('due-today')} due today`,
    n('due-soon') && `${n('due-soon')} due soon`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing urgent';
}
