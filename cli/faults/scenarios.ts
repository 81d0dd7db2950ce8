/**
 * Seeded fault scenarios for the daily run, on dynalite and aws-ses-v2-local. Each scenario:
 * 1. an oracle: the synthetic authority on clean tables, run once without faults, defines which emails must exist;
 * 2. the same authority on fresh tables, run with faults injected at the SDK boundary (DynamoDB throttling and
 *    partial batches, SES throttling and 5xx, the process killed at a random call, sometimes two runs at once),
 *    then re-run (later, as the next retry would be) until a run completes;
 * 3. reconciliation: every expected email delivered exactly once, nothing else delivered, and the ledger agreeing
 *    with what the SES emulator holds.
 * SES Send events are published between runs (see send-events.ts), as the configuration set would.
 */
import { createAdapters, deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { loadConfig } from '../../shared/config/env.js';
import { type Day, formatDay, fromCivil } from '../../shared/domain/calendar/local-date.js';
import { englandWorkingDays } from '../../shared/domain/calendar/working-days.js';
import type { Clock } from '../../shared/ports/ledger.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { importLines } from '../../shared/use-cases/import-records.js';
import {
  LOCAL_DOMAIN,
  type Emulators,
  clearSentEmails,
  createTables,
  localFunctionEnv,
  referenceOf,
  sentEmails,
} from '../local/emulators.js';
import { publishSendEvents } from '../local/send-events.js';
import { prng, syntheticCaseload } from '../synthetic/authority.js';
import { type FaultWorld, faultWorld, injectFaults } from './fault-injection.js';

export interface ScenarioResult {
  seed: number;
  asOf: string;
  expected: number;
  delivered: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  ledgerMismatches: number;
  runs: number;
  concurrent: boolean;
  killAt: number | undefined;
  injected: FaultWorld['injected'];
}

export interface FaultTotals {
  scenarios: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  ledgerMismatches: number;
  injected: FaultWorld['injected'];
  results: ScenarioResult[];
}

const quiet = { info() {}, warn() {}, error() {} };

function adaptersFor(emulators: Emulators, tables: { records: string; ledger: string }) {
  const config = loadConfig({
    ...localFunctionEnv(emulators),
    RECORDS_TABLE: tables.records,
    LEDGER_TABLE: tables.ledger,
    SEND_RATE_PER_SECOND: '0',
    SEND_CONCURRENCY: '4',
  });
  return { config, adapters: createAdapters(config) };
}

async function seed(
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

export async function runScenario(emulators: Emulators, seedNumber: number): Promise<ScenarioResult> {
  const random = prng(seedNumber * 7919);
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
  await runDailyReminders(asOf, {
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
  const killAt = random() < 0.6 ? 3 + Math.floor(random() * 55) : undefined;
  const concurrent = random() < 0.3;
  const rates = { throttleRate: random() * 0.04, sesFailureRate: random() * 0.3, partialBatchRate: random() * 0.5 };
  const injected = { throttles: 0, partialBatches: 0, kills: 0 };
  const tables = { records: `records-${seedNumber}`, ledger: `ledger-${seedNumber}` };
  const process = (killAtCall?: number) => {
    const world = faultWorld(random, { ...rates, ...(killAtCall ? { killAt: killAtCall } : {}) });
    const p = adaptersFor(emulators, tables);
    injectFaults(p.adapters.dynamo, 'dynamodb', world);
    injectFaults(p.adapters.ses, 'ses', world);
    return { ...p, world };
  };
  await createTables(emulators.dynamoEndpoint, tables);
  const seeding = process();
  await seed(seeding.adapters, caseload);

  let runs = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    // Each retry comes later, as Lambda's own retries would: past the lease of any claim a dead run left behind.
    const clock: Clock = { now: () => new Date(start.getTime() + attempt * 5 * 60_000) };
    const parallel = attempt === 0 && concurrent ? 2 : 1;
    const procs = Array.from({ length: parallel }, (_, i) => process(attempt === 0 && i === 0 ? killAt : undefined));
    const outcomes = await Promise.allSettled(
      procs.map((p, i) =>
        runDailyReminders(asOf, {
          ...deliveryDeps(p.config, p.adapters, quiet, clock),
          sleep: async () => {},
          store: p.adapters.store,
          policy: p.config.policy,
          settings: reminderSettings(p.config),
          runId: `run-${attempt}-${i}`,
        }),
      ),
    );
    runs += parallel;
    for (const p of procs) {
      for (const k of ['throttles', 'partialBatches', 'kills'] as const) injected[k] += p.world.injected[k];
      p.adapters.dynamo.destroy();
      p.adapters.ses.destroy();
    }
    // SES's Send events for whatever it accepted arrive through the configuration set meanwhile.
    await publishSendEvents(
      emulators.sesEndpoint,
      {
        recordDeliveryEvent: seeding.adapters.ledger.recordDeliveryEvent.bind(seeding.adapters.ledger),
        suppressWorkerAddress: async () => [],
      },
      clock.now(),
    );
    if (outcomes.some((o) => o.status === 'fulfilled' && o.value.failed === 0 && o.value.inProgress === 0)) break;
  }
  const faulty = seeding;

  // 3. Reconciliation.
  const references = (await sentEmails(emulators.sesEndpoint)).map((m) => referenceOf(m)!);
  const delivered = new Set(references);
  const statuses = await faulty.adapters.ledger.emailStatuses([...new Set([...expected, ...delivered])]);
  let ledgerMismatches = 0;
  for (const ref of delivered) if (statuses.get(ref) !== 'sent') ledgerMismatches++;
  for (const [key, status] of statuses) if (status === 'sent' && !delivered.has(key)) ledgerMismatches++;
  faulty.adapters.dynamo.destroy();
  faulty.adapters.ses.destroy();
  return {
    seed: seedNumber,
    asOf: formatDay(asOf),
    expected: expected.size,
    delivered: delivered.size,
    duplicates: references.length - delivered.size,
    missing: [...expected].filter((k) => !delivered.has(k)).length,
    unexpected: [...delivered].filter((k) => !expected.has(k)).length,
    ledgerMismatches,
    runs,
    concurrent,
    killAt,
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
    injected: { throttles: 0, partialBatches: 0, kills: 0 },
    results: [],
  };
  for (let i = 0; i < count; i++) {
    const r = await runScenario(emulators, firstSeed + i);
    totals.scenarios++;
    totals.duplicates += r.duplicates;
    totals.missing += r.missing;
    totals.unexpected += r.unexpected;
    totals.ledgerMismatches += r.ledgerMismatches;
    for (const k of ['throttles', 'partialBatches', 'kills'] as const) totals.injected[k] += r.injected[k];
    totals.results.push(r);
    onResult?.(r);
  }
  return totals;
}
