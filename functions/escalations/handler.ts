/**
 * Escalations, fired each morning after the daily reminders. Same input as the daily reminders (`asOf`,
 * `scheduledTime`, `dryRun`); one run at a time through the run lock.
 */
import { coldStart, scheduledJobHandler } from '../../shared/composition/lambda-runtime.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';

const runtime = coldStart();

export const handler = scheduledJobHandler(runtime, 'escalations', 600, runEscalations);
