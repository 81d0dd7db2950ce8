/**
 * Short breaks: CPPCR 2010 reg 48 (statutory). A child looked after only under an agreed series of short breaks
 * (903 legal status V3/V4, `legalStatus: "shortBreaks"`). Reg 48 replaces the care plan with a short-break care
 * plan and disapplies reg 7: no health assessment, dental check, PEP, SDQ, supervision or eligibility duties (so no
 * needs assessment, pathway plan or personal adviser); evaluate.ts runs only these rules and the return interview.
 * - `review`: the first within 3 months of the first short break (`periodOfCareStart`), then at most every
 *   6 months. Reviews count within the period of care, as for every child.
 * - `visit`: at the intervals agreed in the short-break care plan. When the record gives `shortBreakVisitWeeks`,
 *   due that many weeks after the last visit in the current placement; with no visit recorded in it, that many
 *   weeks after the placement started (the visit clock is per placement, as for every child). Without
 *   `shortBreakVisitWeeks` there is no visit obligation: the interval is the plan's, and the record does not hold it.
 */
import { addMonths, humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

const CITATION = 'CPPCR 2010 reg 48';

export function shortBreakReview(c: ChildRecord, ctx: RuleContext): Deadline {
  const start = c.periodOfCareStart;
  const last = latestFrom(c.reviews, start);
  if (last === undefined) {
    return {
      obligation: 'review',
      rule: 'review-short-breaks-first',
      citation: CITATION,
      force: 'statutory',
      due: addMonths(start, 3),
      explanation: `first short-breaks review within 3 months of the first short break on ${humanDay(start)}`,
      basis: ctx.explain
        ? [`Short breaks (reg 48): no review since the first short break on ${humanDay(start)}.`]
        : undefined,
    };
  }
  return {
    obligation: 'review',
    rule: 'review-short-breaks',
    citation: CITATION,
    force: 'statutory',
    due: addMonths(last, 6),
    explanation: `short-breaks review 6 months after the last on ${humanDay(last)}`,
    basis: ctx.explain
      ? [`Short breaks (reg 48): last review ${humanDay(last)}; then at most every 6 months.`]
      : undefined,
  };
}

export function shortBreakVisit(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  const weeks = c.shortBreakVisitWeeks;
  if (weeks === undefined) return undefined;
  const start = c.placement.start;
  const last = latestFrom(c.visits, start);
  if (last === undefined) {
    return {
      obligation: 'visit',
      rule: 'visit-short-breaks-first',
      citation: CITATION,
      force: 'statutory',
      due: start + weeks * 7,
      explanation: `first visit ${weeks} weeks after the short-breaks placement started on ${humanDay(start)} (interval agreed in the short-break care plan)`,
      basis: ctx.explain
        ? [`Short breaks (reg 48): visits every ${weeks} weeks as agreed; none recorded since ${humanDay(start)}.`]
        : undefined,
    };
  }
  return {
    obligation: 'visit',
    rule: 'visit-short-breaks',
    citation: CITATION,
    force: 'statutory',
    due: last + weeks * 7,
    explanation: `${weeks} weeks after the last visit on ${humanDay(last)} (interval agreed in the short-break care plan)`,
    basis: ctx.explain
      ? [`Short breaks (reg 48): visits every ${weeks} weeks as agreed; last ${humanDay(last)}.`]
      : undefined,
  };
}
