/**
 * A full daily run on the local stand-ins: 10,000 records and 500 workers in dynalite, emails to aws-ses-v2-local,
 * through the real SDK over HTTP. Prints wall time, peak memory, and where the time went.
 */
import { createAdapters, deliveryDeps, reminderSettings } from '../shared/composition/compose.js';
import { loadConfig } from '../shared/config/env.js';
import { day } from '../shared/domain/calendar/local-date.js';
import type { Timings } from '../shared/use-cases/evaluate-caseload.js';
import { runDailyReminders } from '../shared/use-cases/daily-reminders.js';
import { importLines } from '../shared/use-cases/import-records.js';
import { LOCAL_AWS_ENV, LOCAL_DOMAIN, createTables, localFunctionEnv, startEmulators } from '../local/emulators.js';
import { syntheticCaseload } from '../cli/synthetic/authority.js';

export async function benchDailyRun(records = 10_000, workers = 500): Promise<void> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  const emulators = await startEmulators();
  const config = loadConfig({
    ...localFunctionEnv(emulators),
    SEND_RATE_PER_SECOND: '0',
    SEND_CONCURRENCY: '16',
    SCAN_SEGMENTS: '4',
  });
  await createTables(emulators.dynamoEndpoint, { records: config.RECORDS_TABLE, ledger: config.LEDGER_TABLE });
  const adapters = createAdapters(config);
  const asOf = day('2024-06-03');
  const children = Math.round(records * 0.75);
  const caseload = syntheticCaseload({
    asOf,
    seed: 11,
    children,
    leavers: records - children,
    teams: 40,
    workers,
    malformed: 0,
    domain: LOCAL_DOMAIN,
  });
  const loadStart = performance.now();
  await importLines(
    [
      ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
      ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
      ...caseload.records.map((r) => JSON.stringify(r)),
    ],
    adapters.store,
    () => {},
  );
  const loadMs = performance.now() - loadStart;

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const timings: Timings = {};
  const started = performance.now();
  const quiet = { info() {}, warn() {}, error() {} };
  const summary = await runDailyReminders(asOf, {
    ...deliveryDeps(config, adapters, quiet),
    store: adapters.store,
    policy: config.policy,
    settings: reminderSettings(config),
    runId: 'bench',
    timings,
  });
  const wall = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  adapters.dynamo.destroy();
  adapters.ses.destroy();
  await emulators.stop();

  const ms = (n: number | undefined) => `${(n ?? 0).toFixed(0).padStart(6)} ms`;
  console.log(
    `daily run: ${summary.recordsRead.toLocaleString('en-GB')} records, ${workers} workers, ${summary.obligations.toLocaleString('en-GB')} obligations, ${summary.emailsSent} emails (dynalite + aws-ses-v2-local over HTTP; loaded in ${(loadMs / 1000).toFixed(1)} s)`,
  );
  console.log(`  scan (parallel, 4 segments)   ${ms(timings.scan)}`);
  console.log(`  evaluate                      ${ms(timings.evaluate)}`);
  console.log(
    `  plan and render emails        ${ms(timings.render)}   (includes the ledger look-up of what was already announced)`,
  );
  console.log(`  send (claim, SES, mark, notices) ${ms(timings.send)}`);
  console.log(`  wall time                     ${ms(wall)}`);
  console.log(`  peak RSS                      ${Math.round(peakRss / 1048576)} MB (emulators in the same process)`);
}
