/**
 * Health assessments: CPPCR 2010 reg 7 (statutory); the 20 working days for the initial assessment come from the
 * statutory guidance "Promoting the health and well-being of looked-after children" (guidance).
 * - initial: within 20 working days of becoming looked after, unless one was done in the 3 months before
 *   (i.e. any assessment on or after the period start − 3 months satisfies it);
 * - review: not more than 6 months after the last one while the child was under 5 at that assessment, and not more
 *   than 12 months after it from age 5 (the interval follows the age at the last assessment, not today's age).
 */
import { addMonths, ageOn, humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

export function healthAssessment(c: ChildRecord, ctx: RuleContext): Deadline {
  const start = c.periodOfCareStart;
  const countsFrom = addMonths(start, -3);
  const last = latestFrom(c.healthAssessments, countsFrom);
  if (last === undefined) {
    return {
      obligation: 'health-assessment',
      rule: 'health-assessment-initial',
      citation: 'CPPCR 2010 reg 7; statutory guidance: 20 working days',
      force: 'guidance',
      due: ctx.policy.workingDays.addWorkingDays(start, 20),
      explanation: `initial health assessment within 20 working days of becoming looked after on ${humanDay(start)}`,
      basis: ctx.explain
        ? [
            `No assessment since ${humanDay(countsFrom)} (3 months before the period of care began), so an initial assessment is due 20 working days after ${humanDay(start)}.`,
          ]
        : undefined,
    };
  }
  const ageThen = ageOn(c.dateOfBirth, last);
  const under5 = ageThen < 5;
  return {
    obligation: 'health-assessment',
    rule: under5 ? 'health-assessment-review-under-5' : 'health-assessment-review',
    citation: 'CPPCR 2010 reg 7',
    force: 'statutory',
    due: addMonths(last, under5 ? 6 : 12),
    explanation: `${under5 ? 6 : 12} months after the last health assessment on ${humanDay(last)} (${under5 ? 'under 5' : 'aged 5 or over'} at that assessment)`,
    basis: ctx.explain
      ? [
          `Last assessment: ${humanDay(last)}, when the child was ${under5 ? 'under 5' : '5 or over'}: the next is due within ${under5 ? 6 : 12} months.`,
        ]
      : undefined,
  };
}
