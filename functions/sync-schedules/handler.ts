/**
 * Creates, updates or deletes the per-team digest schedules to match the teams in the directory. One run at a time
 * through the run lock (two runs creating the same schedule would conflict); a run that finds it held does nothing.
 */
import { randomUUID } from 'node:crypto';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { z } from 'zod';
import { EventBridgeScheduleRegistry } from '../../shared/adapters/eventbridge-scheduler.js';
import { coldStart } from '../../shared/composition/lambda-runtime.js';
import { RunInProgressError, withRunLock } from '../../shared/ports/run-lock.js';
import { type SyncSummary, runSyncSchedules } from '../../shared/use-cases/sync-schedules.js';

const runtime = coldStart();
const target = z
  .object({
    SCHEDULE_GROUP: z.string().min(1),
    DIGEST_FUNCTION_ARN: z.string().min(1),
    SCHEDULER_ROLE_ARN: z.string().min(1),
    SCHEDULER_DLQ_ARN: z.string().min(1),
  })
  .parse(process.env);
const registry = new EventBridgeScheduleRegistry(
  runtime.tracer.captureAWSv3Client(new SchedulerClient({ region: runtime.config.AWS_REGION })),
  {
    group: target.SCHEDULE_GROUP,
    functionArn: target.DIGEST_FUNCTION_ARN,
    roleArn: target.SCHEDULER_ROLE_ARN,
    deadLetterQueueArn: target.SCHEDULER_DLQ_ARN,
  },
);

export async function handler(): Promise<SyncSummary | { skipped: 'run-in-progress' }> {
  try {
    const summary = await withRunLock(
      runtime.adapters.runLock,
      'sync-schedules',
      randomUUID(),
      { now: () => new Date() },
      360,
      () => runSyncSchedules(runtime.adapters.store, registry),
    );
    runtime.logger.info('schedules synchronised', { summary });
    return summary;
  } catch (error) {
    if (!(error instanceof RunInProgressError)) throw error;
    runtime.logger.warn('another run of sync-schedules holds the run lock; this invocation did nothing');
    return { skipped: 'run-in-progress' };
  }
}
