/**
 * The 903 forecast as a section of the head of service's weekly digest: the projected OC2 percentages if nothing
 * more is recorded before 31 March, and how many children are still to do. Counts only: no case is named, so the
 * section is as safe to forward as the rest of the service digest (`forecastBlocks`) and the history report
 * (`renderForecastSection`).
 */
import { type Day, humanDay, toCivil } from '../domain/calendar/local-date.js';
import {
  type ChildForecast,
  FORECAST_MEASURES,
  type Forecast903,
  type MeasureTotal,
} from '../domain/returns/forecast-903.js';
import type { Block } from './document.js';
import { type SafeHtml, html } from './html.js';

const cell = 'padding:8px 6px;border-bottom:1px solid #b1b4b6;vertical-align:top;text-align:left';
const percent = (t: MeasureTotal) => (t.projectedPercent === null ? '–' : `${t.projectedPercent.toFixed(1)}%`);

const titleOf = (f: Forecast903) => `SSDA903 forecast for the year ending ${humanDay(f.year.end)}`;
const introOf = (f: Forecast903) =>
  `${f.cohort.length} children looked after continuously for 12 months (OC2). Projected figures if nothing more is recorded before ${humanDay(f.year.end)}.`;

/** The section as email blocks, for the head of service's weekly digest. */
export function forecastBlocks(f: Forecast903): Block[] {
  return [
    { kind: 'h2', text: titleOf(f) },
    { kind: 'p', parts: [introOf(f)] },
    {
      kind: 'table',
      caption: 'OC2 health measures',
      head: ['Measure', 'Projected', 'Met', 'Still to do'],
      rows: FORECAST_MEASURES.map((m) => {
        const t = f.totals[m.id];
        return [m.label, percent(t), `${t.met} of ${t.applicable}`, String(t.toDo)];
      }),
      widths: [40, 20, 20, 20],
    },
  ];
}

/** The section as HTML and text, for the offline history report. */
export function renderForecastSection(f: Forecast903): { html: SafeHtml; text: string } {
  const title = titleOf(f);
  const intro = introOf(f);
  const body = html`
<h2 style="font-size:20px;margin:24px 0 8px 0">${title}</h2>
<p>${intro}</p>
<table style="border-collapse:collapse;margin:0 0 24px 0">
<caption style="text-align:left;font-weight:bold;padding:4px 0">OC2 health measures</caption>
<thead><tr><th scope="col" style="${cell}">Measure</th><th scope="col" style="${cell}">Projected</th><th scope="col" style="${cell}">Met</th><th scope="col" style="${cell}">Still to do</th></tr></thead>
<tbody>
${FORECAST_MEASURES.map((m) => {
  const t = f.totals[m.id];
  return html`<tr><th scope="row" style="${cell}">${m.label}</th><td style="${cell}">${percent(t)}</td><td style="${cell}">${t.met} of ${t.applicable}</td><td style="${cell}">${t.toDo}</td></tr>`;
})}
</tbody></table>`;
  const text =
    `${title}\n${intro}\n` +
    FORECAST_MEASURES.map((m) => {
      const t = f.totals[m.id];
      return `- ${m.label}: ${percent(t)} projected (${t.met} of ${t.applicable}); still to do: ${t.toDo}`;
    }).join('\n') +
    '\n';
  return { html: body, text };
}

/** One child still to do for the 903: the case, what is missing and the latest date that still counts. */
export interface ToDoChild {
  caseLabel: string;
  /** A link to the case in the case system (emails); absent in the offline report. */
  link?: string;
  /** Each measure not yet met, in words ("Teeth checked by a dentist", "Health assessment up to date (2 more)"). */
  measures: string[];
  latestBy: Day;
}

/** The children of a forecast still to do, case by case (`label` gives the case reference to show). */
export function childrenToDo(
  cohort: readonly ChildForecast[],
  label: (c: ChildForecast) => { caseLabel: string; link?: string },
): ToDoChild[] {
  const out: ToDoChild[] = [];
  for (const c of cohort) {
    const measures: string[] = [];
    let latestBy: Day | undefined;
    for (const m of FORECAST_MEASURES) {
      const f = c.measures[m.id];
      if (!f.applicable || f.met) continue;
      measures.push(f.needed > 1 ? `${m.label} (${f.needed} more)` : m.label);
      latestBy = f.latestBy;
    }
    if (latestBy !== undefined) out.push({ ...label(c), measures, latestBy });
  }
  return out.sort((a, b) => a.caseLabel.localeCompare(b.caseLabel));
}

export const TO_DO_TITLE = 'SSDA903: children still to do';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/**
 * "31 March 2027": the year end in full in the list that names children, so that it never reads as a child's date
 * of birth ("31 Mar 2027") beside a case reference.
 */
export function yearEndInWords(d: Day): string {
  const { year, month, day } = toCivil(d);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const slim = 'padding:4px;border-bottom:1px solid #b1b4b6;text-align:left';

/**
 * The list as email blocks: a team digest's section. Compact markup (one short style per cell, case references as
 * text, no links), so that a team with a hundred children still to do stays well under the clipping size.
 */
export function toDoBlocks(children: readonly ToDoChild[], yearEnd: Day): Block[] {
  if (!children.length)
    return [
      { kind: 'h2', text: TO_DO_TITLE },
      {
        kind: 'p',
        parts: [`Every child in the OC2 cohort has every measure met for the year ending ${yearEndInWords(yearEnd)}.`],
      },
    ];
  const caption = `${children.length} ${children.length === 1 ? 'child' : 'children'} in the OC2 cohort with a measure not yet met; anything recorded up to ${yearEndInWords(yearEnd)} still counts`;
  const markup = html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 24px 0">
<caption style="text-align:left;font-weight:bold;padding:4px 0">${caption}</caption>
<thead><tr><th scope="col" style="${slim}">Case</th><th scope="col" style="${slim}">Still to do</th><th scope="col" style="${slim}">Latest date that counts</th></tr></thead>
<tbody>${children.map((c) => html`<tr><th scope="row" style="${slim}">${c.caseLabel}</th><td style="${slim}">${c.measures.join('; ')}</td><td style="${slim}">${yearEndInWords(c.latestBy)}</td></tr>`)}</tbody>
</table>`;
  const text = [
    caption,
    '',
    ...children.map((c) => `- ${c.caseLabel}: ${c.measures.join('; ')}; by ${yearEndInWords(c.latestBy)}`),
  ].join('\n');
  return [
    { kind: 'h2', text: TO_DO_TITLE },
    { kind: 'raw', html: markup, text },
  ];
}
