import type { Clock } from '../../shared/ports/clock.js';
import type { EmailSender, EmailSendError, OutgoingEmail } from '../../shared/ports/email-sender.js';
import type {
  Claim,
  ClaimTimes,
  EmailIntent,
  EmailStatus,
  FailedOutcome,
  Ledger,
  RunRecord,
} from '../../shared/ports/ledger.js';
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
  token: string;
  leaseUntil: number;
  attempts: number;
  attemptedAt?: number;
  unknownSince?: number;
  acceptedAt?: number;
  messageId?: string;
  reason?: string;
}

/** The ledger's rules (see shared/adapters/dynamodb-ledger.ts) in memory, for use-case tests. */
export class InMemoryLedger implements Ledger {
  emails = new Map<string, EmailEntry>();
  notices = new Map<string, string>();
  suppressed = new Set<string>();
  runs: RunRecord[] = [];
  private tokens = 0;
  async claimEmail(intent: EmailIntent, now: Date, times: ClaimTimes): Promise<Claim> {
    const current = this.emails.get(intent.key);
    const t = now.getTime() / 1000;
    const edge = t - times.quarantineSeconds;
    const expired = current?.status === 'sending' && current.leaseUntil < t;
    const claimable =
      !current ||
      (current.acceptedAt === undefined &&
        (current.status === 'retry' ||
          (expired && (current.attemptedAt === undefined || current.attemptedAt < edge)) ||
          (current.status === 'unknown' && (current.unknownSince ?? 0) < edge)));
    if (claimable) {
      const attempts = (current?.attempts ?? 0) + 1;
      const token = `token-${++this.tokens}`;
      const possibleRepeat =
        current?.status === 'unknown' || (current?.status === 'sending' && current.attemptedAt !== undefined);
      this.emails.set(intent.key, {
        ...intent,
        status: 'sending',
        token,
        leaseUntil: t + times.leaseSeconds,
        attempts,
      });
      return { claimed: true, attempt: attempts, token, possibleRepeat };
    }
    if (current.acceptedAt !== undefined) return { claimed: false, status: 'sent', noticeKeys: current.noticeKeys };
    const status = expired && current.attemptedAt !== undefined ? 'unknown' : current.status;
    return { claimed: false, status, noticeKeys: current.noticeKeys };
  }
  async beginAttempt(key: string, token: string, now: Date, leaseSeconds: number): Promise<boolean> {
    const e = this.emails.get(key);
    if (!e || e.token !== token || e.status !== 'sending' || e.acceptedAt !== undefined) return false;
    e.attemptedAt = now.getTime() / 1000;
    e.leaseUntil = e.attemptedAt + leaseSeconds;
    return true;
  }
  async markSent(key: string, token: string, messageId: string): Promise<boolean> {
    const e = this.emails.get(key);
    if (!e || e.token !== token || (e.status !== 'sending' && e.status !== 'sent')) return false;
    Object.assign(e, { status: 'sent', messageId });
    return true;
  }
  async markFailed(key: string, token: string, outcome: FailedOutcome, reason: string, at: Date): Promise<boolean> {
    const e = this.emails.get(key);
    if (!e || e.token !== token || e.status !== 'sending' || e.acceptedAt !== undefined) return false;
    Object.assign(e, {
      status: outcome,
      reason,
      ...(outcome === 'unknown' ? { unknownSince: at.getTime() / 1000 } : {}),
    });
    return true;
  }
  async recordAcceptance(key: string, messageId: string, at: Date): Promise<boolean> {
    const e = this.emails.get(key);
    if (!e) return false;
    e.acceptedAt ??= at.getTime() / 1000;
    e.messageId ??= messageId;
    e.status = 'sent';
    await this.recordNotices(e.noticeKeys, key);
    return true;
  }
  async suppressedAddresses(addresses: readonly string[]): Promise<Set<string>> {
    return new Set(addresses.map((a) => a.toLowerCase()).filter((a) => this.suppressed.has(a)));
  }
  async suppressAddress(address: string): Promise<void> {
    this.suppressed.add(address.toLowerCase());
  }
  async emailStatuses(keys: string[]): Promise<Map<string, EmailStatus>> {
    return new Map(keys.filter((k) => this.emails.has(k)).map((k) => [k, this.emails.get(k)!.status]));
  }
  async notified(keys: string[]): Promise<Set<string>> {
    return new Set(keys.filter((k) => this.notices.has(k)));
  }
  async recordNotices(keys: readonly string[], emailKey: string): Promise<void> {
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
    quarantineSeconds: 6 * 3600,
    ...overrides,
  } as DeliveryDeps & { ledger: InMemoryLedger; sender: RecordingSender; clock: FixedClock };
}
