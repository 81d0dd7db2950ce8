/**
 * How the bank-holiday table is built (used by the generator script and its test, never at run time).
 *
 * date-holidays gives the England and Wales bank holidays, substitute days and most one-off proclaimed days
 * (2012 and 2022 jubilees, 19 Sep 2022, 8 May 2023, VE Day 2020). It lists a holiday falling at a weekend as well as
 * its substitute, so Saturday and Sunday entries are dropped: they are not working days anyway.
 *
 * It misses a few proclamations, corrected here from the Royal Proclamations made under the Banking and Financial
 * Dealings Act 1971 (as listed on GOV.UK / The London Gazette):
 * - 1995: early May holiday moved from 1 May to 8 May (VE Day 50th anniversary);
 * - 1999: 31 Dec (millennium);
 * - 2002: spring holiday moved from 27 May to 4 June, and 3 June (Golden Jubilee);
 * - 2011: 29 Apr (Royal Wedding);
 * - 2012: spring holiday moved from 28 May to 4 June (5 June, the Diamond Jubilee, is already listed).
 */
import Holidays from 'date-holidays';
import { formatDay, isWeekend, parseDay } from './local-date.js';

export const FIRST_YEAR = 1995;
export const LAST_YEAR = 2075;

export const CORRECTIONS: { add: string[]; remove: string[] } = {
  add: ['1995-05-08', '1999-12-31', '2002-06-03', '2002-06-04', '2011-04-29', '2012-06-04'],
  remove: ['1995-05-01', '2002-05-27', '2012-05-28'],
};

export function computeBankHolidays(): string[] {
  const hd = new Holidays('GB', 'ENG');
  const days = new Set<string>();
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      const d = parseDay(date);
      if (d !== undefined && !isWeekend(d)) days.add(formatDay(d));
    }
  }
  for (const d of CORRECTIONS.remove) days.delete(d);
  for (const d of CORRECTIONS.add) days.add(d);
  return [...days].sort();
}
