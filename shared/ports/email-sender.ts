import { UseCaseError } from './errors.js';

/** The email-sending port. One recipient per message, always. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The ledger key of this email: carried in a header so a delivered message can be traced to its intent. */
  reference: string;
  /** Non-personal tags for delivery events (job, run). */
  tags: Record<string, string>;
  /** Sent again after an outcome that could not be known: carried in a header as well as in the text. */
  possibleRepeat?: boolean;
  /** Extra headers, e.g. `Auto-Submitted: auto-generated` (RFC 3834) so auto-responders stay quiet. */
  headers?: Record<string, string>;
  /** A monitored mailbox for replies, when the authority has one. */
  replyTo?: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * What a failed send means for the caller:
 * - `retry`: SES certainly did not take the message (throttled, quota, refused before the request was written);
 *   another attempt is safe.
 * - `permanent`: SES refused this message or address; recorded as failed, never retried.
 * - `unknown`: the request was written but no answer came back (timeout, reset, 5xx): SES may have accepted it.
 *   Not retried; the Send event or a quarantine decides.
 */
export type SendErrorKind = 'retry' | 'permanent' | 'unknown';

export class EmailSendError extends UseCaseError {
  override readonly name = 'EmailSendError';
  constructor(
    message: string,
    readonly kind: SendErrorKind,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get retryable(): boolean {
    return this.kind === 'retry';
  }
}
