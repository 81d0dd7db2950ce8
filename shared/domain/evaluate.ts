/**
 * The rules engine: every obligation for one record on an as-of date. Pure: no clock, no I/O, no environment.
 *
 * Cut-offs: looked-after duties end at 18, so a child's obligation falling due on or after the 18th birthday is
 * `not-applicable` (one already overdue stays overdue until the record changes), and from the 18th birthday on a
 * child record yields nothing at all (validation reports it as a data-quality problem instead); a care leaver's
 * support ends at 21 or 25, after which nothing is due and nothing is overdue, and an obligation due on or after
 * that date is `not-applicable` too. A duty may end earlier on its own (the SDQ at 17: `Deadline.endsOn`).
 * Flags (missing, in custody) never pause anything: the explanation says so.
 *
 * Short breaks (CPPCR reg 48) have their own, shorter list of duties: see rules/short-breaks.ts.
 * A decline that counts moves a health assessment's or dental check's due date to the re-offer date and is carried
 * on the obligation (`declined`): see rules/declines.ts.
 */
import { type Day, birthday, formatDay, humanDay } from './calendar/local-date.js';
import { type Deadline, type Obligation, type RuleContext, statusOf } from './obligations.js';
import type { Policy } from './policy.js';
import type { CaseRecord, ChildRecord, LeaverRecord } from './records/schema.js';
import {
  endOfSupport,
  leaverNeedsAssessment,
  leaverPathwayPlan,
  personalAdviserContact,
} from './rules/care-leavers.js';
import { withDecline } from './rules/declines.js';
import { dentalCheck } from './rules/dental-checks.js';
import { eligibleChildNeedsAssessment, eligibleChildPathwayPlan } from './rules/eligible-child.js';
import { healthAssessment } from './rules/health-assessments.js';
import { personalAdviser } from './rules/personal-adviser.js';
import { personalEducationPlan } from './rules/personal-education-plans.js';
import { returnInterviews } from './rules/return-interviews.js';
import { shortBreakReview, shortBreakVisit } from './rules/short-breaks.js';
import { statutoryReview } from './rules/statutory-reviews.js';
import { statutoryVisit } from './rules/statutory-visits.js';
import { strengthsAndDifficulties } from './rules/strengths-and-difficulties.js';
import { supervision } from './rules/supervision.js';

type Rule<R> = (record: R, ctx: RuleContext) => Deadline | undefined;

/**
 * Order of output: the order a worker thinks about a case in. Both lists start with the visit and the review;
 * return interviews (one per ended missing episode) come straight after them.
 */
const CHILD_RULES: Rule<ChildRecord>[] = [
  statutoryVisit,
  statutoryReview,
  healthAssessment,
  dentalCheck,
  strengthsAndDifficulties,
  personalEducationPlan,
  eligibleChildNeedsAssessment,
  eligibleChildPathwayPlan,
  personalAdviser,
  supervision,
];
/** Reg 48: short-break care plan duties only (no health, dental, PEP, SDQ, supervision or eligibility duties). */
const SHORT_BREAK_RULES: Rule<ChildRecord>[] = [shortBreakVisit, shortBreakReview];
const RETURN_INTERVIEWS_AFTER = 1;
const LEAVER_RULES: Rule<LeaverRecord>[] = [leaverNeedsAssessment, leaverPathwayPlan, personalAdviserContact];

const FLAG_NOTES = { missing: 'recorded as missing: still due', custody: 'in custody: still due' } as const;

export function evaluateRecord(record: CaseRecord, asOf: Day, policy: Policy, explain = false): Obligation[] {
  const ctx: RuleContext = { asOf, policy, explain };
  const out: Obligation[] = [];
  if (record.kind === 'child') {
    const cutoff = birthday(record.dateOfBirth, 18);
    if (asOf >= cutoff) return out;
    const rules = record.legalStatus === 'shortBreaks' ? SHORT_BREAK_RULES : CHILD_RULES;
    for (let i = 0; i < rules.length; i++) {
      let d = rules[i]!(record, ctx);
      if (d && record.declined.length > 0) d = withDecline(d, record, ctx);
      if (d) {
        const ended = d.endsOn !== undefined && d.due >= d.endsOn.day;
        out.push(toObligation(record, d, ctx, ended || d.due >= cutoff, cutoff, 18));
      }
      if (i === RETURN_INTERVIEWS_AFTER && record.missingEpisodes.length > 0) {
        const interviews: Deadline[] = [];
        returnInterviews(record, ctx, interviews);
        for (const r of interviews) out.push(toObligation(record, r, ctx, r.due >= cutoff, cutoff, 18));
      }
    }
  } else {
    const end = endOfSupport(record);
    const ended = asOf >= end.date;
    for (let i = 0; i < LEAVER_RULES.length; i++) {
      const d = LEAVER_RULES[i]!(record, ctx);
      if (d) out.push(toObligation(record, d, ctx, ended || d.due >= end.date, end.date, end.age));
    }
  }
  return out;
}

function toObligation(
  record: CaseRecord,
  d: Deadline,
  ctx: RuleContext,
  notApplicable: boolean,
  cutoff: Day,
  cutoffAge: number,
): Obligation {
  let explanation = d.explanation;
  let basis = d.basis;
  if (notApplicable) {
    const note =
      d.endsOn !== undefined && d.due >= d.endsOn.day
        ? d.endsOn.reason
        : record.kind === 'child'
          ? `due on or after the 18th birthday (${humanDay(cutoff)}): looked-after duties end at 18`
          : `support ends at ${cutoffAge} (${humanDay(cutoff)})`;
    explanation = `${explanation} — not applicable: ${note}`;
    if (basis) basis = [...basis, `Not applicable: ${note}.`];
  } else if (record.flags.length > 0) {
    explanation += `; ${record.flags.map((f) => FLAG_NOTES[f]).join('; ')}`;
  }
  const o: Obligation = {
    obligation: d.obligation,
    rule: d.rule,
    citation: d.citation,
    force: d.force,
    due: d.due,
    explanation,
    basis,
    recordId: record.id,
    status: notApplicable ? 'not-applicable' : statusOf(d.due, ctx.asOf, ctx.policy.reminderWindowDays),
    days: d.due - ctx.asOf,
  };
  if (d.declined !== undefined) o.declined = d.declined;
  return o;
}

/** The CLI's and the ledger's wire shape of an obligation. */
export interface ObligationLine {
  recordId: string;
  obligation: string;
  dueDate: string;
  status: string;
  days: number;
  rule: string;
  citation: string;
  force: string;
  explanation: string;
  /** Health assessments and dental checks: the date of the decline that counts (the due date is the re-offer). */
  declined?: string;
}

export function toLine(o: Obligation): ObligationLine {
  const line: ObligationLine = {
    recordId: o.recordId,
    obligation: o.obligation,
    dueDate: formatDay(o.due),
    status: o.status,
    days: o.days,
    rule: o.rule,
    citation: o.citation,
    force: o.force,
    explanation: o.explanation,
  };
  if (o.declined !== undefined) line.declined = formatDay(o.declined);
  return line;
}
