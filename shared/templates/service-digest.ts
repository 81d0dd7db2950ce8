/**
 * The head of service's weekly digest, in the order a head of service reads it: one table of every team against
 * every measure (this week's figure with the change since last week, the lowest figure marked in words as well as
 * colour), then the 903 forecast (projected figures, children still to do per measure and team), then what needs a
 * manager's attention, then each team's detail. Each section is its own function so that sections can be added or
 * changed without touching the others. Outlook-safe (a 600 px table, no max-width, margin:auto or position) and
 * readable with colour off (the lowest cell says "lowest").
 */
import { humanDay } from '../domain/calendar/local-date.js';
import { type Figure, type Figures, MEASURES, type MeasureId, directionOf } from '../domain/digest-figures.js';
import { FORECAST_MEASURES } from '../domain/returns/forecast-903.js';
import { countOf } from '../domain/wording.js';
import type { Block } from './document.js';
import { forecastBlocks } from './forecast-903-section.js';
import { html } from './html.js';
import { COLOUR, FONT, STYLE } from './style.js';
import type { ServiceDigestView, ServiceTeamRow } from './digests.js';

/** Column headings of the service table: short enough for 11 columns in 600 px; the caption names them in full. */
export const SHORT_LABELS: Record<MeasureId, string> = {
  visits: 'Visits',
  reviews: 'Reviews',
  returnInterviews: 'Return inter­views',
  healthAssessments: 'Health assess­ments',
  dentalChecks: 'Dental checks',
  sdqs: 'SDQs',
  peps: 'PEPs',
  pathwayPlans: 'Pathway plans',
  personalAdvisers: 'PAs allocated',
  leaverContact: 'Leaver contact',
  supervision: 'Super­vision',
};

const ONE = (f: Figure | undefined) => (f && f.percent !== null ? `${f.percent.toFixed(1)}%` : '–');

/** The change since last week in points, signed: "+2.5", "−1.0", "0.0", or "new" with no figure last week. */
export function changeInPoints(now: Figure, lastWeek: Figure | undefined): string {
  const d = directionOf(now, lastWeek);
  if (d === 'new') return now.percent === null ? '' : 'new';
  const points = Math.abs(now.percent! - lastWeek!.percent!).toFixed(1);
  return d === 'up' ? `+${points}` : d === 'down' ? `−${points}` : '0.0';
}

/** All teams together: the sum of each measure's cases (a service figure, not an average of teams). */
export function serviceTotal(rows: readonly { figures: Figures }[], pick: (r: ServiceTeamRow) => Figures | undefined) {
  const out = {} as Figures;
  let any = false;
  for (const m of MEASURES) {
    let applicable = 0;
    let inTime = 0;
    for (const r of rows) {
      const f = pick(r as ServiceTeamRow)?.[m.id];
      if (!f) continue;
      any = true;
      applicable += f.applicable;
      inTime += f.inTime;
    }
    out[m.id] = { applicable, inTime, percent: applicable ? Math.round((inTime / applicable) * 1000) / 10 : null };
  }
  return any ? out : undefined;
}

/** The lowest figure of any team this week (ties: the larger fall since last week, then the first team). */
export function lowestCell(teams: readonly ServiceTeamRow[]): { team: number; measure: MeasureId } | undefined {
  let best: { team: number; measure: MeasureId; percent: number; fall: number } | undefined;
  teams.forEach((t, i) => {
    for (const m of MEASURES) {
      const f = t.figures[m.id];
      if (f.percent === null) continue;
      const last = t.lastWeek?.[m.id]?.percent;
      const fall = last === null || last === undefined ? 0 : last - f.percent;
      if (!best || f.percent < best.percent || (f.percent === best.percent && fall > best.fall))
        best = { team: i, measure: m.id, percent: f.percent, fall };
    }
  });
  return best && { team: best.team, measure: best.measure };
}

const cellStyle = `padding:4px 2px;border-bottom:1px solid ${COLOUR.border};vertical-align:top;text-align:right;font-family:${FONT};font-size:12px;line-height:1.3`;
const rowHeadStyle = `${cellStyle};text-align:left;font-weight:bold`;
const lowestStyle = `${cellStyle};background:#942514;color:#ffffff;font-weight:bold`;
const headStyle = `${cellStyle};font-weight:bold;vertical-align:bottom`;

/** The one table a head of service reads first: teams down the side, measures across. */
export function serviceFiguresBlocks(view: ServiceDigestView): Block[] {
  const lowest = lowestCell(view.teams);
  const total = serviceTotal(view.teams, (r) => r.figures);
  const totalLast = serviceTotal(view.teams, (r) => r.lastWeek);
  const rows: { name: string; figures: Figures; lastWeek: Figures | undefined; team?: number }[] = [
    ...view.teams.map((t, i) => ({ name: t.name, figures: t.figures, lastWeek: t.lastWeek, team: i })),
    ...(total ? [{ name: 'All teams', figures: total, lastWeek: totalLast }] : []),
  ];
  const isLowest = (team: number | undefined, m: MeasureId) =>
    lowest !== undefined && team === lowest.team && m === lowest.measure;
  const named = MEASURES.flatMap((m) => {
    const short = SHORT_LABELS[m.id].replace(/\u00ad/g, '');
    return short === m.label ? [] : [`${short}: ${m.label}`];
  });
  const caption = `Cases in time this week by team, with the change in points since last week (${named.join('; ')})`;
  const markup = html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.table}">
<caption style="${STYLE.caption};font-size:14px;font-weight:normal">${caption}</caption>
<thead><tr><th scope="col" style="${headStyle};text-align:left">Team</th>${MEASURES.map((m) => html`<th scope="col" style="${headStyle}">${SHORT_LABELS[m.id]}</th>`)}</tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row" style="${rowHeadStyle}">${r.name}</th>${MEASURES.map((m) => {
        const f = r.figures[m.id];
        const change = changeInPoints(f, r.lastWeek?.[m.id]);
        const low = isLowest(r.team, m.id);
        return html`<td style="${low ? lowestStyle : cellStyle}">${ONE(f)}${change ? html`<br>${change}` : ''}${f.declined ? html`<br>${f.declined} declined` : ''}${low ? html`<br>lowest` : ''}</td>`;
      })}</tr>`,
  )}</tbody>
</table>`;
  const text = [
    caption,
    '',
    ...rows.map(
      (r) =>
        `- ${r.name}: ${MEASURES.map((m) => {
          const f = r.figures[m.id];
          const change = changeInPoints(f, r.lastWeek?.[m.id]);
          return `${SHORT_LABELS[m.id].replace(/\u00ad/g, '')} ${ONE(f)}${change ? ` ${change}` : ''}${f.declined ? ` (${f.declined} declined)` : ''}${isLowest(r.team, m.id) ? ' lowest' : ''}`;
        }).join('; ')}`,
    ),
  ].join('\n');
  const blocks: Block[] = [];
  if (lowest) {
    const t = view.teams[lowest.team]!;
    const m = MEASURES.find((x) => x.id === lowest.measure)!;
    const f = t.figures[m.id];
    const change = changeInPoints(f, t.lastWeek?.[m.id]);
    blocks.push({
      kind: 'p',
      tone: 'panel',
      parts: [
        `Lowest this week: ${t.name}, ${m.label}, ${ONE(f)} (${f.inTime} of ${countOf(f.applicable, 'case')} in time${change === '0.0' ? ', no change since last week' : change && change !== 'new' ? `, ${change} points since last week` : ''}).`,
      ],
    });
  }
  blocks.push({ kind: 'raw', html: markup, text });
  return blocks;
}

/** The 903 forecast: the projected figures, then the children still to do per measure and team. */
export function serviceForecastBlocks(view: ServiceDigestView): Block[] {
  const f = view.forecast;
  if (!f) return [];
  const teams = view.teams.filter((t) => t.toDo903 !== undefined);
  return [
    ...forecastBlocks(f),
    ...(teams.length
      ? [
          {
            kind: 'table' as const,
            caption: `Children still to do by ${humanDay(f.year.end)}, per team (each team's digest names them)`,
            head: ['Team', ...FORECAST_MEASURES.map((m) => m.label)],
            rows: teams.map((t) => [t.name, ...FORECAST_MEASURES.map((m) => String(t.toDo903![m.id]))]),
            widths: [34, 22, 22, 22],
          },
        ]
      : []),
  ];
}

/** What needs a manager, per team: overdue items, cases reaching no worker, records that could not be read. */
export function serviceNeedsBlocks(view: ServiceDigestView): Block[] {
  return [
    { kind: 'h2', text: 'Needs a manager' },
    {
      kind: 'table',
      caption: 'Overdue items and cases needing a manager, per team',
      head: ['Team', 'Overdue items', 'Cases reaching no worker', 'Records that could not be read'],
      rows: view.teams.map((t) => [
        t.name,
        String(t.overdueItems),
        String(t.unreachableCases),
        String(t.unreadableRecords),
      ]),
      widths: [34, 22, 22, 22],
    },
  ];
}

/** Each team's figures with their case counts and last week's figure, compactly: one line per measure. */
export function serviceTeamDetailBlocks(view: ServiceDigestView): Block[] {
  const blocks: Block[] = [{ kind: 'h2', text: 'Team detail' }];
  for (const t of view.teams) {
    const lines = MEASURES.filter((m) => t.figures[m.id].applicable > 0 || t.lastWeek?.[m.id]?.applicable).map((m) => {
      const f = t.figures[m.id];
      return `${m.label}: ${f.inTime} of ${countOf(f.applicable, 'case')} (${ONE(f)}; last week ${ONE(t.lastWeek?.[m.id])})${f.declined ? ` · ${f.declined} declined` : ''}`;
    });
    const markup = html`<p style="${STYLE.p};font-size:14px"><strong>${t.name}</strong>${lines.map((l) => html`<br>${l}`)}</p>`;
    blocks.push({ kind: 'raw', html: markup, text: [t.name, ...lines.map((l) => `- ${l}`)].join('\n') });
  }
  return blocks;
}
