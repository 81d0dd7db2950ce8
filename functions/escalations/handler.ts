/** Escalations, fired each working-day morning after the daily reminders. */
import { asOfFrom, coldStart, failIfUndelivered, scheduledEventSchema } from '../../shared/adapters/lambda-runtime.js';
import { type EscalationSummary, runEscalations } from '../../shared/use-cases/escalations.js';

const runtime = coldStart();

export async function handler(event: unknown): Promise<EscalationSummary> {
  const input = scheduledEventSchema.parse(event ?? {});
  const summary = await runEscalations(asOfFrom(input), runtime.deps());
  runtime.logger.info('escalations run', { summary });
  return failIfUndelivered(summary);
}
