/**
 * What every scheduled function does at cold start (configuration parsed once, adapters wired, logger, metrics,
 * tracer on every SDK client) and at each invocation: the as-of date from the scheduler's time in London (or an
 * explicit re-run date), one run at a time through the run lock, a dry run on request, metrics from the summary.
 */
import { UseCaseError } from '../use-cases/errors.js';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { writePreviewFolder } from '../adapters/preview-folder.js';
import { type Config, loadConfig } from '../config/env.js';
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';
import { dateField } from '../domain/validation/dates.js';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../observability/metric-names.js';
import type { DailyDeps } from '../use-cases/job-deps.js';
import { refuseFutureAsOf } from '../use-cases/run-day.js';
import { loggableKey } from '../use-cases/deliver.js';
import { dryRun } from '../use-cases/preview.js';
import { type Adapters, createAdapters, deliveryDeps, logTo, reminderSettings } from './compose.js';
import { type MetricsSink, publishRunMetrics } from './observability.js';

export interface Runtime {
  config: Config;
  adapters: Adapters;
  logger: Logger;
  metrics: MetricsSink;
  tracer: Tracer;
  deps(): DailyDeps;
}

export function coldStart(): Runtime {
  const logger = new Logger({ serviceName: METRIC_SERVICE });
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
  // Tracing is on in Lambda (active tracing) and a no-op elsewhere.
  const tracer = new Tracer({ serviceName: METRIC_SERVICE });
  const config = loadConfig(process.env);
  const adapters = createAdapters(config, (client) => tracer.captureAWSv3Client(client));
  // Built once: the throttle reads the SES account's send rate once and paces sends across invocations.
  const shared = {
    ...deliveryDeps(config, adapters, logTo(logger)),
    store: adapters.store,
    policy: config.policy,
    settings: reminderSettings(config),
  };
  return {
    config,
    adapters,
    logger,
    metrics: metrics as unknown as MetricsSink,
    tracer,
    deps: () => ({ ...shared, runId: randomUUID() }),
  };
}

/**
 * `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, `{ "asOf": "YYYY-MM-DD" }` to re-run a day, and
 * `"dryRun": true` to plan and render that day's emails without claiming or sending any; other keys pass through.
 */
export const scheduledEventSchema = z
  .object({
    asOf: dateField.optional(),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    dryRun: z.boolean().default(false),
  })
  .loose();

/** A run for a day after today is refused (FutureAsOfError): see shared/use-cases/run-day.ts. */
export function asOfFrom(
  event: Pick<z.output<typeof scheduledEventSchema>, 'asOf' | 'scheduledTime'>,
  now: Date = new Date(),
): Day {
  return refuseFutureAsOf(event.asOf ?? londonDateOf(event.scheduledTime ?? now), now);
}

/** Thrown so that Lambda retries and alarms see a run that did not deliver everything; carries the summary. */
export class RunFailedError extends UseCaseError {
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

/** What a dry run returns: the summary and where each email was written (keys redacted as in the logs). */
export interface DryRunResult {
  dryRun: true;
  summary: Record<string, unknown>;
  folder: string;
  emails: { key: string; kind: string; audience: string; subject: string }[];
}

export interface LockedSkip {
  job: string;
  asOf: string;
  skipped: 'run-in-progress';
}

/**
 * Runs one job for one day: holding the job's run lock (a run that finds it held does nothing and says so; the
 * holder is finishing that work), with metrics from its summary, and failing the invocation if anything was not
 * delivered. With `dryRun`, nothing is claimed or sent: the emails are written under /tmp and listed.
 */
export async function runJob<S extends { job: string; asOf: string; failed: number; inProgress: number }>(
  runtime: Pick<Runtime, 'adapters' | 'logger' | 'metrics' | 'deps'>,
  options: { job: string; lock: string; asOf: Day; dryRun: boolean; lockSeconds: number },
  run: (deps: DailyDeps) => Promise<S>,
): Promise<S | DryRunResult | LockedSkip> {
  const deps = runtime.deps();
  if (options.dryRun) {
    const preview = dryRun(deps);
    const summary = await run(preview.deps);
    const folder = join(tmpdir(), `preview-${options.job}-${formatDay(options.asOf)}-${deps.runId}`);
    writePreviewFolder(folder, preview.emails);
    runtime.logger.info('dry run', { job: options.job, asOf: summary.asOf, emails: preview.emails.length });
    return {
      dryRun: true,
      summary: { ...summary },
      folder,
      emails: preview.emails.map((e) => ({
        key: loggableKey(e.key),
        kind: e.kind,
        audience: loggableKey(e.audience),
        subject: e.subject,
      })),
    };
  }
  const acquired = await runtime.adapters.runLock.acquire(
    options.lock,
    deps.runId,
    deps.clock.now(),
    options.lockSeconds,
  );
  if (!acquired) {
    const skipped: LockedSkip = { job: options.job, asOf: formatDay(options.asOf), skipped: 'run-in-progress' };
    runtime.logger.warn('another run of this job holds the run lock; this invocation did nothing', { ...skipped });
    publishRunMetrics(runtime.metrics, { ...skipped });
    return skipped;
  }
  try {
    const summary = await run(deps);
    runtime.logger.info(`${options.job.replaceAll('-', ' ')} run`, { summary });
    publishRunMetrics(runtime.metrics, { ...summary });
    const unknown = (summary as { unknown?: unknown }).unknown;
    // Not a plain success: SES may or may not hold these. The delivery sweep settles them after the quarantine.
    if (typeof unknown === 'number' && unknown > 0)
      runtime.logger.warn('emails left with an unknown outcome: the delivery sweep settles them after the quarantine', {
        job: options.job,
        asOf: summary.asOf,
        unknown,
      });
    return failIfUndelivered(summary);
  } finally {
    await runtime.adapters.runLock.release(options.lock, deps.runId, deps.clock.now());
  }
}

/** How long a run may hold its job's lock: the function's timeout and a minute, after which a crashed run's lock lapses. */
export const lockSecondsFor = (timeoutSeconds: number) => timeoutSeconds + 60;

/** The lock time for this invocation: its remaining time (the whole timeout when run outside Lambda) and a minute. */
export const lockSecondsOf = (context: Partial<Context> | undefined, defaultTimeoutSeconds: number) =>
  lockSecondsFor(Math.ceil((context?.getRemainingTimeInMillis?.() ?? defaultTimeoutSeconds * 1000) / 1000));

/**
 * The handler of a job fired by a schedule with the plain scheduled input (`asOf`, `scheduledTime`, `dryRun`):
 * parses it, and runs the job under a lock named after it.
 */
export function scheduledJobHandler<S extends { job: string; asOf: string; failed: number; inProgress: number }>(
  runtime: Runtime,
  job: string,
  defaultTimeoutSeconds: number,
  run: (asOf: Day, deps: DailyDeps) => Promise<S>,
) {
  return async (event: unknown, context?: Partial<Context>) => {
    const input = scheduledEventSchema.parse(event ?? {});
    const asOf = asOfFrom(input);
    return runJob(
      runtime,
      { job, lock: job, asOf, dryRun: input.dryRun, lockSeconds: lockSecondsOf(context, defaultTimeoutSeconds) },
      (deps) => run(asOf, deps),
    );
  };
}
