/**
 * Personal adviser for an eligible child, obligation `personal-adviser` (`local` timing of a statutory duty).
 * Each eligible child must have a personal adviser (CA 1989 Sch 2 para 19C); when is local practice (16½, 17 or
 * 17½ in the councils we know), so the age is the policy setting `personalAdviserByAgeMonths` (default 198 = 16½).
 * - Applies once the child is eligible (see eligible-child.ts for the eligibility date), as the needs assessment
 *   does; due at the policy age, or on the eligibility date if that is later.
 * - Done when `personalAdviserAllocated` (a date) is recorded.
 * Not for short breaks (no eligibility duties under reg 48): see evaluate.ts.
 */
import { type Day, addMonths, humanDay, later } from '../calendar/local-date.js';
import type { Deadline, RuleContext } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';
import { eligibilityDate } from './eligible-child.js';

/** "16½", "17", "17 years 3 months". */
export function ageInWords(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (rest === 0) return String(years);
  if (rest === 6) return `${years}½`;
  return `${years} years ${rest} month${rest === 1 ? '' : 's'}`;
}

export function personalAdviser(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  if (c.personalAdviserAllocated !== undefined) return undefined;
  const eligible: Day = eligibilityDate(c);
  if (eligible > ctx.asOf) return undefined;
  const months = ctx.policy.personalAdviserByAgeMonths;
  const byAge = addMonths(c.dateOfBirth, months);
  const age = ageInWords(months);
  const due = later(byAge, eligible);
  return {
    obligation: 'personal-adviser',
    rule: 'personal-adviser',
    citation: `CA 1989 Sch 2 para 19C; local policy: personal adviser by age ${age}`,
    force: 'local',
    due,
    explanation:
      due === byAge
        ? `personal adviser allocated by age ${age} (${humanDay(byAge)}): eligible child since ${humanDay(eligible)}`
        : `personal adviser allocated on becoming an eligible child on ${humanDay(eligible)} (after the local age of ${age})`,
    basis: ctx.explain
      ? [
          `Eligible child from ${humanDay(eligible)}; local policy: a personal adviser by age ${age} (${humanDay(byAge)}).`,
          'No personal adviser allocation recorded.',
        ]
      : undefined,
  };
}
