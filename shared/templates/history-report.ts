/**
 * The compliance history as one self-contained HTML page for a performance meeting: a hand-drawn SVG line chart
 * per measure (the share of cases not overdue, all teams and each team), the overdue items over time, the 903
 * forecast when there is one, and the table of items that became overdue in the period. No script, no external
 * file, no font download: it opens offline and prints on A4 (one chart per block, never split across pages).
 * Case references only: no names, no dates of birth.
 */
import { type Day, formatDay, humanDay } from '../domain/calendar/local-date.js';
import { MEASURES } from '../domain/digest-figures.js';
import type { Forecast903 } from '../domain/returns/forecast-903.js';
import type { BecameOverdue, HistoryLine } from '../domain/history/replay.js';
import type { ReasonSources } from '../domain/history/ssd-timeline.js';
import { type ToDoChild, renderForecastSection } from './forecast-903-section.js';
import { SafeHtml, escapeHtml, html } from './html.js';

export interface HistoryReportView {
  title: string;
  start: Day;
  end: Day;
  dates: readonly Day[];
  lines: readonly HistoryLine[];
  becameOverdue: readonly BecameOverdue[];
  forecast?: Forecast903;
  /** Team names by id (the directory); a team without one is shown by its id. */
  teamNames?: ReadonlyMap<string, string>;
  /** The children still to do for the 903, by case reference. */
  toDo?: readonly ToDoChild[];
  /** How the 903 episode reasons (RNE, REC) were found: read from the extract's columns or inferred. */
  reasons?: ReasonSources;
}

/** Distinguishable in print as well as on screen: colour and dash pattern together (never colour alone). */
const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#28a197', '#912b88'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

interface Series {
  name: string;
  values: (number | null)[];
  strong?: boolean;
}

const W = 720;
const H = 240;
const M = { left: 48, right: 12, top: 12, bottom: 36 };

function chart(title: string, dates: readonly Day[], series: Series[], yMax: number, unit: string, yMin = 0): SafeHtml {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = (i: number) => M.left + (dates.length > 1 ? (i / (dates.length - 1)) * iw : iw / 2);
  const y = (v: number) => M.top + ih - (yMax > yMin ? ((v - yMin) / (yMax - yMin)) * ih : 0);
  const parts: string[] = [];
  if (yMin > 0)
    // A broken-axis mark at the foot of the y-axis: the scale does not start at zero.
    parts.push(`<path d="M${M.left - 5} ${M.top + ih + 2}l5 -4l5 4" fill="none" stroke="#0b0c0c" stroke-width="1.2"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = yMin + ((yMax - yMin) * k) / 4;
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#b1b4b6" stroke-width="0.5"/>`,
      `<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${Number.isInteger(v) ? v : v.toFixed(1)}${unit}</text>`,
    );
  }
  const ticks = Math.min(dates.length, 6);
  for (let k = 0; k < ticks; k++) {
    const i = ticks > 1 ? Math.round((k * (dates.length - 1)) / (ticks - 1)) : 0;
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${escapeHtml(formatDay(dates[i]!))}</text>`,
    );
  }
  series.forEach((s, n) => {
    const colour = s.strong ? '#0b0c0c' : PALETTE[n % PALETTE.length]!;
    const dash = s.strong ? '' : DASHES[Math.floor(n / PALETTE.length) % DASHES.length]!;
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d)
      parts.push(
        `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${s.strong ? 2.5 : 1.2}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      );
  });
  const legend = series.map((s, n) => {
    const colour = s.strong ? '#0b0c0c' : PALETTE[n % PALETTE.length]!;
    const dash = s.strong ? '' : DASHES[Math.floor(n / PALETTE.length) % DASHES.length]!;
    const last = [...s.values].reverse().find((v) => v !== null);
    return html`<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="${colour}" stroke-width="${s.strong ? 2.5 : 1.5}" stroke-dasharray="${dash}"/></svg> ${s.name}: ${last === undefined || last === null ? '–' : `${last.toFixed(unit === '%' ? 1 : 0)}${unit}`}</li>`;
  });
  const svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
  const note =
    yMin > 0
      ? html`<p class="note">The vertical axis starts at ${yMin}${unit}, not at 0, so that differences of a few points show.</p>`
      : '';
  return html`<section class="chart"><h2>${title}</h2>${note}${new SafeHtml(svg)}<ul class="legend">${legend}</ul></section>`;
}

/** Where a percentage axis starts: 0, or the multiple of 5 below the lowest value when that is 20 % or more. */
export function axisStart(series: readonly Series[]): number {
  let min = 100;
  for (const s of series) for (const v of s.values) if (v !== null && v < min) min = v;
  const start = Math.floor(min / 5) * 5;
  return start >= 20 ? Math.min(start, 95) : 0;
}

function percentSeries(
  lines: readonly HistoryLine[],
  dates: readonly Day[],
  obligation: string,
  nameOf: (teamId: string) => string,
): Series[] {
  const index = new Map(dates.map((d, i) => [formatDay(d), i]));
  const all = dates.map(() => ({ on: 0, app: 0 }));
  const teams = new Map<string, { on: number; app: number }[]>();
  for (const l of lines) {
    const i = index.get(l.date);
    const m = l.measures[obligation];
    if (i === undefined || !m) continue;
    all[i]!.on += m.onTime;
    all[i]!.app += m.applicable;
    let t = teams.get(l.teamId);
    if (!t) {
      t = dates.map(() => ({ on: 0, app: 0 }));
      teams.set(l.teamId, t);
    }
    t[i]!.on += m.onTime;
    t[i]!.app += m.applicable;
  }
  const pct = (c: { on: number; app: number }) => (c.app ? (c.on / c.app) * 100 : null);
  return [
    { name: 'All teams', values: all.map(pct), strong: true },
    ...[...teams.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, cs]) => ({ name: nameOf(id), values: cs.map(pct) })),
  ];
}

function overdueSeries(
  lines: readonly HistoryLine[],
  dates: readonly Day[],
  nameOf: (teamId: string) => string,
): Series[] {
  const index = new Map(dates.map((d, i) => [formatDay(d), i]));
  const all: number[] = dates.map(() => 0);
  const teams = new Map<string, number[]>();
  for (const l of lines) {
    const i = index.get(l.date);
    if (i === undefined) continue;
    all[i]! += l.overdueItems;
    let t = teams.get(l.teamId);
    if (!t) {
      t = dates.map(() => 0);
      teams.set(l.teamId, t);
    }
    t[i]! += l.overdueItems;
  }
  return [
    { name: 'All teams', values: all, strong: true },
    ...[...teams.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, values]) => ({ name: nameOf(id), values })),
  ];
}

function niceMax(v: number): number {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v && ((m * p) / 4) % 1 === 0) return m * p;
  return Math.ceil(v / 4) * 4;
}

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:24px auto;max-width:780px;padding:0 16px;line-height:1.4}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:24px 0 6px}
.chart{break-inside:avoid;page-break-inside:avoid}.legend{list-style:none;padding:0;margin:4px 0 0;columns:3;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:5px 6px;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #0b0c0c}.note{color:#505a5f;font-size:14px}
@media print{body{margin:0;max-width:none}a{color:inherit}.legend{columns:4}}`;

export function renderHistoryReport(view: HistoryReportView): string {
  const nameOf = (id: string) => view.teamNames?.get(id) ?? id;
  const measures = MEASURES.filter((m) => view.lines.some((l) => (l.measures[m.obligation]?.applicable ?? 0) > 0));
  const overdue = overdueSeries(view.lines, view.dates, nameOf);
  const maxOverdue = Math.max(0, ...overdue[0]!.values.map((v) => v ?? 0));
  const forecast = view.forecast ? renderForecastSection(view.forecast).html : '';
  const items = view.becameOverdue;
  const reasons = view.reasons;
  const reasonNote =
    reasons && reasons.read + reasons.inferred > 0
      ? html`<p class="note">903 episode reasons (RNE, REC): ${reasons.read} read from the extract's clae_cla_episode_start_reason and clae_cla_episode_ceased_reason, ${reasons.inferred} inferred from the episode dates where those are empty or absent.</p>`
      : '';
  const toDo = view.toDo;
  const toDoSection =
    view.forecast && toDo
      ? html`<section><h2>Children still to do for the 903</h2>
<p class="note">${toDo.length} children in the OC2 cohort with a measure not yet met; anything recorded up to ${humanDay(view.forecast.year.end)} still counts.</p>
<table><thead><tr><th scope="col">Case reference</th><th scope="col">Still to do</th><th scope="col">Latest date that counts</th></tr></thead>
<tbody>${toDo.map((c) => html`<tr><td>${c.caseLabel}</td><td>${c.measures.join('; ')}</td><td>${formatDay(c.latestBy)}</td></tr>`)}</tbody></table></section>`
      : '';
  const body = html`<h1>${view.title}</h1>
<p>${humanDay(view.start)} to ${humanDay(view.end)}, ${view.dates.length} dates. Each chart shows the share of cases to which the duty applies that were not overdue on each date.</p>
${measures.map((m) => {
  const series = percentSeries(view.lines, view.dates, m.obligation, nameOf);
  return chart(m.label, view.dates, series, 100, '%', axisStart(series));
})}
${chart('Overdue items', view.dates, overdue, niceMax(maxOverdue), '')}
${forecast}
${reasonNote}
${toDoSection}
<section><h2>Items that became overdue in the period</h2>
<p class="note">${items.length} items; case reference, duty and due date only. “Still overdue” is as of ${humanDay(view.end)}.</p>
<table><thead><tr><th scope="col">Case reference</th><th scope="col">Duty</th><th scope="col">Due date</th><th scope="col">Still overdue</th></tr></thead>
<tbody>${items.map((i) => html`<tr><td>${i.recordId}</td><td>${i.obligation}</td><td>${formatDay(i.due)}</td><td>${i.stillOverdue ? 'yes' : 'no'}</td></tr>`)}</tbody></table></section>`;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)}</title><style>${STYLE}</style></head>
<body>${body.value}</body></html>
`;
}
