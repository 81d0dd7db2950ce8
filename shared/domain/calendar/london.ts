import { DateTime } from 'luxon';
import { type Day, day } from './local-date.js';

/** The civil time zone every date in the product is read in. */
export const LONDON = 'Europe/London';

/**
 * The calendar date in London at an instant: the only place an instant becomes a date. 23:30 UTC on 31 March in
 * BST is 00:30 on 1 April in London, and the date is 1 April.
 */
export function londonDateOf(instant: Date | string): Day {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  if (!dt.isValid) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return day(dt.setZone(LONDON).toISODate()!);
}

/** The London wall-clock hour at an instant (0–23). */
export function londonHourOf(instant: Date): number {
  return DateTime.fromJSDate(instant).setZone(LONDON).hour;
}
