/**
 * Daily reminders, fired by EventBridge Scheduler each working-day morning (Europe/London).
 * Input: `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, or `{ "asOf": "YYYY-MM-DD" }` to re-run a day.
 * Throws when any email failed, so the function's retries, its on-failure destination and the alarms see it;
 * a retry only sends what was not yet sent.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { createAdapters, deliveryDeps, logTo, reminderSettings } from '../../shared/adapters/compose.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { loadConfig } from '../../shared/config/env.js';
import { type DailySummary, runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { dateField } from '../../shared/domain/validation/dates.js';

const logger = new Logger({ serviceName: 'statutory-deadlines' });
const config = loadConfig(process.env);
const adapters = createAdapters(config);

const eventSchema = z.object({ asOf: dateField.optional(), scheduledTime: z.iso.datetime({ offset: true }).optional() }).loose();

/** Thrown so that Lambda retries and alarms see a run that did not deliver everything; carries the summary. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  constructor(message: string, readonly summary: unknown) {
    super(message);
  }
}

export async function handler(event: unknown): Promise<DailySummary> {
  const input = eventSchema.parse(event ?? {});
  const asOf = input.asOf ?? londonDateOf(input.scheduledTime ?? new Date());
  const summary = await runDailyReminders(asOf, {
    ...deliveryDeps(config, adapters, logTo(logger)),
    store: adapters.store,
    policy: config.policy,
    settings: reminderSettings(config),
    runId: randomUUID(),
  });
  logger.info('daily reminders run', { summary });
  if (summary.failed > 0 || summary.inProgress > 0) {
    throw new RunFailedError(`daily reminders for ${summary.asOf}: ${summary.failed} emails failed, ${summary.inProgress} still in progress elsewhere`, summary);
  }
  return summary;
}

