import { describe, expect, it } from 'vitest';
import {
  addMonths,
  ageOn,
  birthday,
  day,
  formatDay,
  isoWeekday,
  parseDay,
} from '../../shared/domain/calendar/local-date.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { englandWorkingDays } from '../../shared/domain/calendar/working-days.js';

const wd = englandWorkingDays();

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-04-31', false],
    ['2024-1-01', false],
    ['2024-01-01T00:00:00Z', false],
    ['', false],
    ['1899-12-31', false],
  ])('parses %s: %s', (text, valid) => {
    expect(parseDay(text) !== undefined).toBe(valid);
  });

  it('round-trips every day across four centuries', () => {
    for (let d = day('1900-01-01'); d <= day('2199-12-31'); d += 17) expect(parseDay(formatDay(d))).toBe(d);
  });

  it('knows the weekday', () => {
    expect(isoWeekday(day('2024-06-03'))).toBe(1); // Monday
    expect(isoWeekday(day('1970-01-01'))).toBe(4); // Thursday
    expect(isoWeekday(day('2024-03-29'))).toBe(5); // Good Friday
  });

  it.each([
    ['2023-08-31', 6, '2024-02-29', 'month-end clamps to 29 Feb in a leap year'],
    ['2022-08-31', 6, '2023-02-28', 'month-end clamps to 28 Feb in a common year'],
    ['2023-12-31', 6, '2024-06-30', '31 Dec + 6 months = 30 Jun'],
    ['2024-01-31', 1, '2024-02-29', '31 Jan + 1 month'],
    ['2024-03-15', 3, '2024-06-15', 'plain months'],
    ['2024-11-30', 3, '2025-02-28', 'across a year end'],
    ['2024-05-31', -3, '2024-02-29', 'backwards clamps too'],
  ])('%s + %i months = %s (%s)', (from, months, expected) => {
    expect(formatDay(addMonths(day(from), months))).toBe(expected);
  });

  it('puts a 29 Feb birthday on 28 Feb in common years', () => {
    const dob = day('2008-02-29');
    expect(formatDay(birthday(dob, 18))).toBe('2026-02-28');
    expect(formatDay(birthday(dob, 16))).toBe('2024-02-29');
    expect(ageOn(dob, day('2026-02-27'))).toBe(17);
    expect(ageOn(dob, day('2026-02-28'))).toBe(18);
  });

  it('computes ages in whole years', () => {
    expect(ageOn(day('2012-06-03'), day('2024-06-02'))).toBe(11);
    expect(ageOn(day('2012-06-03'), day('2024-06-03'))).toBe(12);
  });
});

describe('working days (England and Wales)', () => {
  it.each([
    ['2024-03-01', 20, '2024-04-02', 'Good Friday 29 Mar and Easter Monday 1 Apr skipped (rules.md §1)'],
    ['2024-05-01', 20, '2024-05-31', 'early May and spring bank holidays skipped (rules.md §5)'],
    ['2022-12-23', 1, '2022-12-28', 'Christmas Day and Boxing Day substitutes (26 and 27 Dec 2022)'],
    ['2020-12-24', 1, '2020-12-29', 'Boxing Day substitute on Monday 28 Dec 2020'],
    ['2022-09-16', 1, '2022-09-20', 'one-off: Queen Elizabeth II state funeral, 19 Sep 2022'],
    ['2023-05-05', 1, '2023-05-09', 'one-off: coronation, 8 May 2023'],
    ['2011-04-28', 1, '2011-05-03', 'one-off: royal wedding 29 Apr 2011, then early May 2 May'],
    ['2024-06-01', 1, '2024-06-03', 'a Saturday: the next working day is Monday'],
    ['2024-06-03', 5, '2024-06-10', 'the start day itself is not counted'],
  ])('%s + %i WD = %s (%s)', (from, n, expected) => {
    expect(formatDay(wd.addWorkingDays(day(from), n))).toBe(expected);
  });

  it('treats an authority closure day as non-working when configured', () => {
    const local = englandWorkingDays([day('2024-06-04')]);
    expect(formatDay(local.addWorkingDays(day('2024-06-03'), 1))).toBe('2024-06-05');
    expect(formatDay(wd.addWorkingDays(day('2024-06-03'), 1))).toBe('2024-06-04');
  });

  it('rejects a non-positive count', () => {
    expect(() => wd.addWorkingDays(day('2024-06-03'), 0)).toThrow(RangeError);
  });
});

describe('London dates at the edge', () => {
  it.each([
    ['2024-03-31T23:30:00Z', '2024-04-01', 'BST: 00:30 on 1 April in London'],
    ['2024-03-30T23:30:00Z', '2024-03-30', 'GMT: still 30 March'],
    ['2024-10-27T00:30:00Z', '2024-10-27', 'the night the clocks go back'],
    ['2024-06-03T07:00:00+01:00', '2024-06-03', 'an offset instant'],
    ['2024-12-31T23:59:59Z', '2024-12-31', 'winter: London is UTC'],
  ])('%s is %s (%s)', (instant, expected) => {
    expect(formatDay(londonDateOf(instant))).toBe(expected);
  });
});
