/**
 * Which day a run is for. A run evaluates the records as they are now, so:
 * - a day after today (in London) is refused: it would use up that day's email with today's data and send
 *   escalations before they are due, which would then never be sent on time;
 * - a re-run of an earlier day is allowed (to send what a failed run did not), and its summary says that it
 *   evaluated today's data, not the data as it stood on that day.
 */
import { UseCaseError } from './errors.js';
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';

export class FutureAsOfError extends UseCaseError {
  override readonly name = 'FutureAsOfError';
  constructor(
    readonly asOf: string,
    readonly today: string,
  ) {
    super(`asOf ${asOf} is after today (${today}, Europe/London): a run can only be for today or an earlier day`);
  }
}

/** Throws `FutureAsOfError` when `asOf` is after the London date at `now`; returns `asOf` otherwise. */
export function refuseFutureAsOf(asOf: Day, now: Date): Day {
  const today = londonDateOf(now);
  if (asOf > today) throw new FutureAsOfError(formatDay(asOf), formatDay(today));
  return asOf;
}

/** For a run summary: a note when the run is for an earlier day than today. */
export function rerunNote(asOf: Day, now: Date): { rerun?: string } {
  const today = londonDateOf(now);
  if (asOf >= today) return {};
  return {
    rerun: `re-run of ${formatDay(asOf)} on ${formatDay(today)}: evaluated the records as they are on ${formatDay(today)}`,
  };
}
