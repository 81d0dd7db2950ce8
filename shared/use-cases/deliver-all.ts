/**
 * The delivery loop every job shares: each planned email goes through exactly-once delivery (deliver.ts), a few at
 * a time, and the outcomes are counted for the run's summary.
 */
import type { EmailIntent } from '../ports/ledger.js';
import type { RenderedEmail } from '../templates/worker-reminder.js';
import { type DeliveryDeps, type DeliveryOutcome, deliver } from './deliver.js';

/** One email a job has decided to send: what the ledger records and what the recipient reads. */
export interface PlannedEmail {
  intent: EmailIntent;
  rendered: RenderedEmail;
}

export interface DeliveryCounts {
  emailsSent: number;
  alreadySent: number;
  inProgress: number;
  failed: number;
  /** Handed to SES without an answer: waiting for the Send event or the quarantine (see deliver.ts). */
  unknown: number;
  /** Sent again after the quarantine, with a line saying they may be a repeat (included in emailsSent). */
  possibleRepeats: number;
}

export const noDeliveries = (): DeliveryCounts => ({
  emailsSent: 0,
  alreadySent: 0,
  inProgress: 0,
  failed: 0,
  unknown: 0,
  possibleRepeats: 0,
});

export async function deliverAll(
  plans: PlannedEmail[],
  deps: DeliveryDeps & { settings: { sendConcurrency: number }; runId: string },
): Promise<DeliveryCounts> {
  const counts = noDeliveries();
  const tally: Record<DeliveryOutcome, keyof DeliveryCounts> = {
    sent: 'emailsSent',
    'sent-possible-repeat': 'emailsSent',
    'already-sent': 'alreadySent',
    'in-progress': 'inProgress',
    failed: 'failed',
    unknown: 'unknown',
  };
  // The delivery sweep re-runs a day for the emails it found unsettled only (settle-deliveries.ts).
  const only = deps.onlyKeys;
  const wanted = only ? plans.filter((p) => only.has(p.intent.key)) : plans;
  await inParallel(wanted, deps.settings.sendConcurrency, async ({ intent, rendered }) => {
    const outcome = await deliver(
      intent,
      {
        to: intent.recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: rendered.headers,
        ...(rendered.replyTo ? { replyTo: rendered.replyTo } : {}),
        reference: intent.key,
        tags: { job: intent.kind, run: deps.runId },
      },
      deps,
    );
    counts[tally[outcome]]++;
    if (outcome === 'sent-possible-repeat') counts.possibleRepeats++;
  });
  return counts;
}

/**
 * Runs `task` over `items` with at most `limit` in flight. A failure stops new work but waits for the work in
 * flight to finish before it is reported: nothing may still be sending after the run has returned.
 */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (index < items.length && !failure) {
      try {
        await task(items[index++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure.error;
}
