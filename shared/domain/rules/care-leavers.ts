/**
 * Care leavers: Care Leavers (England) Regulations 2010 (CLR) and Children Act 1989.
 *
 * - `needs-assessment` (CLR reg 5, statutory): not more than 3 months after becoming a relevant child (16–17 and
 *   left care) without a pathway plan (reg 5(2)(a)); or after a former relevant young person under 25 tells the
 *   authority they want to return to education or training (reg 5(2)(b), CA 1989 s23CA), recorded as the date the
 *   authority was told in `returnToEducationRequested`. A recorded assessment on or after that date satisfies it.
 *   `supportRequested` (support to 25 under s23CZB) extends support but starts no assessment clock, whether it
 *   holds `true` or a date.
 * - `pathway-plan` (CLR reg 7, statutory): reviewed not more than 6 months after the last review; with none
 *   recorded, the first is due 3 months after care ended.
 * - `pa-contact`: where the authority provides the accommodation (CLR reg 8(2), statutory) a visit at that
 *   accommodation within 7 days of it starting, then at most every 2 months (a visit before each pathway plan review
 *   is implied, since reviews are further apart). Only contacts on or after `accommodationStart` count: one before it
 *   was not at that accommodation. Otherwise at least every `paContactWeeks` (local, default 8), the first that many
 *   weeks after care ended.
 * - Support ends at 21 (CA 1989 s23C(6)), or 25 when in education or training (s23C(7)), support was requested
 *   (s23CZB) or a return to education was asked for (s23CA). After it ends nothing is due and nothing is overdue
 *   (see evaluate.ts).
 */
import { type Day, addMonths, birthday, humanDay, later } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { LeaverRecord } from '../records/schema.js';

export function endOfSupport(l: LeaverRecord): { date: Day; age: 21 | 25 } {
  const age =
    l.inEducationOrTraining || l.supportRequested !== false || l.returnToEducationRequested !== undefined ? 25 : 21;
  return { date: birthday(l.dateOfBirth, age), age };
}

export function leaverNeedsAssessment(l: LeaverRecord, ctx: RuleContext): Deadline | undefined {
  if (l.category === 'relevant') {
    if (l.needsAssessment !== undefined || l.pathwayPlanReviews.length > 0) return undefined;
    const relevantFrom = later(l.ceasedCareDate, birthday(l.dateOfBirth, 16));
    return {
      obligation: 'needs-assessment',
      rule: 'needs-assessment-relevant-child',
      citation: 'CLR 2010 reg 5(2)(a)',
      force: 'statutory',
      due: addMonths(relevantFrom, 3),
      explanation: `needs assessment within 3 months of becoming a relevant child on ${humanDay(relevantFrom)}, with no pathway plan`,
      basis: ctx.explain ? ['Relevant child with no needs assessment and no pathway plan recorded.'] : undefined,
    };
  }
  const requested = l.returnToEducationRequested;
  if (requested === undefined) return undefined;
  if (l.needsAssessment !== undefined && l.needsAssessment >= requested) return undefined;
  return {
    obligation: 'needs-assessment',
    rule: 'needs-assessment-return-to-education',
    citation: 'CLR 2010 reg 5(2)(b)',
    force: 'statutory',
    due: addMonths(requested, 3),
    explanation: `needs assessment within 3 months of being told on ${humanDay(requested)} of the wish to return to education or training`,
    basis: ctx.explain
      ? [
          `Former relevant young person; the authority was told on ${humanDay(requested)} of the wish to return to education or training.`,
          l.needsAssessment === undefined
            ? 'No needs assessment recorded.'
            : `The last needs assessment (${humanDay(l.needsAssessment)}) was before that.`,
        ]
      : undefined,
  };
}

export function leaverPathwayPlan(l: LeaverRecord, ctx: RuleContext): Deadline {
  const last = latestFrom(l.pathwayPlanReviews, Number.MIN_SAFE_INTEGER);
  if (last === undefined) {
    return {
      obligation: 'pathway-plan',
      rule: 'pathway-plan-first-review-leaver',
      citation: 'CLR 2010 reg 7',
      force: 'statutory',
      due: addMonths(l.ceasedCareDate, 3),
      explanation: `first pathway plan review 3 months after leaving care on ${humanDay(l.ceasedCareDate)}`,
      basis: ctx.explain ? ['No pathway plan review recorded.'] : undefined,
    };
  }
  return {
    obligation: 'pathway-plan',
    rule: 'pathway-plan-review-leaver',
    citation: 'CLR 2010 reg 7',
    force: 'statutory',
    due: addMonths(last, 6),
    explanation: `pathway plan review 6 months after the last on ${humanDay(last)}`,
    basis: ctx.explain ? [`Last pathway plan review: ${humanDay(last)}.`] : undefined,
  };
}

function contact(
  rule: string,
  citation: string,
  force: 'statutory' | 'local',
  due: number,
  explanation: string,
  basis: string[] | undefined,
): Deadline {
  return { obligation: 'pa-contact', rule, citation, force, due, explanation, basis };
}

export function personalAdviserContact(l: LeaverRecord, ctx: RuleContext): Deadline {
  if (l.accommodationProvidedByLA && l.accommodationStart !== undefined) {
    const start = l.accommodationStart;
    // Only contacts at this accommodation count: those on or after the day it started.
    const sinceStart = latestFrom(l.contacts, start);
    if (sinceStart === undefined) {
      return contact(
        'pa-contact-la-accommodation-first',
        'CLR 2010 reg 8(2)',
        'statutory',
        start + 7,
        `visit at the accommodation within 7 days of it starting on ${humanDay(start)}`,
        ctx.explain
          ? [
              `Accommodation provided by the authority from ${humanDay(start)}; no contact recorded since (earlier contacts were not at this accommodation).`,
            ]
          : undefined,
      );
    }
    return contact(
      'pa-contact-la-accommodation',
      'CLR 2010 reg 8(2)',
      'statutory',
      addMonths(sinceStart, 2),
      `2 months after the last contact on ${humanDay(sinceStart)} (accommodation provided by the authority)`,
      ctx.explain ? [`Accommodation provided by the authority; last contact ${humanDay(sinceStart)}.`] : undefined,
    );
  }
  const last = latestFrom(l.contacts, Number.MIN_SAFE_INTEGER);
  const weeks = ctx.policy.paContactWeeks;
  const citation = `Local policy: personal adviser contact at least every ${weeks} weeks`;
  if (last === undefined) {
    return contact(
      'pa-contact-first',
      citation,
      'local',
      l.ceasedCareDate + weeks * 7,
      `first personal adviser contact ${weeks} weeks after leaving care on ${humanDay(l.ceasedCareDate)}`,
      undefined,
    );
  }
  return contact(
    'pa-contact',
    citation,
    'local',
    last + weeks * 7,
    `${weeks} weeks after the last contact on ${humanDay(last)}`,
    undefined,
  );
}
