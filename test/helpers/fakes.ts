import type { EmailSender, EmailSendError, OutgoingEmail } from '../../shared/ports/email-sender.js';
import type { Claim, Clock, EmailIntent, EmailStatus, Ledger, RunRecord } from '../../shared/ports/ledger.js';
import type { RecordStore } from '../../shared/ports/record-store.js';
import type { DeliveryDeps } from '../../shared/use-cases/deliver.js';

export class InMemoryStore implements RecordStore {
  constructor(
    public cases: unknown[] = [],
    public workers: unknown[] = [],
    public teams: unknown[] = [],
  ) {}
  async *scanCases({ teamId }: { segments: number; teamId?: string }): AsyncIterable<unknown[]> {
    const cases = teamId ? this.cases.filter((c) => (c as { teamId?: string }).teamId === teamId) : this.cases;
    for (let i = 0; i < cases.length; i += 50) yield cases.slice(i, i + 50);
  }
  async loadDirectory() {
    return { workers: this.workers, teams: this.teams };
  }
}

interface EmailEntry extends EmailIntent {
  status: EmailStatus;
  leaseUntil: number;
  attempts: number;
  messageId?: string;
  reason?: string;
}

export class InMemoryLedger implements Ledger {
  emails = new Map<string, EmailEntry>();
  notices = new Map<string, string>();
  runs: RunRecord[] = [];
  async claimEmail(intent: EmailIntent, now: Date, leaseSeconds: number): Promise<Claim> {
    const current = this.emails.get(intent.key);
    const t = now.getTime() / 1000;
    if (!current || current.status === 'retry' || (current.status === 'sending' && current.leaseUntil < t)) {
      const attempts = (current?.attempts ?? 0) + 1;
      this.emails.set(intent.key, { ...intent, status: 'sending', leaseUntil: t + leaseSeconds, attempts });
      return { claimed: true, attempt: attempts };
    }
    return { claimed: false, status: current.status, noticeKeys: current.noticeKeys };
  }
  async markSent(key: string, messageId: string): Promise<void> {
    Object.assign(this.emails.get(key)!, { status: 'sent', messageId });
  }
  async markFailed(key: string, reason: string, retryable: boolean): Promise<void> {
    Object.assign(this.emails.get(key)!, { status: retryable ? 'retry' : 'failed', reason });
  }
  async emailStatuses(keys: string[]): Promise<Map<string, EmailStatus>> {
    return new Map(keys.filter((k) => this.emails.has(k)).map((k) => [k, this.emails.get(k)!.status]));
  }
  async notified(keys: string[]): Promise<Set<string>> {
    return new Set(keys.filter((k) => this.notices.has(k)));
  }
  async recordNotices(keys: string[], emailKey: string): Promise<void> {
    for (const k of keys) this.notices.set(k, emailKey);
  }
  async saveRun(run: RunRecord): Promise<void> {
    this.runs.push(run);
  }
  snapshots = new Map<string, unknown>();
  async saveSnapshot(scope: string, week: string, figures: unknown): Promise<void> {
    if (!this.snapshots.has(`${scope}@${week}`)) this.snapshots.set(`${scope}@${week}`, figures);
  }
  async loadSnapshot(scope: string, week: string): Promise<unknown | undefined> {
    return this.snapshots.get(`${scope}@${week}`);
  }
}

/** Records what it was asked to send; `failWith` makes chosen sends fail. */
export class RecordingSender implements EmailSender {
  sent: OutgoingEmail[] = [];
  attempts = 0;
  failWith: ((email: OutgoingEmail, attempt: number) => EmailSendError | undefined) | undefined;
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    this.attempts++;
    const error = this.failWith?.(email, this.attempts);
    if (error) throw error;
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
}

export class FixedClock implements Clock {
  constructor(public time: Date = new Date('2024-06-03T06:30:00Z')) {}
  now(): Date {
    return this.time;
  }
}

export const silentLog = { info() {}, warn() {}, error() {} };

export function fakeDelivery(
  overrides: Partial<DeliveryDeps> = {},
): DeliveryDeps & { ledger: InMemoryLedger; sender: RecordingSender; clock: FixedClock } {
  return {
    ledger: new InMemoryLedger(),
    sender: new RecordingSender(),
    clock: new FixedClock(),
    log: silentLog,
    allowedDomains: ['council.gov.uk'],
    throttle: async () => {},
    sleep: async () => {},
    maxAttempts: 3,
    leaseSeconds: 120,
    ...overrides,
  } as DeliveryDeps & { ledger: InMemoryLedger; sender: RecordingSender; clock: FixedClock };
}
