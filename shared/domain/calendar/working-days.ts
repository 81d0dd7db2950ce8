/**
 * Working days: Monday to Friday, except Christmas Day, Good Friday and the bank holidays of England and Wales
 * (one-off proclaimed days included), plus any extra non-working days an authority configures.
 *
 * "Within N working days of X" is the Nth working day after X; X itself is not counted:
 * 1 Mar 2024 (Fri) + 20 WD = 2 Apr 2024, skipping Good Friday 29 Mar and Easter Monday 1 Apr.
 *
 * The calendar is a precomputed table over every date the product accepts, so each question is one array read.
 */
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.generated.js';
import { type Day, MAX_YEAR, MIN_YEAR, fromCivil, isWeekend, parseDay } from './local-date.js';

const FIRST = fromCivil(MIN_YEAR, 1, 1);
// One spare year so that N working days after the last accepted date still resolves.
const LAST = fromCivil(MAX_YEAR + 1, 12, 31);

export class WorkingDayCalendar {
  /** countUpTo[i] = number of working days in [FIRST, FIRST + i]. */
  private readonly countUpTo: Int32Array;
  /** The working days, in order. */
  private readonly workDays: Int32Array;
  private readonly nonWorking: ReadonlySet<Day>;

  constructor(nonWorkingDays: Iterable<Day>) {
    this.nonWorking = new Set(nonWorkingDays);
    const size = LAST - FIRST + 1;
    this.countUpTo = new Int32Array(size);
    const work: number[] = [];
    for (let i = 0; i < size; i++) {
      const d = FIRST + i;
      if (!isWeekend(d) && !this.nonWorking.has(d)) work.push(d);
      this.countUpTo[i] = work.length;
    }
    this.workDays = Int32Array.from(work);
  }

  isWorkingDay(d: Day): boolean {
    return !isWeekend(d) && !this.nonWorking.has(d);
  }

  /** The Nth working day after `from` (n ≥ 1); `from` itself is never counted. */
  addWorkingDays(from: Day, n: number): Day {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
    const index = this.index(from);
    const target = this.countUpTo[index]! + n - 1;
    const result = this.workDays[target];
    if (result === undefined) throw new RangeError('date is beyond the working-day calendar');
    return result;
  }

  /** Working days in (from, to]: how many working days `to` is after `from`. */
  workingDaysBetween(from: Day, to: Day): number {
    return this.countUpTo[this.index(to)]! - this.countUpTo[this.index(from)]!;
  }

  /** `d` itself when it is a working day, otherwise the next one. */
  nextWorkingDayOnOrAfter(d: Day): Day {
    return this.isWorkingDay(d) ? d : this.addWorkingDays(d, 1);
  }

  private index(d: Day): number {
    if (d < FIRST || d > LAST) throw new RangeError('date is outside the working-day calendar');
    return d - FIRST;
  }
}

const ENGLAND_AND_WALES: readonly Day[] = ENGLAND_AND_WALES_BANK_HOLIDAYS.map((s) => parseDay(s)!);

const cache = new Map<string, WorkingDayCalendar>();

/** The England and Wales working-day calendar, with an authority's extra non-working days. Built once per set. */
export function englandWorkingDays(extraNonWorkingDays: readonly Day[] = []): WorkingDayCalendar {
  const key = [...extraNonWorkingDays].sort((a, b) => a - b).join(',');
  let calendar = cache.get(key);
  if (!calendar) {
    calendar = new WorkingDayCalendar([...ENGLAND_AND_WALES, ...extraNonWorkingDays]);
    cache.set(key, calendar);
  }
  return calendar;
}
