/**
 * Weekly digest. Per-team schedules (see sync-schedules) send `{ "teamId": "T01", "scheduledTime": … }`; the
 * service-wide schedule sends `{ "scope": "service" }` for heads of service; `{ "scope": "all" }` does both.
 * `"dryRun": true` renders without sending. The run lock is per scope, so teams' digests run side by side.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import {
  asOfFrom,
  coldStart,
  lockSecondsFor,
  runJob,
  scheduledEventSchema,
} from '../../shared/composition/lambda-runtime.js';
import { type DigestScope, runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';

const runtime = coldStart();
const eventSchema = scheduledEventSchema.extend({
  teamId: z.string().min(1).max(128).optional(),
  scope: z.enum(['team', 'service', 'all']).optional(),
});

export async function handler(event: unknown, context?: Partial<Context>) {
  const input = eventSchema.parse(event ?? {});
  const target: DigestScope = input.teamId
    ? { scope: 'team', teamId: input.teamId }
    : { scope: input.scope === 'service' ? 'service' : 'all' };
  const asOf = asOfFrom(input);
  return runJob(
    runtime,
    {
      job: 'weekly-digest',
      lock: `weekly-digest#${target.scope === 'team' ? `team:${target.teamId}` : target.scope}`,
      asOf,
      dryRun: input.dryRun,
      lockSeconds: lockSecondsFor(Math.ceil((context?.getRemainingTimeInMillis?.() ?? 600_000) / 1000)),
    },
    (deps) => runWeeklyDigest(asOf, target, deps),
  );
}
