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

export type EmailStatus = 'sending' | 'sent' | 'retry' | 'failed';

export type Claim = { claimed: true; attempt: number } | { claimed: false; status: EmailStatus; noticeKeys: string[] };

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
   * Claims an email for sending: succeeds when it was never claimed, when its last attempt failed in a retryable
   * way, or when a claim's lease has expired (the claimant died). Otherwise reports its status.
   */
  claimEmail(intent: EmailIntent, now: Date, leaseSeconds: number): Promise<Claim>;
  markSent(key: string, messageId: string, at: Date): Promise<void>;
  markFailed(key: string, reason: string, retryable: boolean, at: Date): Promise<void>;
  /** The status of each of these emails that exists. */
  emailStatuses(keys: string[]): Promise<Map<string, EmailStatus>>;
  /** Which of these notice keys have been recorded. */
  notified(keys: string[]): Promise<Set<string>>;
  recordNotices(keys: string[], emailKey: string, at: Date): Promise<void>;
  saveRun(run: RunRecord): Promise<void>;
  /** The weekly figures for a scope (`team:<id>`): the first stored in a week is kept. */
  saveSnapshot(scope: string, weekStarting: string, figures: unknown, at: Date): Promise<void>;
  loadSnapshot(scope: string, weekStarting: string): Promise<unknown | undefined>;
}

/** A run's sense of time: the only clock in the system, injected. */
export interface Clock {
  now(): Date;
}
