/**
 * Escalations, fired each morning after the daily reminders. Same input as the daily reminders (`asOf`,
 * `scheduledTime`, `dryRun`); one run at a time through the run lock.
 */
import type { Context } from 'aws-lambda';
import {
  asOfFrom,
  coldStart,
  lockSecondsFor,
  runJob,
  scheduledEventSchema,
} from '../../shared/composition/lambda-runtime.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';

const runtime = coldStart();

export async function handler(event: unknown, context?: Partial<Context>) {
  const input = scheduledEventSchema.parse(event ?? {});
  const asOf = asOfFrom(input);
  return runJob(
    runtime,
    {
      job: 'escalations',
      lock: 'escalations',
      asOf,
      dryRun: input.dryRun,
      lockSeconds: lockSecondsFor(Math.ceil((context?.getRemainingTimeInMillis?.() ?? 600_000) / 1000)),
    },
    (deps) => runEscalations(asOf, deps),
  );
}
