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
  /** Extra headers, e.g. `Auto-Submitted: auto-generated` (RFC 3834) so auto-responders stay quiet. */
  headers?: Record<string, string>;
  /** A monitored mailbox for replies, when the authority has one. */
  replyTo?: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * A send that did not happen. `retryable` says what the caller should do: throttling, timeouts and provider
 * errors are worth another try; a rejected message or address is not, and is recorded as failed.
 */
export class EmailSendError extends Error {
  override readonly name = 'EmailSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
