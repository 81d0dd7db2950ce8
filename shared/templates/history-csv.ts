/**
 * The compliance history as CSV for the data team's own tools (RFC 4180, by csv-stringify): figures per date and
 * team, the items that became overdue, and the children still to do for the 903, one row per child and measure.
 * Dates are `YYYY-MM-DD`; case references only, as in the HTML report.
 */
import { stringify } from 'csv-stringify/sync';
import { formatDay } from '../domain/calendar/local-date.js';
import { MEASURES } from '../domain/digest-figures.js';
import type { BecameOverdue, HistoryLine } from '../domain/history/replay.js';
import { FORECAST_MEASURES, type Forecast903 } from '../domain/returns/forecast-903.js';

export interface HistoryCsvFiles {
  'figures.csv': string;
  'became-overdue.csv': string;
  'still-to-do-903.csv': string;
}

export function historyCsv(
  lines: readonly HistoryLine[],
  becameOverdue: readonly BecameOverdue[],
  forecast: Forecast903 | undefined,
  teamNames: ReadonlyMap<string, string> = new Map(),
): HistoryCsvFiles {
  const name = (id: string) => teamNames.get(id) ?? id;
  const figures = [
    [
      'date',
      'team_id',
      'team',
      'overdue_items',
      'oldest_overdue_days',
      ...MEASURES.flatMap((m) => [`${m.obligation}_in_time`, `${m.obligation}_applicable`]),
    ],
    ...lines.map((l) => [
      l.date,
      l.teamId,
      name(l.teamId),
      l.overdueItems,
      l.oldestOverdueDays ?? '',
      ...MEASURES.flatMap((m) => [l.measures[m.obligation]?.onTime ?? 0, l.measures[m.obligation]?.applicable ?? 0]),
    ]),
  ];
  const became = [
    ['case_reference', 'duty', 'due', 'first_seen_overdue', 'still_overdue'],
    ...becameOverdue.map((i) => [
      i.recordId,
      i.obligation,
      formatDay(i.due),
      formatDay(i.seen),
      i.stillOverdue ? 'yes' : 'no',
    ]),
  ];
  const toDo: (string | number)[][] = [
    ['case_reference', 'team_id', 'team', 'measure', 'still_needed', 'latest_date_that_counts'],
  ];
  for (const c of forecast?.cohort ?? [])
    for (const m of FORECAST_MEASURES) {
      const f = c.measures[m.id];
      if (f.applicable && !f.met) toDo.push([c.id, c.teamId, name(c.teamId), m.label, f.needed, formatDay(f.latestBy)]);
    }
  return {
    'figures.csv': stringify(figures),
    'became-overdue.csv': stringify(became),
    'still-to-do-903.csv': stringify(toDo),
  };
}
