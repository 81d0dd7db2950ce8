/**
 * Seeded fault scenarios for the three sending jobs (daily reminders, escalations, weekly digests), on dynalite
 * and aws-ses-v2-local. Each scenario:
 * 1. an oracle: the synthetic authority on clean tables, run once without faults, defines which emails must exist;
 * 2. the same authority on fresh tables, run with faults injected at the SDK boundary (DynamoDB throttling and
 *    partial batches, SES throttling, SES answering 5xx without sending, SES accepting while the caller sees a
 *    timeout or reset, the process killed at a random call, two runs at once, or a claimant that stays alive but
 *    stalls past its lease while a later run takes over), with only the invocations production makes: the
 *    schedule's, Lambda's two retries of an invocation that failed, and the hourly delivery sweep;
 * 3. SES Send events are published between invocations, as the configuration set would, except that in some
 *    scenarios they arrive only after the next one (late, past the takeover), never (lost), or are lost while the
 *    Delivery event arrives (which settles the email as acceptance does);
 * 4. reconciliation: every expected email delivered, nothing else delivered, and the ledger agreeing with what
 *    the SES emulator holds. A second copy is a duplicate unless it says it may be a repeat (it was sent after an
 *    outcome that could not be known and its quarantine): those are counted apart as declared repeats.
 */
import { createAdapters, deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { POSSIBLE_REPEAT_HEADER } from '../../shared/adapters/ses-email-sender.js';
import { loadConfig } from '../../shared/config/env.js';
import { type Day, formatDay, fromCivil } from '../../shared/domain/calendar/local-date.js';
import { englandWorkingDays } from '../../shared/domain/calendar/working-days.js';
import type { Clock } from '../../shared/ports/clock.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import type { DeliveryCounts } from '../../shared/use-cases/deliver-all.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';
import { handleDeliveryEvents } from '../../shared/use-cases/delivery-events.js';
import { DynamoLedgerQueries } from '../../shared/adapters/dynamodb-ledger-queries.js';
import { runDeliverySweep } from '../../shared/composition/delivery-sweep.js';
import { loggableKey } from '../../shared/observability/redaction.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { importLines } from '../../shared/use-cases/import-records.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import {
  LOCAL_DOMAIN,
  type Emulators,
  type StoredEmail,
  clearSentEmails,
  createTables,
  localFunctionEnv,
  referenceOf,
  sentEmails,
} from '../../local/emulators.js';
import { prng, syntheticCaseload } from '../synthetic/authority.js';
import { type FaultWorld, type Injected, faultWorld, injectFaults, noInjections } from './fault-injection.js';

export type Job = 'daily-reminders' | 'escalations' | 'weekly-digest';
export const JOBS: readonly Job[] = ['daily-reminders', 'escalations', 'weekly-digest'];
export type EventMode = 'prompt' | 'late' | 'lost' | 'delivery-only';

/** Faults the scenarios inject beyond the SDK-level ones. */
export interface ScenarioInjected extends Injected {
  /** Send events held back past the next run, or never delivered, for emails the ledger did not yet hold as sent. */
  lateEvents: number;
  /** A claimant stalled past its lease while another run (its clock past the lease) ran the same job. */
  leaseExpiries: number;
  /** Of `lateEvents`: Send events never delivered, for emails the ledger did not yet hold as sent. */
  lostSends: number;
  /** Emails the ledger did not yet hold as sent whose Send event was lost but whose Delivery event arrived. */
  deliveryOnly: number;
}

const noScenarioInjections = (): ScenarioInjected => ({
  ...noInjections(),
  lateEvents: 0,
  leaseExpiries: 0,
  lostSends: 0,
  deliveryOnly: 0,
});

export interface ScenarioResult {
  seed: number;
  asOf: string;
  expected: number;
  delivered: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  ledgerMismatches: number;
  /** Second copies that say they may be a repeat (sent after an unknown outcome's quarantine). */
  declaredRepeats: number;
  /** The duplicated emails' keys (addresses redacted) and copy counts. */
  duplicated: string[];
  runs: number;
  /** Delivery sweep invocations (hourly, from the first one after the scheduled run's retries). */
  sweeps: number;
  job: Job;
  events: EventMode;
  concurrent: boolean;
  stalled: boolean;
  killAt: number | undefined;
  killAfterSend: number | undefined;
  injected: ScenarioInjected;
}

export interface FaultTotals {
  scenarios: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  ledgerMismatches: number;
  declaredRepeats: number;
  injected: ScenarioInjected;
  results: ScenarioResult[];
}

const quiet = { info() {}, warn() {}, error() {} };

/** Adapters on the emulators' tables, with the settings the scenarios run with. */
export function adaptersFor(emulators: Emulators, tables: { records: string; ledger: string }) {
  const config = loadConfig({
    ...localFunctionEnv(emulators),
    RECORDS_TABLE: tables.records,
    LEDGER_TABLE: tables.ledger,
    SEND_RATE_PER_SECOND: '0',
    SEND_CONCURRENCY: '4',
    // Every escalation due goes today: a re-run of a day may otherwise send escalations the daily limit deferred
    // (the limit counts what is pending, not what was already sent today), which the oracle would not send.
    POLICY_JSON: JSON.stringify({ escalationDailyLimitPerRecipient: 500 }),
  });
  return { config, adapters: createAdapters(config) };
}

/** Loads a synthetic caseload (teams, workers, records and a few malformed items) into the records table. */
export async function seed(
  adapters: ReturnType<typeof createAdapters>,
  caseload: ReturnType<typeof syntheticCaseload>,
): Promise<void> {
  const lines = [
    ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
    ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
    ...caseload.records.map((r) => JSON.stringify(r)),
  ];
  await importLines(lines, adapters.store, () => {});
  await adapters.store.putAll(
    caseload.malformed.map((item) => ({ entity: 'case' as const, id: String(item.id), item })),
  );
}

export function runJob(job: Job, asOf: Day, deps: DailyDeps): Promise<DeliveryCounts> {
  if (job === 'escalations') return runEscalations(asOf, deps);
  if (job === 'weekly-digest') return runWeeklyDigest(asOf, { scope: 'all' }, deps);
  return runDailyReminders(asOf, deps);
}

const isRepeat = (m: StoredEmail) =>
  m.headers?.some((h) => h.name.toLowerCase() === POSSIBLE_REPEAT_HEADER.toLowerCase() && h.value === 'true') ?? false;

/** Publishes the Send events of messages SES holds that have not been published (or lost) yet. */
class SendEvents {
  /** When (on the scenario's clock) each message SES holds was first seen: after the run that sent it. */
  readonly seenAt = new Map<string, number>();
  private handled = new Set<string>();
  private held: StoredEmail[] = [];
  constructor(
    private readonly mode: EventMode,
    private readonly random: () => number,
    private readonly sesEndpoint: string,
    private readonly ledger: ReturnType<typeof createAdapters>['ledger'],
  ) {}

  async afterRun(at: Date, injected: ScenarioInjected): Promise<void> {
    const fresh = (await sentEmails(this.sesEndpoint)).filter((m) => !this.handled.has(m.messageId));
    for (const m of fresh) {
      this.handled.add(m.messageId);
      this.seenAt.set(m.messageId, at.getTime());
    }
    // Late events from the previous round arrive now, after the run that came in between.
    const deliver = this.held;
    const delivered: StoredEmail[] = [];
    this.held = [];
    const statuses = await this.ledger.emailStatuses(fresh.map((m) => referenceOf(m)!));
    for (const m of fresh) {
      const mattered = statuses.get(referenceOf(m)!) !== 'sent';
      if (this.mode === 'late' && this.random() < 0.7) {
        this.held.push(m);
        if (mattered) injected.lateEvents++;
      } else if (this.mode === 'lost' && this.random() < 0.6) {
        if (mattered) {
          injected.lateEvents++;
          injected.lostSends++;
        }
      } else if (this.mode === 'delivery-only' && this.random() < 0.6) {
        // The Send event is lost; the Delivery event (which SES sends only for a message it accepted) arrives.
        delivered.push(m);
        if (mattered) injected.deliveryOnly++;
      } else deliver.push(m);
    }
    const event = (eventType: 'Send' | 'Delivery', m: StoredEmail) => ({
      eventType,
      mail: { messageId: m.messageId, destination: m.destination.to, headers: m.headers ?? [] },
    });
    await handleDeliveryEvents(
      [...deliver.map((m) => event('Send', m)), ...delivered.map((m) => event('Delivery', m))],
      {
        recordDeliveryEvent: this.ledger.recordDeliveryEvent.bind(this.ledger),
        suppressWorkerAddress: async () => [],
      },
      quiet,
      at,
    );
  }
}

export async function runScenario(emulators: Emulators, seedNumber: number): Promise<ScenarioResult> {
  const random = prng(seedNumber * 7919);
  const job = JOBS[seedNumber % JOBS.length]!;
  const wd = englandWorkingDays();
  const asOf: Day = wd.nextWorkingDayOnOrAfter(fromCivil(2024, 1, 2) + Math.floor(random() * 360));
  const caseload = syntheticCaseload({
    asOf,
    seed: seedNumber,
    children: 24 + Math.floor(random() * 16),
    leavers: 8,
    teams: 3,
    workers: 6 + Math.floor(random() * 4),
    domain: LOCAL_DOMAIN,
  });
  await clearSentEmails(emulators.sesEndpoint);

  // 1. The oracle.
  const oracle = adaptersFor(emulators, {
    records: `oracle-records-${seedNumber}`,
    ledger: `oracle-ledger-${seedNumber}`,
  });
  await createTables(emulators.dynamoEndpoint, {
    records: oracle.config.RECORDS_TABLE,
    ledger: oracle.config.LEDGER_TABLE,
  });
  await seed(oracle.adapters, caseload);
  const start = new Date(`${formatDay(asOf)}T07:00:00Z`);
  await runJob(job, asOf, {
    ...deliveryDeps(oracle.config, oracle.adapters, quiet, { now: () => start }),
    store: oracle.adapters.store,
    policy: oracle.config.policy,
    settings: reminderSettings(oracle.config),
    runId: 'oracle',
  });
  const expected = new Set((await sentEmails(emulators.sesEndpoint)).map((m) => referenceOf(m)!));
  await clearSentEmails(emulators.sesEndpoint);
  oracle.adapters.dynamo.destroy();
  oracle.adapters.ses.destroy();

  // 2. The same authority under faults. Each attempt is a new process: new clients; a killed one stays dead.
  const shape = random();
  const concurrent = shape < 0.25;
  const stalled = !concurrent && shape < 0.55;
  const killAt = !stalled && random() < 0.6 ? 3 + Math.floor(random() * 55) : undefined;
  // Half the killed runs die in the worst place: SES has accepted a message and the ledger does not know yet.
  const killAfterSend = killAt !== undefined && random() < 0.5 ? 1 + Math.floor(random() * 6) : undefined;
  const events: EventMode = (['prompt', 'late', 'lost', 'delivery-only'] as const)[Math.floor(random() * 4)]!;
  const rates = {
    throttleRate: random() * 0.04,
    sesFailureRate: random() * 0.2,
    partialBatchRate: random() * 0.5,
    ambiguousRate: random() * 0.25,
  };
  const injected = noScenarioInjections();
  const tables = { records: `records-${seedNumber}`, ledger: `ledger-${seedNumber}` };
  const process = (options: Partial<Pick<FaultWorld, 'killAt' | 'killAfterSend' | 'stallAfterAccept'>> = {}) => {
    const world = faultWorld(random, { ...rates, ...options });
    const p = adaptersFor(emulators, tables);
    injectFaults(p.adapters.dynamo, 'dynamodb', world);
    injectFaults(p.adapters.ses, 'ses', world);
    return { ...p, world };
  };
  await createTables(emulators.dynamoEndpoint, tables);
  // The fault-free view: seeding, SES's events and the final reconciliation.
  const clean = adaptersFor(emulators, tables);
  await seed(clean.adapters, caseload);
  const sendEvents = new SendEvents(events, random, emulators.sesEndpoint, clean.adapters.ledger);

  type Proc = ReturnType<typeof process>;
  const depsFor = (p: Proc, clock: Clock, runId: string, throttle?: () => Promise<void>): DailyDeps => ({
    ...deliveryDeps(p.config, p.adapters, quiet, clock),
    sleep: async () => {},
    ...(throttle ? { throttle } : {}),
    store: p.adapters.store,
    policy: p.config.policy,
    settings: reminderSettings(p.config),
    runId,
  });
  const finish = (p: Proc) => {
    for (const k of Object.keys(p.world.injected) as (keyof Injected)[]) injected[k] += p.world.injected[k];
    p.adapters.dynamo.destroy();
    p.adapters.ses.destroy();
  };
  // The invocations production makes, and only those: the schedule's (delivered twice at times: Scheduler is
  // at-least-once, which the concurrent and stalled scenarios model), Lambda's two asynchronous retries of an
  // invocation that failed (1 and then 2 more minutes later), and the delivery sweep every hour at half past.
  // Lambda retries an invocation that threw: the handler throws when anything failed or is still in progress.
  const failedInvocation = (o: PromiseSettledResult<DeliveryCounts>) =>
    o.status === 'rejected' || o.value.failed > 0 || o.value.inProgress > 0;

  let runs = 0;
  let sweeps = 0;
  let now = start.getTime();
  let outcomes: PromiseSettledResult<DeliveryCounts>[];
  {
    const clock: Clock = { now: () => new Date(now) };
    if (stalled) {
      // Run A stalls, holding a claim, either before its pre-send write (waiting for a send slot) or after SES
      // accepted its message; meanwhile run B (the schedule's invocation delivered again), whose clock is past A's
      // lease, runs the same job. Then A resumes.
      let release!: () => void;
      const resume = new Promise<void>((r) => {
        release = r;
      });
      let stalledNow!: () => void;
      const reached = new Promise<void>((r) => {
        stalledNow = r;
      });
      const stall = async () => {
        stalledNow();
        await resume;
      };
      const at = 1 + Math.floor(random() * 4);
      const afterAccept = random() < 0.5;
      const a = process(afterAccept ? { stallAfterAccept: { send: at, stall } } : {});
      let slots = 0;
      const throttleA = afterAccept ? undefined : async () => (++slots === at ? stall() : undefined);
      const runA = runJob(job, asOf, depsFor(a, clock, 'scheduled-a', throttleA));
      const first = await Promise.race([
        reached.then(() => 'stalled' as const),
        runA.then(
          () => 'done' as const,
          () => 'done' as const,
        ),
      ]);
      const settledB: PromiseSettledResult<DeliveryCounts>[] = [];
      if (first === 'stalled') {
        injected.leaseExpiries++;
        const b = process();
        const later = new Date(now + 3 * 60_000);
        settledB.push(
          ...(await Promise.allSettled([runJob(job, asOf, depsFor(b, { now: () => later }, 'scheduled-b'))])),
        );
        finish(b);
        runs++;
      }
      release();
      outcomes = [...(await Promise.allSettled([runA])), ...settledB];
      finish(a);
      runs++;
      now += 3 * 60_000;
    } else {
      const parallel = concurrent ? 2 : 1;
      const procs = Array.from({ length: parallel }, (_, i) =>
        process(i === 0 && killAt ? (killAfterSend ? { killAfterSend } : { killAt }) : {}),
      );
      outcomes = await Promise.allSettled(procs.map((p, i) => runJob(job, asOf, depsFor(p, clock, `scheduled-${i}`))));
      for (const p of procs) finish(p);
      runs += parallel;
    }
  }
  // SES's Send events for whatever it accepted arrive through the configuration set meanwhile (or late, or never).
  await sendEvents.afterRun(new Date(now), injected);
  // Lambda's retries of each invocation that failed.
  let failing = outcomes.filter(failedInvocation).length;
  for (const delay of [60_000, 120_000]) {
    if (failing === 0) break;
    now += delay;
    const clock: Clock = { now: () => new Date(now) };
    const procs = Array.from({ length: failing }, () => process());
    const retried = await Promise.allSettled(
      procs.map((p, i) => runJob(job, asOf, depsFor(p, clock, `retry-${delay}-${i}`))),
    );
    for (const p of procs) finish(p);
    runs += procs.length;
    await sendEvents.afterRun(new Date(now), injected);
    failing = retried.filter(failedInvocation).length;
  }
  // The delivery sweep, every hour at half past, until a sweep finds nothing unsettled (at most 30 of them).
  let sweepAt = Math.floor(now / 3600_000) * 3600_000 + 30 * 60_000;
  if (sweepAt <= now) sweepAt += 3600_000;
  for (; sweeps < 30; sweepAt += 3600_000) {
    now = sweepAt;
    const p = process();
    const sweep = await runDeliverySweep(
      depsFor(p, { now: () => new Date(sweepAt) }, `sweep-${sweeps}`),
      new DynamoLedgerQueries(p.adapters.doc, p.config.LEDGER_TABLE),
    ).then(
      (summary) => summary,
      () => undefined,
    );
    finish(p);
    sweeps++;
    await sendEvents.afterRun(new Date(now), injected);
    if (sweep?.unsettled === 0) break;
  }
  // Events still held back arrive in the end.
  await sendEvents.afterRun(new Date(now), injected);

  // 3. Reconciliation.
  const mail = await sentEmails(emulators.sesEndpoint);
  const copies = new Map<string, { at: number; repeat: boolean }[]>();
  for (const m of mail) {
    const ref = referenceOf(m)!;
    copies.set(ref, [
      ...(copies.get(ref) ?? []),
      { at: sendEvents.seenAt.get(m.messageId) ?? now, repeat: isRepeat(m) },
    ]);
  }
  // A duplicate is an extra copy that does not say it may be a repeat, or that says so but went before the first
  // copy's quarantine had passed (nothing justified it yet). Copies that say so and waited are declared repeats.
  const quarantineMs = clean.config.policy.unknownOutcomeQuarantineHours * 3600_000;
  let duplicates = 0;
  let declaredRepeats = 0;
  const duplicated: string[] = [];
  for (const [key, list] of copies) {
    if (list.length < 2) continue;
    const first = Math.min(...list.map((c) => c.at));
    const plain = list.filter((c) => !c.repeat).length;
    const declared = list.filter((c) => c.repeat && c.at - first >= quarantineMs).length;
    const extra = list.length - 1 - Math.min(declared, list.length - 1);
    duplicates += extra;
    declaredRepeats += list.length - 1 - extra;
    if (extra > 0) duplicated.push(`${loggableKey(key)} x${list.length} (${plain} plain)`);
  }
  const delivered = new Set(copies.keys());
  const statuses = await clean.adapters.ledger.emailStatuses([...new Set([...expected, ...delivered])]);
  let ledgerMismatches = 0;
  for (const ref of delivered) if (statuses.get(ref) !== 'sent') ledgerMismatches++;
  for (const [key, status] of statuses) if (status === 'sent' && !delivered.has(key)) ledgerMismatches++;
  clean.adapters.dynamo.destroy();
  clean.adapters.ses.destroy();
  return {
    seed: seedNumber,
    asOf: formatDay(asOf),
    expected: expected.size,
    delivered: delivered.size,
    duplicates,
    missing: [...expected].filter((k) => !delivered.has(k)).length,
    unexpected: [...delivered].filter((k) => !expected.has(k)).length,
    ledgerMismatches,
    declaredRepeats,
    duplicated,
    runs,
    sweeps,
    job,
    events,
    concurrent,
    stalled,
    killAt: killAfterSend ? undefined : killAt,
    killAfterSend,
    injected,
  };
}

export async function runFaultScenarios(
  emulators: Emulators,
  count: number,
  firstSeed = 1,
  onResult?: (r: ScenarioResult) => void,
): Promise<FaultTotals> {
  const totals: FaultTotals = {
    scenarios: 0,
    duplicates: 0,
    missing: 0,
    unexpected: 0,
    ledgerMismatches: 0,
    declaredRepeats: 0,
    injected: noScenarioInjections(),
    results: [],
  };
  for (let i = 0; i < count; i++) {
    const r = await runScenario(emulators, firstSeed + i);
    totals.scenarios++;
    totals.duplicates += r.duplicates;
    totals.missing += r.missing;
    totals.unexpected += r.unexpected;
    totals.ledgerMismatches += r.ledgerMismatches;
    totals.declaredRepeats += r.declaredRepeats;
    for (const k of Object.keys(r.injected) as (keyof ScenarioInjected)[]) totals.injected[k] += r.injected[k];
    totals.results.push(r);
    onResult?.(r);
  }
  return totals;
}
