/**
 * Weekly digest. Per-team schedules (see sync-schedules) fire every working weekday with
 * `{ "teamId": "T01", "scheduledTime": … }` and the digest goes on the team's day (the next working day after a
 * bank holiday); the
 * service-wide schedule does the same with `{ "scope": "service", "digestDay": 1 }` for heads of service; `{ "scope": "all" }` does both.
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
  /** The service digest's weekday (1 = Monday), sent by its schedule. */
  digestDay: z.number().int().min(1).max(7).optional(),
});

export async function handler(event: unknown, context?: Partial<Context>) {
  const input = eventSchema.parse(event ?? {});
  // A team's own schedule fires every working weekday (it carries scheduledTime): the use case sends only on the
  // team's digest day, or the next working day after a bank holiday. A manual run for a team sends this week's.
  const target: DigestScope = input.teamId
    ? { scope: 'team', teamId: input.teamId, scheduled: input.scheduledTime !== undefined }
    : input.scope === 'service'
      ? {
          scope: 'service',
          ...(input.scheduledTime !== undefined && input.digestDay !== undefined ? { digestDay: input.digestDay } : {}),
        }
      : { scope: 'all' };
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
