/**
 * Statutory reviews of the child's case: CPPCR 2010 reg 33 (statutory).
 * - reg 33(1): first review within 20 working days of the date the child became looked after;
 * - reg 33(2): the second not more than 3 months after the first, later ones not more than 6 months apart.
 * Reviews count within the current period of care only: a new period starts the sequence again, a placement move
 * does not.
 */
import { addMonths, humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, eventsFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

function review(
  rule: string,
  citation: string,
  due: number,
  explanation: string,
  basis: string[] | undefined,
): Deadline {
  return { obligation: 'review', rule, citation, force: 'statutory', due, explanation, basis };
}

export function statutoryReview(c: ChildRecord, ctx: RuleContext): Deadline {
  const start = c.periodOfCareStart;
  const reviews = eventsFrom(c.reviews, start);
  const basis = ctx.explain
    ? [`Reviews counted: those since the period of care began on ${humanDay(start)}; ${reviews.length} recorded.`]
    : undefined;
  if (reviews.length === 0) {
    basis?.push('No review yet: the first is due 20 working days after becoming looked after (bank holidays skipped).');
    return review(
      'review-first',
      'CPPCR 2010 reg 33(1)',
      ctx.policy.workingDays.addWorkingDays(start, 20),
      `first review within 20 working days of becoming looked after on ${humanDay(start)}`,
      basis,
    );
  }
  const last = reviews[reviews.length - 1]!;
  if (reviews.length === 1) {
    basis?.push(`One review so far (${humanDay(last)}): the second is due not more than 3 months after it.`);
    return review(
      'review-second',
      'CPPCR 2010 reg 33(2)',
      addMonths(last, 3),
      `3 months after the first review on ${humanDay(last)}`,
      basis,
    );
  }
  basis?.push(
    `${reviews.length} reviews so far, the last on ${humanDay(last)}: the next is due not more than 6 months after it.`,
  );
  return review(
    'review-subsequent',
    'CPPCR 2010 reg 33(2)',
    addMonths(last, 6),
    `6 months after the last review on ${humanDay(last)}`,
    basis,
  );
}
