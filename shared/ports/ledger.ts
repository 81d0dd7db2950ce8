/**
 * The delivery ledger: who was told what, when, and whether it went. It makes sending exactly-once (an intent is
 * claimed with a conditional write before sending, and marked sent after) and is the evidence on demand.
 */
export type EmailKind = 'daily-reminder' | 'manager-daily' | 'weekly-digest' | 'service-digest' | 'escalation';

export interface EmailIntent {
  /** Unique per email that should exist, e.g. `daily-reminder#2024-06-03#worker#W001`. */
  key: string;
  kind: EmailKind;
  /** Worker id, team id or `service`. Never a child's data. */
  audience: string;
  recipient: string;
  asOf: string;
  runId: string;
  subject: string;
  /** Notice keys this email announces; recorded as notified once it is sent. */
  noticeKeys: string[];
}

/**
 * - `sending`: claimed by a run (its `token`, until `leaseUntil`); `attemptedAt` once a request went to SES.
 * - `sent`: SES accepted it (the sender's answer or SES's Send event). Final: never changed back.
 * - `retry`: SES certainly did not take it (throttled, refused before the request was written): the next run sends.
 * - `failed`: permanently refused (rejected address, domain not allowed). Final unless a Send event proves otherwise.
 * - `unknown`: the request reached SES but no answer came back (timeout, reset, 5xx). Not sent again until the Send
 *   event decides it, or the quarantine has passed; then sent once more, marked as a possible repeat.
 */
export type EmailStatus = 'sending' | 'sent' | 'retry' | 'failed' | 'unknown';

/** How a claimant's attempt ended when SES did not accept the message. */
export type FailedOutcome = 'retry' | 'failed' | 'unknown';

export type Claim =
  | {
      claimed: true;
      attempt: number;
      /** Fences every later write of this claimant: a write under a token that no longer holds the claim fails. */
      token: string;
      /** Taken over from an outcome that could not be known: this copy may be the second one. */
      possibleRepeat: boolean;
    }
  | { claimed: false; status: EmailStatus; noticeKeys: string[] };

/** Timings of a claim: its lease, and how long an unknown outcome waits for SES's Send event before a resend. */
export interface ClaimTimes {
  leaseSeconds: number;
  quarantineSeconds: number;
}

export interface RunRecord {
  job: string;
  asOf: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  summary: Record<string, unknown>;
}

export interface Ledger {
  /**
   * Claims an email for sending. Never when SES has accepted it (`acceptedAt`), whatever the status. Otherwise:
   * when it was never claimed; when its last attempt certainly did not reach SES (`retry`); when a claim's lease has
   * expired before it handed anything to SES; when an `unknown` outcome, or an expired claim that did hand the
   * message to SES, has waited out the quarantine. Otherwise reports its status.
   */
  claimEmail(intent: EmailIntent, now: Date, times: ClaimTimes): Promise<Claim>;
  /**
   * Records, under the claim's token, that a request is about to go to SES, and renews the lease. False when the
   * claim is no longer this claimant's (taken over after its lease): it must not send.
   */
  beginAttempt(key: string, token: string, now: Date, leaseSeconds: number): Promise<boolean>;
  /** Under the claim's token. False when the claim was taken over meanwhile (nothing is written). */
  markSent(key: string, token: string, messageId: string, at: Date): Promise<boolean>;
  /** Under the claim's token, and never over `sent`. False when nothing was written. */
  markFailed(key: string, token: string, outcome: FailedOutcome, reason: string, at: Date): Promise<boolean>;
  /**
   * SES accepted this email (its Send event, or the sender's answer reaching a claimant that lost its claim): the
   * email becomes `sent` from any status and its notices are recorded. False when the ledger never saw the key.
   */
  recordAcceptance(key: string, messageId: string, at: Date): Promise<boolean>;
  /** The status of each of these emails that exists. */
  emailStatuses(keys: string[]): Promise<Map<string, EmailStatus>>;
  /** Which of these notice keys have been recorded. */
  notified(keys: string[]): Promise<Set<string>>;
  recordNotices(keys: string[], emailKey: string, at: Date): Promise<void>;
  saveRun(run: RunRecord): Promise<void>;
  /** Addresses (of managers and heads of service) that bounced permanently or complained: not sent to. */
  suppressedAddresses(addresses: readonly string[]): Promise<Set<string>>;
  suppressAddress(address: string, reason: string, at: Date): Promise<void>;
  /** The weekly figures for a scope (`team:<id>`): the first stored in a week is kept. */
  saveSnapshot(scope: string, weekStarting: string, figures: unknown, at: Date): Promise<void>;
  loadSnapshot(scope: string, weekStarting: string): Promise<unknown | undefined>;
}
