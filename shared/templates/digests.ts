/** The weekly digest for a team manager, and the service-wide digest for heads of service. */
import { type Day, humanDay } from '../domain/calendar/local-date.js';
import { type Direction, type Figure, type Figures, MEASURES, directionOf } from '../domain/digest-figures.js';
import { type SafeHtml, html, page } from './html.js';
import { type DataQualityView, dataQualityTable, dataQualityText } from './manager-daily.js';
import { type ItemView, itemsTable, itemsText } from './reminder-items.js';
import type { RenderedEmail } from './worker-reminder.js';

const cell = 'padding:8px 6px;border-bottom:1px solid #b1b4b6;vertical-align:top;text-align:left';
const h2 = (text: string) => html`<h2 style="font-size:20px;margin:24px 0 8px 0">${text}</h2>`;

const percent = (f: Figure | undefined) => (f && f.percent !== null ? `${f.percent.toFixed(1)}%` : '–');
const counts = (f: Figure) => (f.applicable ? `${f.inTime} of ${f.applicable}` : 'none applicable');

export function changeInWords(now: Figure, lastWeek: Figure | undefined): string {
  const d: Direction = directionOf(now, lastWeek);
  if (d === 'new') return 'no figure last week';
  if (d === 'same') return 'no change';
  const points = Math.abs(now.percent! - lastWeek!.percent!).toFixed(1);
  return d === 'up' ? `▲ up ${points} points` : `▼ down ${points} points`;
}

export interface WorkerOverdue {
  worker: string;
  items: ItemView[];
}

export interface TeamDigestView {
  teamName: string;
  weekStarting: Day;
  asOf: Day;
  figures: Figures;
  lastWeek: Figures | undefined;
  overdueByWorker: WorkerOverdue[];
  dueSoonByWorker: { worker: string; count: number }[];
  dueSoonDays: number;
  unallocated: ItemView[];
  dataQuality: DataQualityView[];
  serviceName: string;
}

function figuresTable(figures: Figures, lastWeek: Figures | undefined): SafeHtml {
  return html`<table style="width:100%;border-collapse:collapse;margin:0 0 24px 0">
<caption style="text-align:left;font-weight:bold;padding:4px 0">Compliance today, with last week</caption>
<thead><tr><th scope="col" style="${cell}">Measure</th><th scope="col" style="${cell}">Today</th><th scope="col" style="${cell}">Last week</th><th scope="col" style="${cell}">Change</th></tr></thead>
<tbody>${MEASURES.map((m) => html`<tr><th scope="row" style="${cell}">${m.label}</th><td style="${cell}"><strong>${percent(figures[m.id])}</strong><br><span style="font-size:14px">${counts(figures[m.id])}</span></td><td style="${cell}">${percent(lastWeek?.[m.id])}</td><td style="${cell}">${changeInWords(figures[m.id], lastWeek?.[m.id])}</td></tr>`)}</tbody>
</table>`;
}

function figuresText(figures: Figures, lastWeek: Figures | undefined): string {
  return (
    'COMPLIANCE TODAY (last week in brackets)\n\n' +
    MEASURES.map(
      (m) =>
        `- ${m.label}: ${percent(figures[m.id])} (${percent(lastWeek?.[m.id])}), ${counts(figures[m.id])}; ${changeInWords(figures[m.id], lastWeek?.[m.id])}`,
    ).join('\n') +
    '\n\n'
  );
}

export function renderTeamDigest(view: TeamDigestView): RenderedEmail {
  const overdueCount = view.overdueByWorker.reduce((n, w) => n + w.items.length, 0);
  const subject = `${view.teamName}: weekly statutory compliance, ${overdueCount} overdue — week of ${humanDay(view.weekStarting)}`;
  const body = html`
<h1 style="font-size:24px;margin:0 0 8px 0">${view.teamName}: weekly digest</h1>
<p style="margin:0 0 16px 0">Week of ${humanDay(view.weekStarting)}. Figures are the share of children and care leavers not overdue on ${humanDay(view.asOf)}.</p>
${figuresTable(view.figures, view.lastWeek)}
${h2(`Overdue (${overdueCount})`)}
${overdueCount === 0 ? html`<p>Nothing is overdue.</p>` : view.overdueByWorker.map((w) => html`<h3 style="font-size:18px;margin:16px 0 4px 0">${w.worker} (${w.items.length})</h3>${itemsTable(`Overdue for ${w.worker}`, w.items)}`)}
${h2(`Due in the next ${view.dueSoonDays} days`)}
${view.dueSoonByWorker.length === 0 ? html`<p>Nothing.</p>` : html`<table style="width:100%;border-collapse:collapse;margin:0 0 24px 0"><caption style="position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">Items due soon, per worker</caption><thead><tr><th scope="col" style="${cell}">Worker</th><th scope="col" style="${cell}">Items</th></tr></thead><tbody>${view.dueSoonByWorker.map((w) => html`<tr><th scope="row" style="${cell}">${w.worker}</th><td style="${cell}">${w.count}</td></tr>`)}</tbody></table>`}
${h2(`No reachable worker (${view.unallocated.length})`)}
${view.unallocated.length ? itemsTable('Obligations with no reachable worker', view.unallocated, true) : html`<p>Every case with something due has a reachable worker.</p>`}
${h2(`Records that could not be read (${view.dataQuality.length})`)}
${view.dataQuality.length ? dataQualityTable(view.dataQuality) : html`<p>None.</p>`}
<p style="color:#505a5f;font-size:14px;margin-top:32px">${view.serviceName}. Sent weekly at the team's digest time.</p>`;
  const text =
    `${view.teamName}: weekly digest — week of ${humanDay(view.weekStarting)}\n\n` +
    figuresText(view.figures, view.lastWeek) +
    (overdueCount
      ? view.overdueByWorker.map((w) => itemsText(`Overdue for ${w.worker}`, w.items)).join('')
      : 'OVERDUE\n\nNothing is overdue.\n\n') +
    `DUE IN THE NEXT ${view.dueSoonDays} DAYS\n\n${view.dueSoonByWorker.map((w) => `- ${w.worker}: ${w.count}`).join('\n') || 'Nothing.'}\n\n` +
    itemsText('No reachable worker', view.unallocated, true) +
    dataQualityText(view.dataQuality) +
    `${view.serviceName}.\n`;
  return { subject, html: page(subject, body), text };
}

export interface ServiceDigestView {
  weekStarting: Day;
  asOf: Day;
  teams: {
    name: string;
    figures: Figures;
    lastWeek: Figures | undefined;
    overdue: number;
    unreachable: number;
    unreadable: number;
  }[];
  serviceName: string;
}

export function renderServiceDigest(view: ServiceDigestView): RenderedEmail {
  const subject = `Statutory compliance by team — week of ${humanDay(view.weekStarting)}`;
  const body = html`
<h1 style="font-size:24px;margin:0 0 8px 0">Statutory compliance by team</h1>
<p>Week of ${humanDay(view.weekStarting)}; share not overdue on ${humanDay(view.asOf)}, last week in brackets.</p>
<div style="overflow-x:auto"><table style="border-collapse:collapse;margin:0 0 24px 0">
<caption style="text-align:left;font-weight:bold;padding:4px 0">Compliance by team</caption>
<thead><tr><th scope="col" style="${cell}">Measure</th>${view.teams.map((t) => html`<th scope="col" style="${cell}">${t.name}</th>`)}</tr></thead>
<tbody>
${MEASURES.map((m) => html`<tr><th scope="row" style="${cell}">${m.label}</th>${view.teams.map((t) => html`<td style="${cell}">${percent(t.figures[m.id])} <span style="font-size:14px">(${percent(t.lastWeek?.[m.id])})</span></td>`)}</tr>`)}
<tr><th scope="row" style="${cell}">Overdue items</th>${view.teams.map((t) => html`<td style="${cell}">${t.overdue}</td>`)}</tr>
<tr><th scope="row" style="${cell}">Cases with no reachable worker</th>${view.teams.map((t) => html`<td style="${cell}">${t.unreachable}</td>`)}</tr>
<tr><th scope="row" style="${cell}">Records that could not be read</th>${view.teams.map((t) => html`<td style="${cell}">${t.unreadable}</td>`)}</tr>
</tbody></table></div>
<p style="color:#505a5f;font-size:14px;margin-top:32px">${view.serviceName}.</p>`;
  const text =
    `Statutory compliance by team — week of ${humanDay(view.weekStarting)}\n\n` +
    view.teams
      .map(
        (t) =>
          `${t.name}\n` +
          MEASURES.map((m) => `- ${m.label}: ${percent(t.figures[m.id])} (${percent(t.lastWeek?.[m.id])})`).join('\n') +
          `\n- Overdue items: ${t.overdue}; no reachable worker: ${t.unreachable}; unreadable records: ${t.unreadable}\n`,
      )
      .join('\n') +
    `\n${view.serviceName}.\n`;
  return { subject, html: page(subject, body), text };
}
