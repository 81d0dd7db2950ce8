/**
 * Statutory visits by the child's social worker: CPPCR 2010 reg 28 (statutory).
 *
 * Visits count only when the child was seen, and only within the current placement: a placement move restarts
 * the clock (visits before the new start do not count). For a care order made while the child lives with a parent
 * (reg 28(5)) the clock runs from the care order date instead.
 *
 * Interpretations:
 * - The cadence follows the placement type and legal status as recorded now; a change (temporary approval becomes
 *   full approval, interim becomes full care order) applies from the next visit.
 * - Precedence when more than one paragraph could apply: reg 24 temporary approval or an interim care order with the
 *   child living with a parent (28(4)); then a reg 19 placement (28(3)); then a care order at home (28(5)); then a
 *   long-term foster placement of at least a year where the child agreed to fewer visits (28(3A)); else 28(2).
 * - 28(3A) needs a `foster` placement: since 2015 a long-term foster placement is by definition with a foster
 *   parent. On any other placement type `longTermFoster` and `reducedVisitsAgreed` are ignored (28(2) applies): a
 *   flag recorded on the wrong placement is never a reason to visit less.
 * - Short breaks (reg 48) are not here: see short-breaks.ts.
 * - "Weekly until the first review" ends with the first review on or after the placement start.
 * - "The first year" is judged at the last visit, for 28(2) and for 28(3A) alike: a last visit inside the first
 *   year makes the next due 6 weeks later, and a visit missed then stays overdue after the anniversary (it never
 *   turns into an upcoming one on the anniversary).
 */
import { addMonths, addYears, humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, earliestFrom, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

const CPPCR = 'CPPCR 2010 reg 28';

function visit(rule: string, para: string, due: number, explanation: string, basis: string[] | undefined): Deadline {
  return { obligation: 'visit', rule, citation: `${CPPCR}${para}`, force: 'statutory', due, explanation, basis };
}

export function statutoryVisit(c: ChildRecord, ctx: RuleContext): Deadline {
  const p = c.placement;
  const livingWithParent = p.type === 'placedWithParent' || p.type === 'placedWithParentPreAssessment';
  const careOrderAtHome = c.legalStatus === 'careOrder' && p.type === 'placedWithParent';
  const from = careOrderAtHome && c.careOrderDate !== undefined ? c.careOrderDate : p.start;
  const fromText =
    careOrderAtHome && c.careOrderDate !== undefined
      ? `the care order made on ${humanDay(from)}`
      : `the placement that started ${humanDay(p.start)}`;
  const last = latestFrom(c.visits, from);
  const basis = ctx.explain
    ? [
        `Visits counted: those on or after ${humanDay(from)} (${careOrderAtHome && c.careOrderDate !== undefined ? 'care order date' : 'placement start'}); ${c.visits.filter((v) => v >= from).length} recorded.`,
        last === undefined ? 'No visit recorded yet in this placement.' : `Last visit: ${humanDay(last)}.`,
      ]
    : undefined;

  // Weekly until the first review: reg 24 temporary approval / interim care order at home (28(4)); reg 19 (28(3)).
  const weekly28_4 =
    p.type === 'connectedPersonTemporary' || (c.legalStatus === 'interimCareOrder' && livingWithParent);
  const weekly28_3 = !weekly28_4 && p.type === 'placedWithParentPreAssessment';
  if (weekly28_4 || weekly28_3) {
    const para = weekly28_4 ? '(4)' : '(3)';
    const why = weekly28_4
      ? p.type === 'connectedPersonTemporary'
        ? 'connected person with temporary approval'
        : 'interim care order, living with a parent'
      : 'placed with a parent before the assessment is complete';
    const firstReview = earliestFrom(c.reviews, p.start);
    basis?.push(
      `Cadence: ${why} (${CPPCR}${para}): weekly until the first review, then at most every ${weekly28_4 ? 4 : 6} weeks.`,
      firstReview === undefined
        ? 'No review yet since the placement started, so visits are weekly.'
        : `First review since the placement started: ${humanDay(firstReview)}.`,
    );
    if (last === undefined) {
      return visit(
        `visit-weekly-first`,
        `${para}(a)`,
        p.start + 7,
        `first visit within 1 week of ${fromText} (${why})`,
        basis,
      );
    }
    if (firstReview === undefined) {
      return visit(
        'visit-weekly',
        `${para}(a)`,
        last + 7,
        `1 week after the last visit on ${humanDay(last)}: weekly until the first review (${why})`,
        basis,
      );
    }
    const weeks = weekly28_4 ? 4 : 6;
    return visit(
      'visit-after-first-review',
      `${para}(b)`,
      last + weeks * 7,
      `${weeks} weeks after the last visit on ${humanDay(last)}, since the first review on ${humanDay(firstReview)} (${why})`,
      basis,
    );
  }

  if (careOrderAtHome) {
    basis?.push(
      `Cadence: care order, living with a parent (${CPPCR}(5)): within 1 week of the care order, then at most every 6 weeks.`,
    );
    if (c.careOrderDate === undefined)
      basis?.push('No care order date recorded: counted from the placement start instead.');
    if (last === undefined) {
      return visit(
        'visit-care-order-at-home-first',
        '(5)(a)',
        from + 7,
        `first visit within 1 week of ${fromText} (living with a parent)`,
        basis,
      );
    }
    return visit(
      'visit-care-order-at-home',
      '(5)(b)',
      last + 42,
      `6 weeks after the last visit on ${humanDay(last)} (care order, living with a parent)`,
      basis,
    );
  }

  const firstYearEnds = addYears(p.start, 1);
  if (last === undefined) {
    basis?.push(`Cadence: ${CPPCR}(2)(a): first visit within 1 week of the start of any placement.`);
    return visit('visit-first', '(2)(a)', p.start + 7, `first visit within 1 week of ${fromText}`, basis);
  }

  if (p.type === 'foster' && p.longTermFoster && p.reducedVisitsAgreed && last >= firstYearEnds) {
    basis?.push(
      `Cadence: long-term foster placement for at least a year at the last visit (a year on ${humanDay(firstYearEnds)}), child agreed to fewer visits (${CPPCR}(3A)): at most every 6 months.`,
    );
    return visit(
      'visit-long-term-foster',
      '(3A)',
      addMonths(last, 6),
      `6 months after the last visit on ${humanDay(last)}: long-term foster placement, child agreed to fewer visits`,
      basis,
    );
  }

  if (last < firstYearEnds) {
    basis?.push(
      `Cadence: the last visit is within the first year of the placement (until ${humanDay(firstYearEnds)}) (${CPPCR}(2)(b)): at most every 6 weeks.`,
    );
    return visit(
      'visit-first-year',
      '(2)(b)',
      last + 42,
      `6 weeks after the last visit on ${humanDay(last)}, first year of ${fromText}`,
      basis,
    );
  }
  if (p.intendedUntil18) {
    basis?.push(
      `Cadence: after the first year of a placement intended to last until 18 (${CPPCR}(2)(c)(i)): at most every 3 months.`,
    );
    return visit(
      'visit-settled-until-18',
      '(2)(c)(i)',
      addMonths(last, 3),
      `3 months after the last visit on ${humanDay(last)}: after the first year of a placement intended to last until 18`,
      basis,
    );
  }
  basis?.push(
    `Cadence: after the first year of a placement not intended to last until 18 (${CPPCR}(2)(c)(ii)): at most every 6 weeks.`,
  );
  return visit(
    'visit-after-first-year',
    '(2)(c)(ii)',
    last + 42,
    `6 weeks after the last visit on ${humanDay(last)}, after the first year of ${fromText}`,
    basis,
  );
}
