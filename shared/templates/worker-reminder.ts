/** The daily email to a social worker or personal adviser. */
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { html } from './html.js';
import { type StaleDataView, staleDataNotice } from './stale-data.js';
import { page } from './html.js';
import { type ItemView, SECTION_TITLES, countsPhrase, itemsTable, itemsText } from './reminder-items.js';

export interface WorkerReminderView {
  workerName: string;
  asOf: Day;
  /** Overdue, due today and due soon. */
  items: ItemView[];
  comingUp: ItemView[];
  comingUpDays: number;
  serviceName: string;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderWorkerReminder(view: WorkerReminderView): RenderedEmail {
  const subject = `${countsPhrase(view.items)}: statutory deadlines for ${humanDayWithWeekday(view.asOf)}`;
  const sections = (['overdue', 'due-today', 'due-soon'] as const)
    .map((u) => [u, view.items.filter((i) => i.urgency === u)] as const)
    .filter(([, items]) => items.length > 0);
  const comingUpTitle = `Coming up in the next ${Math.round(view.comingUpDays / 7)} weeks`;
  const stale = staleDataNotice(view.staleData);
  const body = html`${stale.html}
<h1 style="font-size:24px;margin:0 0 8px 0">Your statutory deadlines</h1>
<p style="margin:0 0 16px 0">Hello ${view.workerName}. ${countsPhrase(view.items)} on ${humanDayWithWeekday(view.asOf)}. Each case links to your case system.</p>
${sections.map(
  ([u, items]) => html`<h2 style="font-size:20px;margin:24px 0 8px 0">${SECTION_TITLES[u]} (${items.length})</h2>
${itemsTable(SECTION_TITLES[u], items)}`,
)}
${view.comingUp.length ? html`<h2 style="font-size:20px;margin:24px 0 8px 0">${comingUpTitle} (${view.comingUp.length})</h2>${itemsTable(comingUpTitle, view.comingUp)}` : ''}
<p style="color:#505a5f;font-size:14px;margin-top:32px">${view.serviceName}. Sent once a working day when something needs your attention. Dates are worked out from what is recorded in the case system: if a date looks wrong, the record needs updating there.</p>`;
  const text =
    stale.text +
    `Your statutory deadlines — ${humanDayWithWeekday(view.asOf)}\n\nHello ${view.workerName}. ${countsPhrase(view.items)}.\n\n` +
    sections.map(([u, items]) => itemsText(SECTION_TITLES[u], items)).join('') +
    itemsText(comingUpTitle, view.comingUp) +
    `${view.serviceName}. Sent once a working day when something needs your attention.\n`;
  return { subject, html: page(subject, body), text };
}
