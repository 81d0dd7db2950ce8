/**
 * Return home interview after a missing episode (`guidance`): Statutory guidance on children who run away or go
 * missing from home or care (DfE, January 2014). When a looked-after child returns from a missing episode, an
 * independent return home interview is offered within 72 hours.
 *
 * With dates only, due = the date the episode ended + 3 days. One obligation per ended episode without a recorded
 * offer (`interviewOffered`: a date, or `true` where the source holds only yes/no), in the order the episodes are
 * recorded. An episode still open raises none: the child is missing, which the `missing` flag shows. An offer
 * recorded with any date counts for its episode (the source ties the offer to the episode, not the date).
 */
import { humanDay } from '../calendar/local-date.js';
import type { Deadline, RuleContext } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

const CITATION =
  'Statutory guidance on children who run away or go missing from home or care (DfE 2014): return interview within 72 hours';

export function returnInterviews(c: ChildRecord, ctx: RuleContext, out: Deadline[]): void {
  const episodes = c.missingEpisodes;
  for (let i = 0; i < episodes.length; i++) {
    const e = episodes[i]!;
    if (e.end === undefined || e.interviewOffered !== false) continue;
    out.push({
      obligation: 'return-interview',
      rule: 'return-interview',
      citation: CITATION,
      force: 'guidance',
      due: e.end + 3,
      explanation: `return home interview offered within 72 hours of the missing episode that ended on ${humanDay(e.end)}`,
      basis: ctx.explain
        ? [
            `Missing from ${humanDay(e.start)} to ${humanDay(e.end)}; no offer of a return home interview recorded for it.`,
            'Due 3 days (72 hours) after the day the episode ended.',
          ]
        : undefined,
    });
  }
}
