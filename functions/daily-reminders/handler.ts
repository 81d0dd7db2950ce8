/**
 * Daily reminders, fired by EventBridge Scheduler each working-day morning (Europe/London).
 * Input: `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, or `{ "asOf": "YYYY-MM-DD" }` to re-run a day.
 * Throws when any email failed, so the function's retries, its on-failure destination and the alarms see it;
 * a retry only sends what was not yet sent.
 */
import { asOfFrom, coldStart, failIfUndelivered, scheduledEventSchema } from '../../shared/adapters/lambda-runtime.js';
import { type DailySummary, runDailyReminders } from '../../shared/use-cases/daily-reminders.js';

const runtime = coldStart();

export async function handler(event: unknown): Promise<DailySummary> {
  const input = scheduledEventSchema.parse(event ?? {});
  const summary = await runDailyReminders(asOfFrom(input), runtime.deps());
  runtime.logger.info('daily reminders run', { summary });
  return failIfUndelivered(summary);
}
