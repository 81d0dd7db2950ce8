/**
 * Management oversight (local policy, on by default): case supervision recorded at least every
 * `supervisionIntervalWeeks` (default 8), matching the KPI "supervision within the past 8 weeks". With none
 * recorded in the period of care, the first is due that many weeks after it began.
 */
import { humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

export function supervision(c: ChildRecord, ctx: RuleContext): Deadline | undefined {
  if (!ctx.policy.supervisionEnabled) return undefined;
  const weeks = ctx.policy.supervisionIntervalWeeks;
  const last = latestFrom(c.supervisions, c.periodOfCareStart);
  const citation = `Local policy: case supervision at least every ${weeks} weeks`;
  if (last === undefined) {
    return {
      obligation: 'supervision',
      rule: 'supervision-first',
      citation,
      force: 'local',
      due: c.periodOfCareStart + weeks * 7,
      explanation: `first case supervision ${weeks} weeks after becoming looked after on ${humanDay(c.periodOfCareStart)}`,
      basis: ctx.explain
        ? [`No supervision recorded since the period of care began on ${humanDay(c.periodOfCareStart)}.`]
        : undefined,
    };
  }
  return {
    obligation: 'supervision',
    rule: 'supervision',
    citation,
    force: 'local',
    due: last + weeks * 7,
    explanation: `${weeks} weeks after the last case supervision on ${humanDay(last)}`,
    basis: ctx.explain ? [`Last supervision in this period of care: ${humanDay(last)}.`] : undefined,
  };
}
