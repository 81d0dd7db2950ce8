/**
 * School terms, for the termly personal education plan review.
 *
 * Term dates are set by each local authority, so they are configuration (policy `termCalendar`). The default is a
 * typical England pattern, generated for every academic year the product accepts:
 * - autumn: 1 September to the last weekday on or before 20 December;
 * - spring: the first weekday on or after 4 January to the Thursday before Good Friday;
 * - summer: the Monday a week after Easter Monday to the last weekday on or before 22 July.
 * Half-term breaks are inside their term. An authority should replace these with its published dates.
 */
import { type Day, MAX_YEAR, MIN_YEAR, fromCivil, isoWeekday } from './local-date.js';

export interface Term {
  start: Day;
  end: Day;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return fromCivil(year, month, dayOfMonth);
}

const weekdayOnOrBefore = (d: Day): Day => (isoWeekday(d) === 6 ? d - 1 : isoWeekday(d) === 7 ? d - 2 : d);
const weekdayOnOrAfter = (d: Day): Day => (isoWeekday(d) === 6 ? d + 2 : isoWeekday(d) === 7 ? d + 1 : d);

export function defaultEnglandTerms(firstYear = MIN_YEAR, lastYear = MAX_YEAR): Term[] {
  const terms: Term[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const easter = easterSunday(y + 1);
    terms.push(
      { start: fromCivil(y, 9, 1), end: weekdayOnOrBefore(fromCivil(y, 12, 20)) },
      { start: weekdayOnOrAfter(fromCivil(y + 1, 1, 4)), end: easter - 3 },
      { start: easter + 8, end: weekdayOnOrBefore(fromCivil(y + 1, 7, 22)) },
    );
  }
  return terms;
}

/**
 * Finds the term that governs `on`: the term containing it, or during a holiday the term that has just ended
 * (a term that ended without its plan review is overdue from its last day). Terms must be sorted and disjoint.
 */
export function termAtOrBefore(terms: readonly Term[], on: Day): { term: Term; index: number } | undefined {
  let lo = 0;
  let hi = terms.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid]!.start <= on) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : { term: terms[found]!, index: found };
}
