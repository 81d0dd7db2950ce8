/**
 * Dental checks (local policy). There is no statutory interval: the national return (SSDA903) only asks whether the
 * child's teeth were checked in the last 12 months. Policy: every `dentalIntervalMonths` (default 6; 12 is the
 * national floor) and, with none recorded in the period of care, a first check within `dentalFirstCheckWorkingDays`
 * (default 40) working days of becoming looked after. Checks count from the period start.
 */
import { addMonths, humanDay } from '../calendar/local-date.js';
import { type Deadline, type RuleContext, latestFrom } from '../obligations.js';
import type { ChildRecord } from '../records/schema.js';

export function dentalCheck(c: ChildRecord, ctx: RuleContext): Deadline {
  const { dentalIntervalMonths: months, dentalFirstCheckWorkingDays: wd } = ctx.policy;
  const last = latestFrom(c.dentalChecks, c.periodOfCareStart);
  if (last === undefined) {
    return {
      obligation: 'dental-check',
      rule: 'dental-check-first',
      citation: `Local policy: first dental check within ${wd} working days of becoming looked after`,
      force: 'local',
      due: ctx.policy.workingDays.addWorkingDays(c.periodOfCareStart, wd),
      explanation: `first dental check within ${wd} working days of becoming looked after on ${humanDay(c.periodOfCareStart)}`,
      basis: ctx.explain
        ? [`No dental check recorded since the period of care began on ${humanDay(c.periodOfCareStart)}.`]
        : undefined,
    };
  }
  return {
    obligation: 'dental-check',
    rule: 'dental-check',
    citation: `Local policy: dental check every ${months} months (national return: within 12 months)`,
    force: 'local',
    due: addMonths(last, months),
    explanation: `${months} months after the last dental check on ${humanDay(last)}`,
    basis: ctx.explain
      ? [`Last dental check in this period of care: ${humanDay(last)}; local interval ${months} months.`]
      : undefined,
  };
}
