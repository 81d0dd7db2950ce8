/**
 * Weekly digest. Per-team schedules (see sync-schedules) send `{ "teamId": "T01", "scheduledTime": … }`; the
 * service-wide schedule sends `{ "scope": "service" }` for heads of service; `{ "scope": "all" }` does both.
 */
import { z } from 'zod';
import { asOfFrom, coldStart, failIfUndelivered, scheduledEventSchema } from '../../shared/adapters/lambda-runtime.js';
import { type DigestScope, type DigestSummary, runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';

const runtime = coldStart();
const eventSchema = scheduledEventSchema.extend({
  teamId: z.string().min(1).max(128).optional(),
  scope: z.enum(['team', 'service', 'all']).optional(),
});

export async function handler(event: unknown): Promise<DigestSummary> {
  const input = eventSchema.parse(event ?? {});
  const target: DigestScope = input.teamId
    ? { scope: 'team', teamId: input.teamId }
    : { scope: input.scope === 'service' ? 'service' : 'all' };
  const summary = await runWeeklyDigest(asOfFrom(input), target, runtime.deps());
  runtime.logger.info('weekly digest run', { summary });
  return failIfUndelivered(summary);
}
