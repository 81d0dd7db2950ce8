/**
 * Local policy: every value the statutory framework leaves to the authority, with the documented defaults.
 * One validated object drives the engine, the daily reminders and the digest, so a setting means the same thing
 * everywhere. Unknown keys are rejected so that a misspelt setting is an error, not a silent default.
 */
import { DomainError } from './errors.js';
import { z } from 'zod';
import type { Day } from './calendar/local-date.js';
import { type Term, defaultEnglandTerms } from './calendar/school-terms.js';
import { type WorkingDayCalendar, englandWorkingDays } from './calendar/working-days.js';
import { dateField } from './validation/dates.js';
import { describeIssues } from './validation/issues.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const policySchema = z
  .object({
    /** An obligation is `due-soon` when it falls due within this many days. */
    reminderWindowDays: int(0, 120).default(14),
    /** Dental checks: months between checks (the national return asks about the last 12 months). */
    dentalIntervalMonths: int(1, 12).default(6),
    /** Dental checks: first check after becoming looked after, in working days, when none is recorded. */
    dentalFirstCheckWorkingDays: int(1, 260).default(40),
    /**
     * A declined health assessment or dental check is offered again within this many months of the decline: the
     * due date is the later of the usual one and the decline + these months.
     */
    reofferAfterDeclineMonths: int(1, 12).default(3),
    /** Initial PEP, in working days after becoming looked after (some authorities use 10). */
    pepInitialWorkingDays: int(1, 60).default(20),
    /** PEPs apply to children of early-years and school age: these ages inclusive, on the as-of date. */
    pepMinAge: int(0, 17).default(3),
    pepMaxAge: int(0, 17).default(17),
    /** School terms for the termly PEP review; the default is a typical England calendar. */
    termCalendar: z
      .array(z.object({ start: dateField, end: dateField }).strict())
      .max(2000)
      .optional(),
    /** Care leavers whose accommodation the authority does not provide: weeks between PA contacts. */
    paContactWeeks: int(1, 26).default(8),
    /** Management oversight: case supervision at most this many weeks apart. */
    supervisionEnabled: z.boolean().default(true),
    supervisionIntervalWeeks: int(1, 26).default(8),
    /**
     * Eligible children: a personal adviser allocated by this age in months (local practice: 198 = 16½, 204 = 17,
     * 210 = 17½), or on the date the child becomes eligible if that is later.
     */
    personalAdviserByAgeMonths: int(192, 215).default(198),
    /** Local target: pathway plan in place by the 16th birthday (off by default). */
    pathwayPlanBy16thBirthday: z.boolean().default(false),
    /** Extra non-working days (e.g. an authority's closure days), added to the England and Wales bank holidays. */
    extraNonWorkingDays: z.array(dateField).max(1000).default([]),

    /** Daily reminders: days before the due date at which an item enters a reminder stage (0 = due today). */
    reminderStages: z.array(int(0, 120)).min(1).max(10).default([14, 7, 2, 0]),
    /** Daily reminders: an overdue item is repeated this many days after its last notice. */
    overdueRepeatDays: int(1, 60).default(7),
    /** Daily reminders: the "coming up" list covers this many days ahead. */
    comingUpDays: int(0, 120).default(28),
    /**
     * Worker email: "changes" only when something changed since their last email (new stage, newly overdue, case
     * moved, decline, back from leave); "every-working-day" also to repeat overdue items.
     */
    workerEmailWhen: z.enum(['changes', 'every-working-day']).default('changes'),
    /** Manager emails: items listed per group (to allocate, worker left or away) before the rest are counted. */
    managerListLimit: int(1, 500).default(25),
    /** Daily reminders: send nothing at weekends and on bank holidays. */
    skipNonWorkingDays: z.boolean().default(true),
    /** Escalation to the team manager: working days overdue beyond which a visit or review is escalated. */
    escalateVisitsAndReviewsAfterWorkingDays: int(1, 120).default(5),
    /** Escalation to the team manager for every other obligation. */
    escalateOthersAfterWorkingDays: int(1, 120).default(20),
    /** Escalation to the head of service (the service recipients), for any obligation. */
    escalateToHeadOfServiceAfterWorkingDays: int(1, 250).default(20),
    /**
     * Escalations go as one email a recipient a day; it lists at most this many items, most overdue first, and
     * counts the rest (with a link to the case system).
     */
    escalationDailyLimitPerRecipient: int(1, 500).default(10),
    /** Weekly digest: the most overdue items listed; the rest are counted. */
    digestWorstItems: int(1, 200).default(20),
    /** Worker email: overdue items older than this many days are counted with a link, not listed. */
    collapseOverdueAfterDays: int(7, 3650).default(90),
    /** Emails show the child's initials beside the case reference (off: reference only). */
    showInitials: z.boolean().default(true),
    /**
     * Delivery: hours an email whose sending could not be confirmed (timeout, reset, 5xx) waits for SES's Send
     * event before it is sent again, marked as a possible repeat.
     */
    unknownOutcomeQuarantineHours: int(1, 72).default(6),
    /** Every worker and manager email warns at the top when the last complete import is older than this (days). */
    staleDataDays: int(1, 60).default(3),
    /** Emails show names. Off by default; special-category data, so an information-governance decision. */
    showNames: z.boolean().default(false),
    /**
     * SSD import: the team id given to people whose extract names no team ("Not allocated to a team", no manager:
     * its unreachable cases go to the heads of service).
     */
    noTeamId: z.string().trim().min(1).max(128).default('unassigned'),
  })
  .strict()
  .refine((p) => p.pepMinAge <= p.pepMaxAge, { message: 'pepMinAge must not exceed pepMaxAge', path: ['pepMinAge'] });

export type PolicyInput = z.input<typeof policySchema>;
export type PolicySettings = z.output<typeof policySchema>;

/** Settings plus what is derived from them once (calendars), ready for the engine. */
export interface Policy extends Omit<PolicySettings, 'termCalendar' | 'extraNonWorkingDays'> {
  terms: readonly Term[];
  extraNonWorkingDays: readonly Day[];
  workingDays: WorkingDayCalendar;
}

export class PolicyError extends DomainError {
  override readonly name = 'PolicyError';
}

let defaultTerms: Term[] | undefined;

export function compilePolicy(input: unknown = {}): Policy {
  const parsed = policySchema.safeParse(input ?? {});
  if (!parsed.success)
    throw new PolicyError(`Invalid policy: ${describeIssues(parsed.error, input ?? {})}`, { cause: parsed.error });
  const { termCalendar, extraNonWorkingDays, ...settings } = parsed.data;
  let terms: Term[];
  if (termCalendar) {
    terms = [...termCalendar].sort((a, b) => a.start - b.start);
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (t.end < t.start) throw new PolicyError(`Invalid policy: termCalendar[${i}] ends before it starts`);
      if (i > 0 && t.start <= terms[i - 1]!.end) throw new PolicyError('Invalid policy: termCalendar terms overlap');
    }
  } else {
    terms = defaultTerms ??= defaultEnglandTerms();
  }
  return { ...settings, terms, extraNonWorkingDays, workingDays: englandWorkingDays(extraNonWorkingDays) };
}

let defaultPolicy: Policy | undefined;
export function defaultPolicySettings(): Policy {
  if (!defaultPolicy) defaultPolicy = compilePolicy({});
  return defaultPolicy;
}
