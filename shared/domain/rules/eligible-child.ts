/**
 * Eligible children: needs assessment and pathway plan, CPPCR 2010 regs 40–43 (statutory).
 *
 * A child aged 16 or 17 who has been looked after for at least 13 weeks in total since the 14th birthday is an
 * eligible child. Eligibility date = the later of the 16th birthday and (the later of the period start and the 14th
 * birthday) + (13 weeks − weeks already looked after since 14 in earlier periods, never below zero): it assumes the
 * current period of care has been continuous, which it is by definition.
 * - `needs-assessment`: not more than 3 months after the eligibility date (reg 42), unless one is recorded;
 * - `pathway-plan`: prepared after that assessment (same due date, reg 43), then reviewed not more than 6 months
 *   after the last review.
 * - Local target (`pathwayPlanBy16thBirthday`, off by default): from age 15, a child who will be eligible by the
 *   16th birthday has the first pathway plan due on it.
 */
import { type Day, addMonths, ageOn, birthday, humanDay, later } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

export function eligibilityDate(c: ChildRecord): Day {
  const counted = later(c.periodOfCareStart, birthday(c.dateOfBirth, 14));
  const weeksNeeded = Math.max(0, 13 - c.weeksLookedAfterSince14BeforePeriod);
  return later(birthday(c.dateOfBirth, 16), counted + weeksNeeded * 7);
}

function eligibilityBasis(c: ChildRecord, eligible: Day): string[] {
  return [
    `16th birthday: ${humanDay(birthday(c.dateOfBirth, 16))}; looked after since ${humanDay(later(c.periodOfCareStart, birthday(c.dateOfBirth, 14)))} (counting from the 14th birthday), with ${c.weeksLookedAfterSince14BeforePeriod} weeks in earlier periods.`,
    `Eligible child from ${humanDay(eligible)} (16 or over and 13 weeks looked after since 14).`,
  ];
}

export function eligibleChildNeedsAssessment(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  const eligible = eligibilityDate(c);
  if (eligible > ctx.asOf || c.needsAssessment !== undefined) return undefined;
  return {
    obligation: 'needs-assessment',
    rule: 'needs-assessment-eligible-child',
    citation: 'CPPCR 2010 reg 42',
    force: 'statutory',
    due: addMonths(eligible, 3),
    explanation: `needs assessment within 3 months of becoming an eligible child on ${humanDay(eligible)}`,
    basis: ctx.explain ? eligibilityBasis(c, eligible) : undefined,
  };
}

export function eligibleChildPathwayPlan(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  const eligible = eligibilityDate(c);
  const last = latestFrom(c.pathwayPlanReviews, Number.MIN_SAFE_INTEGER);
  if (last !== undefined && eligible <= ctx.asOf) {
    return {
      obligation: 'pathway-plan',
      rule: 'pathway-plan-review-eligible-child',
      citation: 'CPPCR 2010 reg 43',
      force: 'statutory',
      due: addMonths(last, 6),
      explanation: `pathway plan review 6 months after the last on ${humanDay(last)}`,
      basis: ctx.explain
        ? [...eligibilityBasis(c, eligible), `Last pathway plan review: ${humanDay(last)}.`]
        : undefined,
    };
  }
  const b16 = birthday(c.dateOfBirth, 16);
  if (
    last === undefined &&
    ctx.policy.pathwayPlanBy16thBirthday &&
    ageOn(c.dateOfBirth, ctx.asOf) >= 15 &&
    later(c.periodOfCareStart, birthday(c.dateOfBirth, 14)) +
      Math.max(0, 13 - c.weeksLookedAfterSince14BeforePeriod) * 7 <=
      b16
  ) {
    return {
      obligation: 'pathway-plan',
      rule: 'pathway-plan-by-16th-birthday',
      citation: 'Local target: pathway plan in place by the 16th birthday',
      force: 'local',
      due: b16,
      explanation: `local target: pathway plan in place by the 16th birthday (${humanDay(b16)})`,
      basis: undefined,
    };
  }
  if (eligible > ctx.asOf || last !== undefined) return undefined;
  return {
    obligation: 'pathway-plan',
    rule: 'pathway-plan-eligible-child',
    citation: 'CPPCR 2010 reg 43',
    force: 'statutory',
    due: addMonths(eligible, 3),
    explanation: `first pathway plan, after the needs assessment due 3 months after becoming an eligible child on ${humanDay(eligible)}`,
    basis: ctx.explain ? eligibilityBasis(c, eligible) : undefined,
  };
}
