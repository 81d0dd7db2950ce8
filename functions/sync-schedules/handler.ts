/** Creates, updates or deletes the per-team digest schedules to match the teams in the directory. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { z } from 'zod';
import { EventBridgeScheduleRegistry } from '../../shared/adapters/eventbridge-scheduler.js';
import { coldStart } from '../../shared/adapters/lambda-runtime.js';
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
const registry = new EventBridgeScheduleRegistry(new SchedulerClient({ region: runtime.config.AWS_REGION }), {
  group: target.SCHEDULE_GROUP,
  functionArn: target.DIGEST_FUNCTION_ARN,
  roleArn: target.SCHEDULER_ROLE_ARN,
  deadLetterQueueArn: target.SCHEDULER_DLQ_ARN,
});

export async function handler(): Promise<SyncSummary> {
  const summary = await runSyncSchedules(runtime.adapters.store, registry);
  runtime.logger.info('schedules synchronised', { summary });
  return summary;
}
