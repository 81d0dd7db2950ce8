/**
 * Strengths and Difficulties Questionnaire, obligation `sdq` (`guidance`): Promoting the health and well-being of
 * looked-after children (DfE/DH, 2015) and the SSDA903 return. The main carer completes an SDQ at least once a year
 * for each child aged 4 to 16.
 * - Applies while the child is aged 4 to 16 on the as-of date.
 * - Due 12 months after the last SDQ in the current period of care (the scope of every other event a child's
 *   obligations count: rules.md §1 "last qualifying event"); with none recorded in it, 12 months after the later
 *   of the period of care's start and the 4th birthday.
 * - `not-applicable` when due on or after the 17th birthday.
 * Not for short breaks (reg 48 disapplies the health duties): see evaluate.ts.
 */
import { addMonths, ageOn, birthday, humanDay, later } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

const GUIDANCE = 'Promoting the health and well-being of looked-after children (DfE/DH 2015); SSDA903';

export function strengthsAndDifficulties(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  const age = ageOn(c.dateOfBirth, ctx.asOf);
  if (age < 4 || age > 16) return undefined;
  const b17 = birthday(c.dateOfBirth, 17);
  const endsOn = {
    day: b17,
    reason: `due on or after the 17th birthday (${humanDay(b17)}): SDQs are for ages 4 to 16`,
  };
  const last = latestFrom(c.sdqs, c.periodOfCareStart);
  if (last === undefined) {
    const b4 = birthday(c.dateOfBirth, 4);
    const from = later(c.periodOfCareStart, b4);
    return {
      obligation: 'sdq',
      rule: 'sdq-first',
      citation: `${GUIDANCE}: SDQ at least once a year, ages 4 to 16`,
      force: 'guidance',
      due: addMonths(from, 12),
      explanation: `first SDQ 12 months after ${from === b4 ? `the 4th birthday on ${humanDay(b4)}` : `becoming looked after on ${humanDay(from)}`}`,
      basis: ctx.explain
        ? [
            `No SDQ recorded in this period of care; counted from the later of the period of care's start (${humanDay(c.periodOfCareStart)}) and the 4th birthday (${humanDay(b4)}).`,
          ]
        : undefined,
      endsOn,
    };
  }
  return {
    obligation: 'sdq',
    rule: 'sdq',
    citation: `${GUIDANCE}: SDQ at least once a year, ages 4 to 16`,
    force: 'guidance',
    due: addMonths(last, 12),
    explanation: `12 months after the last SDQ on ${humanDay(last)}`,
    basis: ctx.explain ? [`Last SDQ: ${humanDay(last)}.`] : undefined,
    endsOn,
  };
}
