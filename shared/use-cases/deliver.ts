/**
 * Exactly-once delivery of one email through the ledger:
 *   claim (conditional write) → send (throttled, retried on transient errors) → mark sent → record its notices.
 * A re-run finds a sent email and skips it; a retryable failure is released for the next attempt; a permanent one
 * is recorded with its reason. A process that dies between SES accepting a message and the ledger recording it
 * leaves a claim that expires after its lease; SES's Send event (carrying the email's reference header) records
 * the acceptance in the ledger meanwhile, so the expired claim is treated as sent rather than sent again. Only a
 * claim SES never accepted is taken over and sent. Logging happens where the fate of an email is decided, here,
 * with ids and never personal data.
 */
import { recipientAllowed } from '../domain/recipients.js';
import { type EmailSender, EmailSendError, type OutgoingEmail } from '../ports/email-sender.js';
import type { Clock, EmailIntent, Ledger } from '../ports/ledger.js';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'in-progress' | 'failed';

export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface DeliveryDeps {
  ledger: Ledger;
  sender: EmailSender;
  clock: Clock;
  log: Log;
  allowedDomains: readonly string[];
  /** Waits for a send slot (rate limit); resolves immediately when there is no limit. */
  throttle: () => Promise<void>;
  sleep: (ms: number) => Promise<void>;
  maxAttempts: number;
  leaseSeconds: number;
}

/** A ledger key as it may be logged: a manager's address inside it is replaced, the rest identifies the entry. */
export function loggableKey(key: string): string {
  return key.replace(/[^#\s]+@[^#\s]+/g, '<recipient>');
}

export { recipientAllowed };

export async function deliver(intent: EmailIntent, email: OutgoingEmail, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const { ledger, clock, log } = deps;
  const claim = await ledger.claimEmail(intent, clock.now(), deps.leaseSeconds);
  if (!claim.claimed) {
    if (claim.status === 'sent') {
      // Repair: a run that died after marking the email sent may not have recorded its notices.
      await ledger.recordNotices(claim.noticeKeys, intent.key, clock.now());
      return 'already-sent';
    }
    return claim.status === 'sending' ? 'in-progress' : 'failed';
  }
  if (!recipientAllowed(email.to, deps.allowedDomains)) {
    await ledger.markFailed(intent.key, 'recipient domain is not on the allow-list', false, clock.now());
    log.error('email not sent: recipient domain not allowed', {
      emailKey: loggableKey(intent.key),
      kind: intent.kind,
      audience: intent.audience,
    });
    return 'failed';
  }
  try {
    const { messageId } = await sendWithRetry(email, deps);
    await ledger.markSent(intent.key, messageId, clock.now());
    await ledger.recordNotices(intent.noticeKeys, intent.key, clock.now());
    return 'sent';
  } catch (error) {
    const retryable = error instanceof EmailSendError ? error.retryable : true;
    const code = error instanceof EmailSendError ? error.code : 'Unknown';
    await ledger.markFailed(intent.key, code, retryable, clock.now());
    log.error('email not sent', {
      emailKey: loggableKey(intent.key),
      kind: intent.kind,
      audience: intent.audience,
      code,
      retryable,
      attempt: claim.attempt,
    });
    return 'failed';
  }
}

async function sendWithRetry(email: OutgoingEmail, deps: DeliveryDeps): Promise<{ messageId: string }> {
  for (let attempt = 1; ; attempt++) {
    await deps.throttle();
    try {
      return await deps.sender.send(email);
    } catch (error) {
      const retryable = !(error instanceof EmailSendError) || error.retryable;
      if (!retryable || attempt >= deps.maxAttempts) throw error;
      // Exponential backoff with full jitter: 200 ms, 400 ms, 800 ms … capped at 5 s.
      await deps.sleep(Math.random() * Math.min(5000, 200 * 2 ** (attempt - 1)));
    }
  }
}

/** A token bucket: at most `perSecond` sends a second, smoothed. */
export function rateLimiter(
  perSecond: number,
  now: () => number = () => Date.now(),
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): () => Promise<void> {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return async () => {};
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const t = now();
    const slot = Math.max(t, next);
    next = slot + interval;
    if (slot > t) await sleep(slot - t);
  };
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
