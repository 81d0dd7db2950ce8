/**
 * The words emails use, in one place. Overdue and "due in" are always calendar days in words ("3 days overdue"),
 * in every email and the terminal: the escalation thresholds are working days (policy), but a reader never sees
 * two units for the same item. "Items" are obligations (a visit, a review); "cases" are children and care leavers.
 */
import type { ProblemCode } from './records/validate.js';

/** How a number of days reads in an email or a terminal: "3 days overdue", "due today", "due in 1 day". */
export function daysInWords(days: number): string {
  if (days === 0) return 'due today';
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  return `due in ${days} day${days === 1 ? '' : 's'}`;
}

/** "1 case", "20 cases"; "1 item", "3 items". */
export function countOf(n: number, noun: 'case' | 'item' | 'record' | 'value'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What a data-quality problem means to a manager: plain English, naming what to fix in the case system. */
export const PROBLEM_WORDS: Record<ProblemCode | 'duplicate-id', string> = {
  'invalid-json': 'The export line is not readable at all',
  'invalid-record': 'A required detail is missing or not in the expected form',
  'invalid-value': 'A value recorded is not readable, so it was left out',
  'date-after-as-of': 'A date recorded is in the future',
  'birth-after-care': 'The date of birth is after the care start or end date',
  'no-allocated-worker': 'No worker is allocated',
  'missing-accommodation-start': 'The accommodation start date is missing',
  'duplicate-id': 'The same case reference appears twice in the export',
  'date-before-birth': 'An event is recorded before the date of birth',
  'aged-18-or-over': 'Aged 18 or over: record as a care leaver or close the case',
  'relevant-aged-18-or-over': 'A relevant care leaver is 18 or over: record them as former relevant',
};

export function problemInWords(code: string): string {
  return (PROBLEM_WORDS as Record<string, string>)[code] ?? 'The record could not be read';
}
