/**
 * `deadlines history`: the caseload replayed over a period from a time-aware model read once, with the digest's
 * figures per date and team, the items that became overdue, and the 903 forecast for the year ending the next
 * 31 March after the last date. The model comes in through `Timeline` (the SSD extract in the command line), so the
 * replay itself never reads a file.
 */
import type { Day } from '../domain/calendar/local-date.js';
import { type Forecast903, type Forecast903Child, forecast903 } from '../domain/returns/forecast-903.js';
import {
  type HistoryLine,
  type HistoryResult,
  type Step,
  type Timeline,
  historyDates,
  replayHistory,
} from '../domain/history/replay.js';
import type { Policy } from '../domain/policy.js';

export interface HistoryRequest<P> {
  timeline: Timeline<P>;
  start: Day;
  end: Day;
  every: Step;
  policy: Policy;
  /** Each line as soon as its date is evaluated. */
  write?: (line: HistoryLine) => void;
  /** The forecast input for a person on a date (undefined: not looked after then); omitted: no forecast. */
  forecastInput?: (person: P, asOf: Day) => Forecast903Child | undefined;
}

export interface HistoryRun extends HistoryResult {
  forecast: Forecast903 | undefined;
}

export function runHistory<P>(request: HistoryRequest<P>): HistoryRun {
  const dates = historyDates(request.start, request.end, request.every);
  const result = replayHistory(request.timeline, dates, request.policy, request.write);
  let forecast: Forecast903 | undefined;
  const input = request.forecastInput;
  if (input) {
    const children: Forecast903Child[] = [];
    for (const p of request.timeline.persons) {
      const c = input(p, request.end);
      if (c) children.push(c);
    }
    forecast = forecast903(children, request.end);
  }
  return { ...result, forecast };
}
