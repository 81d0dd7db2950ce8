/**
 * The delivery sweep: production settles what it starts, without a person. Run every hour by its own schedule, it
 * reads the ledger's emails of today and the days before (`byDay` index) that no outcome has settled:
 * - `unknown` (SES's answer never came: a 5xx, a timeout, a reset) whose Send event has not arrived, and whose
 *   quarantine has passed;
 * - claimed and abandoned (`sending` past its lease: the run died or timed out), at once if it never reached SES,
 *   after the quarantine if it did;
 * - `retry` (SES certainly did not take it, and the run's retries ran out).
 * For each job and day with such emails it re-runs that job for that day restricted to those emails (the rendered
 * email is not stored, so it is rendered again from the records as they are now). The ledger's claim decides, as
 * for any run: an email accepted meanwhile (Send, Delivery, Bounce or Complaint event) is not sent; one taken over
 * after an unknown outcome goes with the "may be a repeat" line. Daily, manager, escalation and digest emails alike.
 *
 * `unsettledAfterQuarantine` counts the emails the sweep could not settle: unknown again after a copy was sent past
 * the quarantine, or due for longer than one sweep interval (a sweep that failed, or a re-run that no longer plans
 * that email). It is the metric behind the "emails unsettled" alarm.
 */
import { type Day, addDays, day, formatDay } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';
import { type Log, deliveryLog } from '../observability/redaction.js';
import type { Clock } from '../ports/clock.js';
import type { EmailKind } from '../ports/ledger.js';
import type { UnsettledEmail, UnsettledEmails } from '../ports/ledger-queries.js';
import { type DeliveryCounts, noDeliveries } from './deliver-all.js';

export type SweptJob = 'daily-reminders' | 'escalations' | 'weekly-digest';

/** Which job sends (and so re-renders) each kind of email. */
export const JOB_OF_KIND: Record<EmailKind, SweptJob> = {
  'daily-reminder': 'daily-reminders',
  'manager-daily': 'daily-reminders',
  escalation: 'escalations',
  'weekly-digest': 'weekly-digest',
  'service-digest': 'weekly-digest',
};

export interface SweepDeps {
  unsettled: UnsettledEmails;
  clock: Clock;
  log: Log;
  /** Policy `unknownOutcomeQuarantineHours`, in seconds. */
  quarantineSeconds: number;
  /** Days before today (Europe/London) whose emails are swept as well as today's. */
  lookbackDays: number;
  /** How often the sweep runs: an email due for longer than this was missed by an earlier sweep. */
  intervalSeconds: number;
  /** Re-runs one job for one day, delivering only these emails; returns that run's delivery counts. */
  rerun: (job: SweptJob, asOf: Day, onlyKeys: ReadonlySet<string>) => Promise<DeliveryCounts>;
}

export interface SweepSummary extends DeliveryCounts {
  job: 'delivery-sweep';
  asOf: string;
  daysSwept: string[];
  /** Unsettled emails found, due or not. */
  unsettled: number;
  /** Of those, the ones whose quarantine (or lease) had passed: the re-runs were given these. */
  due: number;
  /** Still inside their quarantine (or lease): left for a later sweep. */
  waiting: number;
  /** Re-runs made (one per job and day). */
  reruns: number;
  /** Emails still unsettled after the quarantine: the alarm's metric (see above). */
  unsettledAfterQuarantine: number;
}

/** The instant (epoch seconds) after which the ledger lets a run claim this email again (DynamoLedger.claimEmail). */
export function dueAfter(email: UnsettledEmail, quarantineSeconds: number): number {
  switch (email.status) {
    case 'retry':
      return 0;
    case 'unknown':
      return (email.unknownSince ?? 0) + quarantineSeconds;
    default:
      return email.attemptedAt === undefined
        ? (email.leaseUntil ?? 0)
        : Math.max(email.leaseUntil ?? 0, email.attemptedAt + quarantineSeconds);
  }
}

/** SES may hold it: the request went and no answer was recorded. */
const outcomeUnknown = (email: UnsettledEmail, nowSeconds: number) =>
  email.status === 'unknown' ||
  (email.status === 'sending' && email.attemptedAt !== undefined && (email.leaseUntil ?? 0) < nowSeconds);

export async function sweepDeliveries(deps: SweepDeps): Promise<SweepSummary> {
  const log = deliveryLog(deps.log);
  const now = deps.clock.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const today = londonDateOf(now);
  const days = Array.from({ length: deps.lookbackDays + 1 }, (_, i) =>
    formatDay(addDays(today, i - deps.lookbackDays)),
  );
  const summary: SweepSummary = {
    job: 'delivery-sweep',
    asOf: formatDay(today),
    daysSwept: days,
    unsettled: 0,
    due: 0,
    waiting: 0,
    reruns: 0,
    unsettledAfterQuarantine: 0,
    ...noDeliveries(),
  };
  for (const asOf of days) {
    const found = await deps.unsettled.unsettledOn(asOf);
    const byJob = new Map<SweptJob, Set<string>>();
    for (const email of found) {
      summary.unsettled++;
      const dueAt = dueAfter(email, deps.quarantineSeconds);
      const late =
        (outcomeUnknown(email, nowSeconds) && email.attempts >= 2) ||
        (nowSeconds > dueAt && nowSeconds - dueAt > deps.intervalSeconds);
      if (late) {
        summary.unsettledAfterQuarantine++;
        log.warn('email still unsettled after its quarantine', {
          emailKey: email.key,
          kind: email.kind,
          status: email.status,
          attempts: email.attempts,
        });
      }
      const job = JOB_OF_KIND[email.kind as EmailKind];
      if (!job || nowSeconds <= dueAt) {
        summary.waiting++;
        continue;
      }
      summary.due++;
      byJob.set(job, (byJob.get(job) ?? new Set()).add(email.key));
    }
    for (const [job, keys] of byJob) {
      summary.reruns++;
      const counts = await deps.rerun(job, day(asOf), keys);
      for (const k of Object.keys(noDeliveries()) as (keyof DeliveryCounts)[]) summary[k] += counts[k];
    }
  }
  return summary;
}
