/**
 * Reading the ledger as evidence: who was told what, when, and what became of it. Used by `deadlines ledger`
 * against a deployed table or the local one; never by the jobs (they read only the items they claim).
 */
export type EmailOutcome =
  | 'claimed' // claimed for sending, no result recorded yet (or the sender died; SES never reported it)
  | 'sent' // SES answered the send call with a message id
  | 'accepted' // SES's Send event arrived: the message left for the recipient's server
  | 'delivered' // the recipient's server accepted it (SES Delivery event)
  | 'delayed' // SES is still trying (DeliveryDelay event)
  | 'bounced' // a bounce (permanent, or transient and still failing)
  | 'complained' // the recipient marked it as spam
  | 'rejected' // SES refused to send it
  | 'retry' // failed in a retryable way; the next run sends it
  | 'failed'; // given up (e.g. a recipient off the allow-list)

export interface LedgerEmail {
  key: string;
  kind: string;
  asOf: string;
  audience: string;
  recipient: string;
  subject: string;
  outcome: EmailOutcome;
  claimedAt?: string;
  sentAt?: string;
  acceptedAt?: string;
  attempts?: number;
  lastError?: string;
  /** Every SES event recorded after sending, oldest first. */
  events: { eventType: string; at: string; permanent?: boolean }[];
  /** Notice keys this email announced (obligation, due date and stage of each item). */
  noticeKeys: string[];
}

export interface LedgerQueries {
  emailsOnDay(asOf: string): Promise<LedgerEmail[]>;
  /** `audience` is `worker:<id>`, `team:<id>` or `service`. */
  emailsTo(audience: string): Promise<LedgerEmail[]>;
  /** Every email that announced an item or a data problem of this record. */
  emailsAboutRecord(recordId: string): Promise<LedgerEmail[]>;
}

/**
 * An email of a day that no outcome has settled yet: claimed and not finished, left `unknown` by SES's silence, or
 * `retry` (SES certainly did not take it). The delivery sweep (use-cases/settle-deliveries.ts) reads these.
 */
export interface UnsettledEmail {
  key: string;
  kind: string;
  asOf: string;
  status: 'sending' | 'unknown' | 'retry';
  /** Claims so far (the first claim is 1). */
  attempts: number;
  /** Epoch seconds: when the last attempt was left unknown, when a request last went to SES, when the lease ends. */
  unknownSince?: number;
  attemptedAt?: number;
  leaseUntil?: number;
}

/** The unsettled emails of one day (`asOf`), through the `byDay` index. */
export interface UnsettledEmails {
  unsettledOn(asOf: string): Promise<UnsettledEmail[]>;
}
