import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { INVALID_DATE, US_DATE, parseSsdDate } from '../../shared/domain/ssd/dates.js';

describe('SSD dates (ssd.md "Input")', () => {
  it.each([
    ['2024-05-01', '2024-05-01'],
    ['2024-05-01 00:00:00.000', '2024-05-01'], // SQL Server datetime
    ['2024-05-01 23:59:59.9999999', '2024-05-01'], // datetime2, 7 fraction digits: still the written date
    ['2024-05-01 13:45', '2024-05-01'],
    ['2024-05-01 13:45:10', '2024-05-01'],
    ['01/05/2024', '2024-05-01'], // en-GB: day first
    ['1/5/2024', '2024-05-01'],
    ['31/12/2023 00:00', '2023-12-31'], // Excel en-GB
    ['29/02/2024 00:00:00', '2024-02-29'], // en-GB PowerShell, leap day
    ['07/11/2024 00:00:00.5', '2024-11-07'],
    ['1/5/2024 9:00', '2024-05-01'], // Excel en-GB, one-digit hour
    ['2024-05-01 0:00', '2024-05-01'],
    ['01/05/24', '2024-05-01'], // Excel's two-digit year: 00–29 in this century
    ['31/12/29', '2029-12-31'],
    ['1/1/30', '1930-01-01'], // 30–99 in the last
    ['13/02/99 00:00', '1999-02-13'],
  ])('%s is %s', (text, expected) => {
    expect(parseSsdDate(text)).toBe(day(expected));
  });

  it.each(['', 'NULL', 'null'])('%j is no value', (text) => {
    expect(parseSsdDate(text)).toBeUndefined();
  });

  it.each([
    '2023-02-29', // no such day
    '31/04/2024',
    '2024-13-01',
    '00/01/2024',
    '2024-05-01T00:00:00Z', // an instant, not a date
    '2024-5-1',
    '01-05-2024',
    '2024-05-01 00:00:00.12345678', // 8 fraction digits
    '2024-05-01  00:00',
    '01/05/2024 24', // not a time
    '1/5/2024 9', // nor this
    '2024-05-01 12:00 PM', // AM/PM after an ISO date: not a shape any tool writes
    '32/01/24',
    '01/05/124',
    '1899-12-31', // outside the dates the product accepts
    'yesterday',
  ])('%j is invalid', (text) => {
    expect(parseSsdDate(text)).toBe(INVALID_DATE);
  });

  it.each([
    '10/13/2026 1:00 PM', // both signs
    '5/1/2024 12:00:00 AM', // AM/PM: US culture, refused, never guessed
    '5/1/2024 9:00am',
    '12/25/2024', // a month over 12 in the second place
    '1/31/24 00:00',
  ])('%j is a US month-first date', (text) => {
    expect(parseSsdDate(text)).toBe(US_DATE);
  });
});
