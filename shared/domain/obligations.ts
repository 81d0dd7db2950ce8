/** What the engine produces: one obligation per duty that applies to a record, with why and by when. */
import type { Day } from './calendar/local-date.js';
import type { Policy } from './policy.js';

export const OBLIGATION_KINDS = [
  'visit',
  'review',
  'return-interview',
  'health-assessment',
  'dental-check',
  'sdq',
  'pep',
  'needs-assessment',
  'pathway-plan',
  'personal-adviser',
  'supervision',
  'pa-contact',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export type Force = 'statutory' | 'guidance' | 'local';
export type Status = 'overdue' | 'due-today' | 'due-soon' | 'upcoming' | 'not-applicable';

/** What a rule decides: the due date, the rule behind it and the reason in words. */
export interface Deadline {
  obligation: ObligationKind;
  /** Stable id of the rule that produced the date, e.g. `visit-standard-first-year`. */
  rule: string;
  /** The provision, as a worker or an inspector would look it up: "CPPCR 2010 reg 28(2)(b)". */
  citation: string;
  force: Force;
  due: Day;
  /** One line a social worker understands. */
  explanation: string;
  /** The derivation step by step, only when asked for (`explain`). */
  basis: string[] | undefined;
  /**
   * Where the duty itself ends before the record's general cut-off (the SDQ at 17): due on or after `day` is
   * `not-applicable`, and `reason` says why.
   */
  endsOn?: { day: Day; reason: string };
  /** The decline that counts (health assessments and dental checks): the due date is when to offer again. */
  declined?: Day;
}

export interface Obligation extends Deadline {
  recordId: string;
  status: Status;
  /** due − as-of in calendar days; negative when overdue. */
  days: number;
  /**
   * The decline that counts (a refused health assessment or dental check): the due date is then the re-offer date.
   */
  declined?: Day;
}

export interface RuleContext {
  asOf: Day;
  policy: Policy;
  /** Build the step-by-step `basis` (costly; only for `explain`). */
  explain: boolean;
}

export function statusOf(due: Day, asOf: Day, reminderWindowDays: number): Status {
  if (due < asOf) return 'overdue';
  if (due === asOf) return 'due-today';
  return due - asOf <= reminderWindowDays ? 'due-soon' : 'upcoming';
}

/** The latest event on or after `from` (events after the as-of date have already been rejected). */
export function latestFrom(events: readonly Day[], from: Day): Day | undefined {
  let latest: Day | undefined;
  for (const e of events) if (e >= from && (latest === undefined || e > latest)) latest = e;
  return latest;
}

/** The earliest event on or after `from`. */
export function earliestFrom(events: readonly Day[], from: Day): Day | undefined {
  let earliest: Day | undefined;
  for (const e of events) if (e >= from && (earliest === undefined || e < earliest)) earliest = e;
  return earliest;
}

/** Events on or after `from`, oldest first. */
export function eventsFrom(events: readonly Day[], from: Day): Day[] {
  return events.filter((e) => e >= from).sort((a, b) => a - b);
}
