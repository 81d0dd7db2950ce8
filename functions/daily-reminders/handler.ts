/**
 * Daily reminders, fired by EventBridge Scheduler each morning (Europe/London; the job skips non-working days).
 * Input: `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, `{ "asOf": "YYYY-MM-DD" }` to re-run a day, and
 * `"dryRun": true` to render that day's emails without sending. Throws when any email failed, so the function's
 * retries, its on-failure destination and the alarms see it; a retry only sends what was not yet sent. One run at
 * a time through the run lock.
 */
import { coldStart, scheduledJobHandler } from '../../shared/composition/lambda-runtime.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';

const runtime = coldStart();

export const handler = scheduledJobHandler(runtime, 'daily-reminders', 900, runDailyReminders);
