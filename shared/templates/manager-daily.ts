/**
 * The next-morning email to a team manager about what nobody else will be told: cases whose obligations have no
 * reachable worker (none allocated, worker inactive or without an address) and records that could not be read.
 */
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { type SafeHtml, html, page, safeHref } from './html.js';
import { type ItemView, countsPhrase, itemsTable, itemsText } from './reminder-items.js';
import { type StaleDataView, staleDataNotice } from './stale-data.js';
import type { RenderedEmail } from './worker-reminder.js';

export interface DataQualityView {
  recordId: string | null;
  link?: string;
  problem: string;
  detail: string;
}

export interface ManagerDailyView {
  teamName: string;
  asOf: Day;
  unallocated: ItemView[];
  dataQuality: DataQualityView[];
  serviceName: string;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
}

const cell = 'padding:8px 6px;border-bottom:1px solid #b1b4b6;vertical-align:top;text-align:left';

/** Records that could not be read: shared by the manager's daily email and the weekly digest. */
export function dataQualityTable(items: DataQualityView[]): SafeHtml {
  return html`<table style="width:100%;border-collapse:collapse;margin:0 0 24px 0">
<caption style="position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">Records that could not be read</caption>
<thead><tr><th scope="col" style="${cell}">Record</th><th scope="col" style="${cell}">Problem</th></tr></thead>
<tbody>${items.map((d) => html`<tr><td style="${cell}">${d.link ? html`<a href="${safeHref(d.link)}" style="color:#1d70b8;font-weight:bold">${d.recordId ?? 'unknown'}</a>` : (d.recordId ?? 'no id')}</td><td style="${cell}">${d.problem}: ${d.detail}</td></tr>`)}</tbody>
</table>`;
}

export function dataQualityText(items: DataQualityView[]): string {
  if (items.length === 0) return '';
  return `RECORDS THAT COULD NOT BE READ (${items.length})\n\n${items.map((d) => `- ${d.recordId ?? 'no id'}: ${d.problem}: ${d.detail}${d.link ? `\n  ${d.link}` : ''}`).join('\n')}\n\n`;
}

export function renderManagerDaily(view: ManagerDailyView): RenderedEmail {
  const parts = [
    view.unallocated.length &&
      `${view.unallocated.length} with no reachable worker (${countsPhrase(view.unallocated)})`,
    view.dataQuality.length &&
      `${view.dataQuality.length} record${view.dataQuality.length === 1 ? '' : 's'} could not be read`,
  ].filter(Boolean);
  const subject = `${view.teamName}: ${parts.join('; ')} — ${humanDayWithWeekday(view.asOf)}`;
  const stale = staleDataNotice(view.staleData);
  const body = html`${stale.html}
<h1 style="font-size:24px;margin:0 0 8px 0">Needs a manager: ${view.teamName}</h1>
<p style="margin:0 0 16px 0">These are not reaching a worker, so nobody else is being reminded about them.</p>
${view.unallocated.length ? html`<h2 style="font-size:20px;margin:24px 0 8px 0">No reachable worker (${view.unallocated.length})</h2>${itemsTable('Obligations with no reachable worker', view.unallocated, true)}` : ''}
${
  view.dataQuality.length
    ? html`<h2 style="font-size:20px;margin:24px 0 8px 0">Records that could not be read (${view.dataQuality.length})</h2>
<p>No deadlines can be worked out for these until the record is corrected in the case system.</p>
${dataQualityTable(view.dataQuality)}`
    : ''
}
<p style="color:#505a5f;font-size:14px;margin-top:32px">${view.serviceName}.</p>`;
  const text =
    stale.text +
    `Needs a manager: ${view.teamName} — ${humanDayWithWeekday(view.asOf)}\n\n` +
    itemsText('No reachable worker', view.unallocated, true) +
    dataQualityText(view.dataQuality) +
    `${view.serviceName}.\n`;
  return { subject, html: page(subject, body), text };
}
