/**
 * What every scheduled function does at cold start (configuration parsed once, adapters wired, logger) and at
 * each invocation (the as-of date from the scheduler's time in London, or an explicit re-run date).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { type Config, loadConfig } from '../config/env.js';
import type { Day } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';
import { dateField } from '../domain/validation/dates.js';
import type { DailyDeps } from '../use-cases/daily-reminders.js';
import { refuseFutureAsOf } from '../use-cases/run-day.js';
import { type Adapters, createAdapters, deliveryDeps, logTo, reminderSettings } from './compose.js';

export interface Runtime {
  config: Config;
  adapters: Adapters;
  logger: Logger;
  deps(): DailyDeps;
}

export function coldStart(): Runtime {
  const logger = new Logger({ serviceName: 'statutory-deadlines' });
  const config = loadConfig(process.env);
  const adapters = createAdapters(config);
  // Built once: the throttle reads the SES account's send rate once and paces sends across invocations.
  const shared = {
    ...deliveryDeps(config, adapters, logTo(logger)),
    store: adapters.store,
    policy: config.policy,
    settings: reminderSettings(config),
  };
  return { config, adapters, logger, deps: () => ({ ...shared, runId: randomUUID() }) };
}

/** `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }` or `{ "asOf": "YYYY-MM-DD" }`; other keys pass through. */
export const scheduledEventSchema = z
  .object({ asOf: dateField.optional(), scheduledTime: z.iso.datetime({ offset: true }).optional() })
  .loose();

/** A run for a day after today is refused (FutureAsOfError): see shared/use-cases/run-day.ts. */
export function asOfFrom(event: z.output<typeof scheduledEventSchema>, now: Date = new Date()): Day {
  return refuseFutureAsOf(event.asOf ?? londonDateOf(event.scheduledTime ?? now), now);
}

/** Thrown so that Lambda retries and alarms see a run that did not deliver everything; carries the summary. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  constructor(
    message: string,
    readonly summary: unknown,
  ) {
    super(message);
  }
}

export function failIfUndelivered<T extends { failed: number; inProgress: number; job: string; asOf: string }>(
  summary: T,
): T {
  if (summary.failed > 0 || summary.inProgress > 0) {
    throw new RunFailedError(
      `${summary.job} for ${summary.asOf}: ${summary.failed} emails failed, ${summary.inProgress} still in progress elsewhere`,
      summary,
    );
  }
  return summary;
}
