import type { DailyDeps } from './job-deps.js';

/** The run record every job leaves in the ledger: evidence that it ran, and what it did. */
export async function recordRun(
  deps: Pick<DailyDeps, 'ledger' | 'clock' | 'runId'>,
  summary: { job: string; asOf: string },
  startedAt: Date,
): Promise<void> {
  await deps.ledger.saveRun({
    job: summary.job,
    asOf: summary.asOf,
    runId: deps.runId,
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    summary: { ...summary },
  });
}
