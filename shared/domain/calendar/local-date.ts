/**
 * Date-only values for the Europe/London civil calendar.
 *
 * A `Day` is the number of days since 1970-01-01 in the proleptic Gregorian calendar. It carries no time and no
 * zone, so no clock change, UTC offset or millisecond arithmetic can move it: "23:30 on 31 March in BST is still
 * 31 March" is decided once, at the edge (see `london.ts`), and never again. Integers also make the engine fast:
 * comparing, subtracting and adding days are plain arithmetic.
 */
export type Day = number;

/** Dates the product accepts. Anything outside is treated as a data error. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

// Howard Hinnant's days_from_civil / civil_from_days (public domain), exact for every Gregorian date.
export function fromCivil(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function toCivil(d: Day): Civil {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_LENGTHS[month - 1]!;
}

// First day and length of every month the product accepts: parsing a date is then one lookup.
const MONTH_START_TABLE = new Int32Array((MAX_YEAR - MIN_YEAR + 1) * 12);
const MONTH_LENGTH_TABLE = new Uint8Array((MAX_YEAR - MIN_YEAR + 1) * 12);
for (let y = MIN_YEAR; y <= MAX_YEAR; y++) {
  for (let m = 1; m <= 12; m++) {
    MONTH_START_TABLE[(y - MIN_YEAR) * 12 + m - 1] = fromCivil(y, m, 1);
    MONTH_LENGTH_TABLE[(y - MIN_YEAR) * 12 + m - 1] = daysInMonth(y, m);
  }
}

/** Parses `YYYY-MM-DD`; returns undefined for anything else, including impossible dates such as 2023-02-29. */
export function parseDay(text: string): Day | undefined {
  // Hand-rolled rather than a regular expression: this runs for every date of every record.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const index = (year - MIN_YEAR) * 12 + month - 1;
  if (day > MONTH_LENGTH_TABLE[index]!) return undefined;
  return MONTH_START_TABLE[index]! + day - 1;
}

/** The decimal value of `length` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Parses a date that is already known to be valid (e.g. a constant); throws otherwise. */
export function day(text: string): Day {
  const d = parseDay(text);
  if (d === undefined) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDay(d: Day): string {
  // Each day's text is made once: a history writes the same few thousand dates into every derived record.
  const i = d - FORMATTED_FROM;
  if (i >= 0 && i < FORMATTED_DAYS) {
    const cached = FORMATTED[i];
    if (cached !== undefined) return cached;
  }
  const { year, month, day: dd } = toCivil(d);
  const text = `${year}-${pad2(month)}-${pad2(dd)}`;
  if (i >= 0 && i < FORMATTED_DAYS) FORMATTED[i] = text;
  return text;
}

/** 1 January 1900 (day −25,567) onwards, 300 years: the days whose text is kept once made. */
const FORMATTED_FROM = -25_567;
const FORMATTED_DAYS = 300 * 366;
const FORMATTED: (string | undefined)[] = [];

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "20 Mar 2024": how a date is written for people. */
export function humanDay(d: Day): string {
  // Made once per day, as formatDay's: every obligation's explanation names one or two dates.
  const i = d - FORMATTED_FROM;
  if (i >= 0 && i < FORMATTED_DAYS) {
    const cached = HUMAN[i];
    if (cached !== undefined) return cached;
  }
  const { year, month, day: dd } = toCivil(d);
  const text = `${dd} ${MONTH_NAMES[month - 1]} ${year}`;
  if (i >= 0 && i < FORMATTED_DAYS) HUMAN[i] = text;
  return text;
}
const HUMAN: (string | undefined)[] = [];

/** "Mon 3 Jun 2024". */
export function humanDayWithWeekday(d: Day): string {
  return `${WEEKDAY_NAMES[isoWeekday(d) - 1]} ${humanDay(d)}`;
}

export function addDays(d: Day, n: number): Day {
  return d + n;
}

export function addWeeks(d: Day, n: number): Day {
  return d + n * 7;
}

/** Calendar months; a day that does not exist clamps to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(d: Day, n: number): Day {
  const { year, month, day: dd } = toCivil(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return fromCivil(y, m, Math.min(dd, daysInMonth(y, m)));
}

export function addYears(d: Day, n: number): Day {
  return addMonths(d, n * 12);
}

/** ISO weekday: Monday 1 … Sunday 7. 1970-01-01 was a Thursday. */
export function isoWeekday(d: Day): number {
  return ((((d + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(d: Day): boolean {
  return isoWeekday(d) >= 6;
}

/** The n-th birthday; someone born on 29 Feb has it on 28 Feb in common years. */
export function birthday(dateOfBirth: Day, years: number): Day {
  return addYears(dateOfBirth, years);
}

/** Age in whole years on `on`. */
export function ageOn(dateOfBirth: Day, on: Day): number {
  const b = toCivil(dateOfBirth);
  const o = toCivil(on);
  let age = o.year - b.year;
  if (age > 0 && birthday(dateOfBirth, age) > on) age -= 1;
  return Math.max(age, 0);
}

/** The later of two days. */
export function later(a: Day, b: Day): Day {
  return a > b ? a : b;
}
