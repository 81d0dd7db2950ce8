/**
 * The delivery sweep wired to the three sending jobs: each re-run is the job's own use case for that day, with the
 * same dependencies as a scheduled run, restricted to the emails the sweep found unsettled.
 */
import type { UnsettledEmails } from '../ports/ledger-queries.js';
import { runDailyReminders } from '../use-cases/daily-reminders.js';
import { runEscalations } from '../use-cases/escalations.js';
import type { DailyDeps } from '../use-cases/job-deps.js';
import { type SweepDeps, sweepDeliveries } from '../use-cases/settle-deliveries.js';
import { runWeeklyDigest } from '../use-cases/weekly-digest.js';

/** Today and the two days before (Europe/London): a sweep outage of up to two days loses nothing. */
export const SWEEP_LOOKBACK_DAYS = 2;
/** The sweep's schedule: every hour (infra/constructs/delivery-sweep.ts). */
export const SWEEP_INTERVAL_SECONDS = 3600;

export function sweepDeps(deps: DailyDeps, unsettled: UnsettledEmails): SweepDeps {
  return {
    unsettled,
    clock: deps.clock,
    log: deps.log,
    quarantineSeconds: deps.quarantineSeconds,
    lookbackDays: SWEEP_LOOKBACK_DAYS,
    intervalSeconds: SWEEP_INTERVAL_SECONDS,
    rerun: (job, asOf, onlyKeys) => {
      const only = { ...deps, onlyKeys };
      if (job === 'escalations') return runEscalations(asOf, only);
      // Every team's and the service's digest of that week: only the unsettled ones are delivered.
      if (job === 'weekly-digest') return runWeeklyDigest(asOf, { scope: 'all' }, only);
      return runDailyReminders(asOf, only);
    },
  };
}

/** One sweep with a job run's dependencies. */
export const runDeliverySweep = (deps: DailyDeps, unsettled: UnsettledEmails) =>
  sweepDeliveries(sweepDeps(deps, unsettled));
