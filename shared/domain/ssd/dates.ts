/**
 * Dates as SSD extracts write them (ssd.md, "Input"): `YYYY-MM-DD` or `DD/MM/YYYY` (one- or two-digit day and
 * month), optionally followed by a space and `HH:MM[:SS[.f]]` with 1–7 fraction digits. That covers SQL Server's
 * `2024-05-01 00:00:00.000`, Excel's `01/05/2024 00:00` and en-GB PowerShell's `01/05/2024 00:00:00`.
 *
 * The time is ignored: the written date is the London date (the SSD stores local dates at midnight). Only the
 * shape of the time is checked, never its range, so a value such as `2024-05-01 00:00:00.0000000` (SQL Server
 * `datetime2`) is read as 1 May. US dates (`5/1/2024 12:00:00 AM`) and ISO instants (`2024-05-01T00:00:00Z`)
 * are refused rather than guessed at, as is a day that does not exist (`31/02/2024`).
 */
import { type Day, MAX_YEAR, MIN_YEAR, daysInMonth, fromCivil } from '../calendar/local-date.js';

/** A date cell that holds something other than a readable date. */
export const INVALID_DATE = 'invalid' as const;
export type SsdDate = Day | undefined | typeof INVALID_DATE;

const TIME = '(?: \\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,7})?)?)?';
const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${TIME}$`);
const BRITISH = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`);

/** `undefined` for no value (empty or `NULL`), the day, or `INVALID_DATE`. The text must already be trimmed. */
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
    match = BRITISH.exec(text);
    if (!match) return INVALID_DATE;
    dayOfMonth = Number(match[1]);
    month = Number(match[2]);
    year = Number(match[3]);
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return INVALID_DATE;
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return INVALID_DATE;
  return fromCivil(year, month, dayOfMonth);
}

/** Empty or `NULL` (any case) is no value (ssd.md: "Values are trimmed; empty or NULL is no value"). */
export function isNoValue(text: string): boolean {
  return text === '' || (text.length === 4 && text.toUpperCase() === 'NULL');
}
