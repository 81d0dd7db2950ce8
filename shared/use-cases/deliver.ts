/**
 * Exactly-once delivery of one email through the ledger:
 *   claim (conditional write, a fresh token) → for each attempt: wait for a send slot, record under the token that
 *   a request is going to SES (renewing the lease) → send → mark sent under the token → record its notices.
 *
 * - A re-run finds a sent email and skips it.
 * - Only errors SES certainly did not act on (throttling, refused before the request was written) are retried,
 *   here and nowhere else: the SES client makes one attempt per call. A permanent refusal is recorded as failed.
 * - An outcome that cannot be known (timeout, reset, 5xx) is recorded as `unknown` and not sent again until SES's
 *   Send event decides it (then it is `sent`) or the quarantine has passed; the copy sent after the quarantine
 *   says it may be a repeat, and is counted.
 * - A claimant that outlives its lease cannot send after another run has taken its claim (the pre-send write is
 *   fenced by its token) and cannot overwrite the other run's outcome (so are `markSent` and `markFailed`).
 * - How long a claim is held without renewal: one throttle wait plus one SES request (at most the SES client's
 *   connection and request timeouts, 13 s) plus one backoff (at most 5 s), well inside the 2-minute lease, which
 *   each attempt renews.
 * Logging happens where the fate of an email is decided, here, through the redacting delivery log.
 */
import { recipientAllowed } from '../domain/recipients.js';
import { type EmailSender, EmailSendError, type OutgoingEmail } from '../ports/email-sender.js';
import type { Clock } from '../ports/clock.js';
import type { EmailIntent, FailedOutcome, Ledger } from '../ports/ledger.js';
import { sleep as realSleep } from '../util/sleep.js';
import { type Log, deliveryLog } from '../observability/redaction.js';

export type { Log } from '../observability/redaction.js';
export { loggableKey } from '../observability/redaction.js';

export type DeliveryOutcome = 'sent' | 'sent-possible-repeat' | 'already-sent' | 'in-progress' | 'failed' | 'unknown';

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
  /** How long an `unknown` outcome waits for SES's Send event before the email is sent again (policy). */
  quarantineSeconds: number;
  /** Only these emails (ledger keys) are delivered, when given: the delivery sweep's re-run of a day. */
  onlyKeys?: ReadonlySet<string>;
}

export { recipientAllowed };

export const POSSIBLE_REPEAT_TEXT =
  'You may already have received this email: our first attempt to send it could not be confirmed. Please ignore it if it is a repeat.';

/** The same email with a line at the top saying it may be a repeat (plain text and HTML). */
export function withPossibleRepeatNotice(email: OutgoingEmail): OutgoingEmail {
  const paragraph = `<p style="margin:0 0 16px 0;font-weight:bold">${POSSIBLE_REPEAT_TEXT}</p>`;
  const body = /<body[^>]*>/i.exec(email.html);
  const html = body
    ? `${email.html.slice(0, body.index + body[0].length)}${paragraph}${email.html.slice(body.index + body[0].length)}`
    : `${paragraph}${email.html}`;
  return { ...email, possibleRepeat: true, html, text: `${POSSIBLE_REPEAT_TEXT}\n\n${email.text}` };
}

export async function deliver(intent: EmailIntent, email: OutgoingEmail, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const { ledger, clock } = deps;
  const log = deliveryLog(deps.log);
  const ids = { emailKey: intent.key, kind: intent.kind, audience: intent.audience };
  const claim = await ledger.claimEmail(intent, clock.now(), {
    leaseSeconds: deps.leaseSeconds,
    quarantineSeconds: deps.quarantineSeconds,
  });
  if (!claim.claimed) {
    switch (claim.status) {
      case 'sent':
        // Repair: a run that died after marking the email sent may not have recorded its notices.
        await ledger.recordNotices(claim.noticeKeys, intent.key, clock.now());
        return 'already-sent';
      case 'unknown':
        return 'unknown';
      case 'failed':
        return 'failed';
      default:
        return 'in-progress';
    }
  }
  const { token } = claim;
  if (!recipientAllowed(email.to, deps.allowedDomains)) {
    await ledger.markFailed(intent.key, token, 'failed', 'recipient domain is not on the allow-list', clock.now());
    log.error('email not sent: recipient domain not allowed', ids);
    return 'failed';
  }
  const outgoing = claim.possibleRepeat ? withPossibleRepeatNotice(email) : email;
  for (let attempt = 1; ; attempt++) {
    await deps.throttle();
    if (!(await ledger.beginAttempt(intent.key, token, clock.now(), deps.leaseSeconds))) {
      // Slower than the lease, and another run has taken the email over: it is theirs to send.
      log.warn('email not sent: its claim was taken over by another run', { ...ids, attempt: claim.attempt });
      return 'in-progress';
    }
    let messageId: string;
    try {
      ({ messageId } = await deps.sender.send(outgoing));
    } catch (caught) {
      const error =
        caught instanceof EmailSendError
          ? caught
          : new EmailSendError('send failed', 'unknown', 'Unknown', { cause: caught });
      if (error.kind === 'retry' && attempt < deps.maxAttempts) {
        // Exponential backoff with full jitter: 200 ms, 400 ms, 800 ms … capped at 5 s.
        await deps.sleep(Math.random() * Math.min(5000, 200 * 2 ** (attempt - 1)));
        continue;
      }
      const outcome: FailedOutcome = error.kind === 'permanent' ? 'failed' : error.kind;
      const recorded = await ledger.markFailed(intent.key, token, outcome, error.code, clock.now());
      const fields = { ...ids, code: error.code, outcome, attempt: claim.attempt, recorded };
      if (outcome === 'unknown')
        log.warn('email outcome unknown: waiting for the Send event or the quarantine', fields);
      else log.error('email not sent', fields);
      return outcome === 'unknown' ? 'unknown' : 'failed';
    }
    if (await ledger.markSent(intent.key, token, messageId, clock.now())) {
      await ledger.recordNotices(intent.noticeKeys, intent.key, clock.now());
    } else {
      // SES took it, but the claim is no longer ours: record the acceptance, which no claimant can undo.
      await ledger.recordAcceptance(intent.key, messageId, clock.now());
      log.warn('email sent after its claim was taken over; acceptance recorded', ids);
    }
    return claim.possibleRepeat ? 'sent-possible-repeat' : 'sent';
  }
}

/** A token bucket: at most `perSecond` sends a second, smoothed. */
export function rateLimiter(
  perSecond: number,
  now: () => number = () => Date.now(),
  sleep: (ms: number) => Promise<void> = realSleep,
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
