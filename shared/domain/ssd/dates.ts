/**
 * Dates as SSD extracts write them (ssd.md, "Input"): `YYYY-MM-DD` or `DD/MM/YYYY` (one- or two-digit day and
 * month), optionally followed by a space and `H:MM[:SS[.f]]` (one- or two-digit hour, 1–7 fraction digits). That
 * covers SQL Server's `2024-05-01 00:00:00.000`, Excel's `1/5/2024 9:00` and en-GB PowerShell's
 * `01/05/2024 00:00:00`. A file re-saved by Excel may shorten the year: `DD/MM/YY` is read as Excel reads a
 * two-digit year (00–29 → 2000–2029, 30–99 → 1930–1999).
 *
 * The time is ignored: the written date is the London date (the SSD stores local dates at midnight). Only the
 * shape of the time is checked, never its range, so a value such as `2024-05-01 00:00:00.0000000` (SQL Server
 * `datetime2`) is read as 1 May. ISO instants (`2024-05-01T00:00:00Z`) are refused rather than guessed at, as is a
 * day that does not exist (`31/02/2024`). A US month-first date (`10/13/2026 1:00 PM`: an AM/PM, or a month over
 * 12 in the second place) is refused as `US_DATE`, so that the problem can say what was expected.
 */
import { type Day, MAX_YEAR, MIN_YEAR, daysInMonth, fromCivil } from '../calendar/local-date.js';

/** A date cell that holds something other than a readable date. */
export const INVALID_DATE = 'invalid' as const;
/** A date cell written month first, as a US-culture tool writes it. */
export const US_DATE = 'us' as const;
export type SsdDate = Day | undefined | typeof INVALID_DATE | typeof US_DATE;

/** What a problem line says after the column when a date is written month first. */
export const US_DATE_DETAIL = 'expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date';

const TIME = '(?: \\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,7})?)?)?';
const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${TIME}$`);
const BRITISH = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})${TIME}$`);
/** A time with AM or PM: only US-culture tools write one after a date. */
const US_TIME = /^\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2}) \d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)? ?[AP]M$/i;

/** `undefined` for no value (empty or `NULL`), the day, `INVALID_DATE` or `US_DATE`. The text must be trimmed. */
export function parseSsdDate(text: string): SsdDate {
  if (isNoValue(text)) return undefined;
  let match = ISO.exec(text);
  let year: number;
  let month: number;
  let dayOfMonth: number;
  if (match) {
    year = Number(match[1]);
    month = Number(match[2]);
    dayOfMonth = Number(match[3]);
  } else {
    if (US_TIME.test(text)) return US_DATE;
    match = BRITISH.exec(text);
    if (!match) return INVALID_DATE;
    dayOfMonth = Number(match[1]);
    month = Number(match[2]);
    year = match[3]!.length === 2 ? twoDigitYear(Number(match[3])) : Number(match[3]);
    if (month > 12 && dayOfMonth >= 1 && dayOfMonth <= 12) return US_DATE;
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return INVALID_DATE;
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return INVALID_DATE;
  return fromCivil(year, month, dayOfMonth);
}

/** Excel's reading of a two-digit year: 00–29 in this century, 30–99 in the last. */
function twoDigitYear(yy: number): number {
  return yy < 30 ? 2000 + yy : 1900 + yy;
}

/** Empty or `NULL` (any case) is no value (ssd.md: "Values are trimmed; empty or NULL is no value"). */
export function isNoValue(text: string): boolean {
  return text === '' || (text.length === 4 && text.toUpperCase() === 'NULL');
}
