/**
 * The daily reminder run: at most one email a day to each worker with something that needs their attention, and
 * one to each team manager about cases that reach nobody (unallocated, inactive worker, no or bouncing address)
 * and records that could not be read. Exactly once per (recipient, day) through the ledger; state-based, so a
 * missed day is caught up and a re-run of the same day sends nothing new.
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import { loadFreshness } from './data-freshness.js';
import { type DeliveryCounts, deliverAll, noDeliveries } from './deliver-all.js';
import { countInvalid, evaluateCaseload } from './evaluate-caseload.js';
import type { DailyDeps } from './job-deps.js';
import { rerunNote } from './run-day.js';
import { recordRun } from './run-record.js';
import { planEmails } from './plan-daily-emails.js';

export interface DailySummary extends DeliveryCounts {
  job: 'daily-reminders';
  asOf: string;
  runId: string;
  skipped?: 'non-working-day';
  recordsRead: number;
  invalidRecords: number;
  /** Values left out of records that were still evaluated (rules.md §4 item 10), listed to the team managers. */
  valuesLeftOut: number;
  /** Cases the latest export named but could not read: kept open on their last good version, listed by reference. */
  notReadable: number;
  /** Worker or team entries (or a worker's absences) that could not be read. */
  directoryProblems: number;
  unreachableCases: number;
  /** Unreachable cases of teams with no usable manager address, sent to the heads of service instead. */
  unreachableToHeadsOfService: number;
  /** Set when this is a re-run of an earlier day (it evaluated today's records). */
  rerun?: string;
  obligations: number;
  overdue: number;
  /** Overdue and due-soon items by obligation kind: the run's metrics and dashboard. */
  overdueByObligation: Record<string, number>;
  dueSoonByObligation: Record<string, number>;
  workersEmailed: number;
  managersEmailed: number;
  /** Whole days since the last complete import (null: none recorded); `staleData` flags it for the alarm. */
  dataAgeDays: number | null;
  staleData: boolean;
}

export async function runDailyReminders(asOf: Day, deps: DailyDeps): Promise<DailySummary> {
  const startedAt = deps.clock.now();
  const summary: DailySummary = {
    job: 'daily-reminders',
    asOf: formatDay(asOf),
    runId: deps.runId,
    recordsRead: 0,
    invalidRecords: 0,
    valuesLeftOut: 0,
    notReadable: 0,
    directoryProblems: 0,
    unreachableCases: 0,
    unreachableToHeadsOfService: 0,
    obligations: 0,
    overdue: 0,
    overdueByObligation: {},
    dueSoonByObligation: {},
    workersEmailed: 0,
    managersEmailed: 0,
    dataAgeDays: null,
    staleData: false,
    ...noDeliveries(),
    ...rerunNote(asOf, startedAt),
  };
  if (deps.policy.skipNonWorkingDays && !deps.policy.workingDays.isWorkingDay(asOf)) {
    summary.skipped = 'non-working-day';
    await recordRun(deps, summary, startedAt);
    return summary;
  }
  const caseload = await evaluateCaseload(
    deps.store,
    asOf,
    deps.policy,
    deps.settings.scanSegments,
    undefined,
    deps.timings,
  );
  summary.recordsRead = caseload.recordsRead;
  summary.invalidRecords = countInvalid(caseload);
  summary.valuesLeftOut = caseload.findings.filter((f) => f.evaluated).length;
  summary.notReadable = caseload.notReadable?.length ?? 0;
  // A directory entry or one of its absences that cannot be read costs only itself; the run says which, by id.
  summary.directoryProblems = caseload.directoryProblems.length;
  if (caseload.directoryProblems.length)
    deps.log.warn('directory entries or absences could not be read', {
      problems: caseload.directoryProblems.map((p) => ({ entity: p.entity, id: p.id, field: p.detail.split(':')[0] })),
    });
  for (const c of caseload.cases) {
    summary.obligations += c.obligations.length;
    for (const o of c.obligations) {
      if (o.status === 'overdue') {
        summary.overdue++;
        summary.overdueByObligation[o.obligation] = (summary.overdueByObligation[o.obligation] ?? 0) + 1;
      } else if (o.status === 'due-soon' || o.status === 'due-today')
        summary.dueSoonByObligation[o.obligation] = (summary.dueSoonByObligation[o.obligation] ?? 0) + 1;
    }
    if (c.route.to === 'manager') summary.unreachableCases++;
  }

  const freshness = await loadFreshness(asOf, deps.store, deps.policy);
  summary.dataAgeDays = freshness?.ageDays ?? null;
  summary.staleData = freshness?.stale ?? false;

  let mark = performance.now();
  const { plans, settled, toHeadsOfService } = await planEmails(caseload, asOf, deps, freshness);
  summary.unreachableToHeadsOfService = toHeadsOfService;
  if (deps.timings) deps.timings.render = performance.now() - mark;
  mark = performance.now();
  summary.workersEmailed = plans.filter((p) => p.intent.kind === 'daily-reminder').length;
  summary.managersEmailed = plans.filter((p) => p.intent.kind === 'manager-daily').length;
  Object.assign(summary, await deliverAll(plans, deps));
  if (deps.timings) deps.timings.send = performance.now() - mark;
  // Audiences with nothing new whose email for today already went: a re-run of the day.
  const statuses = await deps.ledger.emailStatuses(settled);
  for (const status of statuses.values()) if (status === 'sent') summary.alreadySent++;
  await recordRun(deps, summary, startedAt);
  return summary;
}
