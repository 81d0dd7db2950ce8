/**
 * Declined health assessments and dental checks (rules.md "Declined health assessments and dental checks";
 * guidance: Promoting the health and well-being of looked-after children, 2015): a child of sufficient
 * understanding may refuse, or a parent withhold consent. The duty does not end: it is offered again.
 *
 * - The decline that counts is the latest one of that kind dated after the last completed event of that kind (any
 *   decline when none is completed). Declines after the as-of date never reach here: validation leaves them out.
 * - With such a decline on X, the due date is the later of the usual one and X + `reofferAfterDeclineMonths`, and
 *   the obligation carries `declined: X`. The status follows from that date as usual, so it is overdue again once
 *   the re-offer date passes with no new offer or completion.
 */
import { type Day, addMonths, humanDay } from '../calendar/local-date.js';
import type { Deadline, RuleContext } from '../obligations.js';
import type { ChildRecord, Declinable } from '../records/schema.js';

/** The date of the decline that counts, or undefined. */
export function countingDecline(
  declined: ChildRecord['declined'],
  obligation: Declinable,
  completed: readonly Day[],
): Day | undefined {
  let lastDone: Day | undefined;
  for (const d of completed) if (lastDone === undefined || d > lastDone) lastDone = d;
  let latest: Day | undefined;
  for (const x of declined) {
    if (x.obligation !== obligation) continue;
    if (lastDone !== undefined && x.date <= lastDone) continue;
    if (latest === undefined || x.date > latest) latest = x.date;
  }
  return latest;
}

/** The deadline with the decline that counts applied, or the deadline itself when none counts. */
export function withDecline(d: Deadline, c: ChildRecord, ctx: RuleContext): Deadline {
  if (c.declined.length === 0) return d;
  const obligation = d.obligation;
  if (obligation !== 'health-assessment' && obligation !== 'dental-check') return d;
  const completed = obligation === 'health-assessment' ? c.healthAssessments : c.dentalChecks;
  const x = countingDecline(c.declined, obligation, completed);
  if (x === undefined) return d;
  const months = ctx.policy.reofferAfterDeclineMonths;
  const reoffer = addMonths(x, months);
  const what = obligation === 'health-assessment' ? 'health assessment' : 'dental check';
  const explanation =
    reoffer > d.due
      ? `declined on ${humanDay(x)}; offer again by ${humanDay(reoffer)} (usually due ${humanDay(d.due)}: ${d.explanation})`
      : `${d.explanation}; declined on ${humanDay(x)}, and the usual date is later than the re-offer date ${humanDay(reoffer)}`;
  return {
    ...d,
    due: reoffer > d.due ? reoffer : d.due,
    explanation,
    declined: x,
    basis: d.basis
      ? [
          ...d.basis,
          `The ${what} was declined on ${humanDay(x)} (the latest decline since the last ${what}): it is offered again within ${months} months, by ${humanDay(reoffer)}; the due date is the later of that and ${humanDay(d.due)}.`,
        ]
      : undefined,
  };
}
