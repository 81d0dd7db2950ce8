/**
 * The 903 forecast as a section of the head of service's weekly digest: the projected OC2 percentages if nothing
 * more is recorded before 31 March, and how many children are still to do. Counts only: no case is named, so the
 * section is as safe to forward as the rest of the service digest (`forecastBlocks`) and the history report
 * (`renderForecastSection`).
 */
import { humanDay } from '../domain/calendar/local-date.js';
import { FORECAST_MEASURES, type Forecast903, type MeasureTotal } from '../domain/returns/forecast-903.js';
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
