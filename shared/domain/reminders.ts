/**
 * Reminder policy: which obligations a person is told about today, and when an item has already been told.
 *
 * Stages are state-based, so a missed day is caught up by the next run and a re-run of the same day finds every
 * stage already recorded:
 * - an item enters a reminder stage at each configured number of days before it is due (default 14, 7, 2, 0); it is
 *   announced once per stage, the stage being the nearest one it has reached (after a weekend an item that passed
 *   two stages is announced once, at the later one);
 * - an overdue item is announced when it first becomes overdue and again every `overdueRepeatDays` (default 7):
 *   its overdue stage is how many whole repeat periods it has been overdue;
 * - an email is only sent when at least one item is announced; when it is, it lists every overdue item and a short
 *   "coming up" list, so the worker always sees the whole picture.
 */
import { type Day, formatDay, isoWeekday } from './calendar/local-date.js';
import type { Obligation } from './obligations.js';
import type { Policy } from './policy.js';
import { escaped, ledgerKey } from './ledger-key.js';

export type Stage = `before-${number}` | `overdue-${number}`;

/** The stage an obligation has reached on the as-of date, or undefined if it is not yet in any. */
export function stageOf(o: Obligation, policy: Policy): Stage | undefined {
  if (o.status === 'not-applicable') return undefined;
  if (o.days < 0) return `overdue-${Math.floor((-o.days - 1) / policy.overdueRepeatDays)}`;
  let reached: number | undefined;
  for (const s of policy.reminderStages) if (o.days <= s && (reached === undefined || s < reached)) reached = s;
  return reached === undefined ? undefined : `before-${reached}`;
}

/**
 * The ledger key for "this audience has been told about this item at this stage". The audience is part of the key
 * so that a case moved to a new worker is announced to them afresh.
 */
export function noticeKey(audience: string, o: Obligation, stage: Stage): string {
  // The audience is already a key part (`tagged`); the record id is escaped so that no id can collide.
  return ledgerKey('notice', escaped(audience), o.recordId, o.obligation, formatDay(o.due), stage);
}

export type Urgency = 'overdue' | 'due-today' | 'due-soon' | 'coming-up';

export function urgencyOf(o: Obligation, comingUpDays: number): Urgency | undefined {
  if (o.status === 'not-applicable') return undefined;
  if (o.days < 0) return 'overdue';
  if (o.days === 0) return 'due-today';
  if (o.status === 'due-soon') return 'due-soon';
  return o.days <= comingUpDays ? 'coming-up' : undefined;
}

/** The day the London working week of `d` starts (Monday). */
export function weekStarting(d: Day): Day {
  return d - (isoWeekday(d) - 1);
}
