/**
 * Personal education plans (guidance: "Promoting the education of looked-after children and previously
 * looked-after children", DfE 2018). For children of early-years and school age (policy: ages 3 to 17 on the
 * as-of date).
 * - initial PEP: in place for the first review, i.e. within `pepInitialWorkingDays` (default 20) working days of
 *   becoming looked after, when none is recorded in the period of care;
 * - review: at least once in every school term: due on the last day of the current term when none is recorded in
 *   it; when one is, by the end of the next term. During a holiday the term that has just ended governs, so a term
 *   that ended without a review shows as overdue from its last day.
 * Term dates are configuration (`termCalendar`); see calendar/school-terms.ts for the default.
 */
import { addMonths, ageOn, humanDay } from '../calendar/local-date.js';
import { termAtOrBefore } from '../calendar/school-terms.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

const GUIDANCE = 'Promoting the education of looked-after children (DfE 2018)';

function termly(rule: string, due: number, explanation: string, basis: string[] | undefined): Deadline {
  return {
    obligation: 'pep',
    rule,
    citation: `${GUIDANCE}: PEP reviewed every school term`,
    force: 'guidance',
    due,
    explanation,
    basis,
  };
}

export function personalEducationPlan(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  const { pepMinAge, pepMaxAge, pepInitialWorkingDays: wd, terms, workingDays } = ctx.policy;
  const age = ageOn(c.dateOfBirth, ctx.asOf);
  if (age < pepMinAge || age > pepMaxAge) return undefined;
  const start = c.periodOfCareStart;
  const last = latestFrom(c.peps, start);
  if (last === undefined) {
    return {
      obligation: 'pep',
      rule: 'pep-initial',
      citation: `${GUIDANCE}: initial PEP in place for the first review`,
      force: 'guidance',
      due: workingDays.addWorkingDays(start, wd),
      explanation: `initial PEP within ${wd} working days of becoming looked after on ${humanDay(start)}`,
      basis: ctx.explain ? [`No PEP recorded since the period of care began on ${humanDay(start)}.`] : undefined,
    };
  }
  const current = termAtOrBefore(terms, ctx.asOf);
  if (!current) {
    // No term dates configured this far back: fall back to a term's typical length so nothing is silently dropped.
    return termly(
      'pep-review-no-terms',
      addMonths(last, 4),
      `4 months after the last PEP on ${humanDay(last)} (no term dates configured)`,
      undefined,
    );
  }
  const { term, index } = current;
  const basis = ctx.explain
    ? [
        `Governing term: ${humanDay(term.start)} to ${humanDay(term.end)}${ctx.asOf > term.end ? ' (school holiday now)' : ''}.`,
        `Last PEP: ${humanDay(last)}.`,
      ]
    : undefined;
  if (last >= term.start) {
    const next = terms[index + 1];
    if (!next) {
      return termly(
        'pep-review-no-terms',
        addMonths(last, 4),
        `4 months after the last PEP on ${humanDay(last)} (no later term dates configured)`,
        basis,
      );
    }
    return termly(
      'pep-termly-next-term',
      next.end,
      `by the end of next term (${humanDay(next.end)}): this term's PEP was on ${humanDay(last)}`,
      basis,
    );
  }
  return termly(
    'pep-termly',
    term.end,
    `by the last day of term (${humanDay(term.end)}): no PEP review this term; the last was on ${humanDay(last)}`,
    basis,
  );
}
