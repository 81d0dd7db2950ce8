/**
 * `npm start`: the whole product on this machine. Starts DynamoDB (dynalite) and SES (aws-ses-v2-local) on
 * 127.0.0.1, creates the tables, loads a synthetic authority through the import path, invokes the Lambda handlers
 * as the scheduler would, prints one JSON summary line per job and the address of the local inbox.
 *
 *   npm start -- [--once] [--as-of YYYY-MM-DD] [--data-dir DIR] [--seed N] [--inbox-port N]
 *                [--input FILE|DIR [--accept-shrink] [--absences FILE]] [--outbox DIR]
 *
 * `--input` loads that JSON-lines file or SSD folder instead of the synthetic authority, as a snapshot: with
 * `--data-dir`, a second run with a smaller file closes what is gone (or is refused, as in production, and the run
 * goes on with the data already there). `--outbox DIR` writes every email the run sent as one JSON file.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoRecordStore } from '../shared/adapters/dynamodb-record-store.js';
import { createDynamoClients } from '../shared/composition/compose.js';
import { type Day, formatDay, humanDayWithWeekday, parseDay } from '../shared/domain/calendar/local-date.js';
import { londonDateOf } from '../shared/domain/calendar/london.js';
import { englandWorkingDays } from '../shared/domain/calendar/working-days.js';
import { importLines } from '../shared/use-cases/import-records.js';
import { type SnapshotSource, importSnapshot } from '../shared/use-cases/import-snapshot.js';
import { ssdSnapshot } from '../shared/use-cases/snapshot-input.js';
import { DEFAULTS } from '../shared/config/defaults.js';
import { withAbsences } from '../shared/use-cases/absences-file.js';
import { readLines } from '../cli/io.js';
import { writeOutbox } from './outbox.js';
import {
  LOCAL_AWS_ENV,
  LOCAL_DOMAIN,
  createTables,
  localFunctionEnv,
  sentEmails,
  startEmulators,
} from './emulators.js';
import { syntheticCaseload } from '../cli/synthetic/authority.js';

/** The latest working day on or before today in London: a local run on a Sunday shows Friday's run. */
function defaultAsOf(): Day {
  const today = londonDateOf(new Date());
  const wd = englandWorkingDays();
  let d = today;
  while (!wd.isWorkingDay(d)) d--;
  return d;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '1' },
      'inbox-port': { type: 'string' },
      input: { type: 'string' },
      absences: { type: 'string' },
      'accept-shrink': { type: 'boolean', default: false },
      outbox: { type: 'string' },
    },
  });
  const asOf = values['as-of'] ? parseDay(values['as-of']) : defaultAsOf();
  if (asOf === undefined) throw new Error(`--as-of must be a real date in YYYY-MM-DD form`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const emulators = await startEmulators({
    ...(dataDir ? { dataDir } : {}),
    ...(values['inbox-port'] ? { sesPort: Number(values['inbox-port']) } : {}),
  });
  const env = localFunctionEnv(emulators);
  Object.assign(process.env, env);
  // One summary line per job on stdout: the functions' CloudWatch metrics (embedded metric format) are for Lambda.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  await createTables(emulators.dynamoEndpoint, { records: env.RECORDS_TABLE!, ledger: env.LEDGER_TABLE! });

  // The synthetic authority goes in through the same import path an authority would use.
  const caseload = syntheticCaseload({ asOf, seed, domain: LOCAL_DOMAIN });
  const lines = [
    ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
    ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
    ...caseload.records.map((r) => JSON.stringify(r)),
    ...caseload.malformed.map((r) => JSON.stringify(r)),
  ];
  const { dynamo: client, doc } = createDynamoClients({
    endpoint: emulators.dynamoEndpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
  });
  const store = new DynamoRecordStore(doc, env.RECORDS_TABLE!);
  const summaries: unknown[] = [];
  let imported: { cases: number; workers: number; teams: number } | undefined;
  if (values.input) {
    // A council's own file or SSD folder, through the same snapshot import the import function runs.
    const input = resolve(values.input);
    let source: SnapshotSource = statSync(input).isDirectory()
      ? await ssdSnapshot(input, { asOf })
      : { name: input, lines: readLines(input) };
    if (values.absences)
      source = await withAbsences(source, readFileSync(resolve(values.absences), 'utf8'), values.absences);
    const report = await importSnapshot(
      source,
      { store, clock: { now: () => new Date() }, onRejected: () => {} },
      {
        acceptShrink: values['accept-shrink'],
        retentionDays: Number(env.LEDGER_RETENTION_DAYS ?? DEFAULTS.ledgerRetentionDays),
      },
    );
    summaries.push({ job: 'import', ...report });
    if (report.outcome === 'refused')
      console.error(
        `npm start: import refused: ${report.reason}. Nothing was written; the run goes on with the data already there. If this really is the whole caseload, re-run with --accept-shrink.`,
      );
    else imported = report.counts;
  } else {
    // With --data-dir the authority is seeded once: later runs (the same day again, or the next days) work on the
    // same records, as a real deployment would.
    const seeded = dataDir ? await hasCases(client, env.RECORDS_TABLE!) : false;
    const result = seeded ? undefined : await importLines(lines, store, () => {});
    // The import rejects malformed lines; an integration writing to the table directly would not, so a few are
    // written as they are, for the daily run to find, report and step over.
    if (result) {
      await store.putAll(caseload.malformed.map((item) => ({ entity: 'case' as const, id: String(item.id), item })));
      imported = result.loaded;
      summaries.push({ job: 'import', lines: result.lines, ...result.loaded, rejected: result.rejected });
    }
  }
  client.destroy();

  const { handler: daily } = await import('../functions/daily-reminders/handler.js');
  const { handler: escalations } = await import('../functions/escalations/handler.js');
  const { handler: digest } = await import('../functions/weekly-digest/handler.js');
  summaries.push(await invoke(() => daily({ asOf: formatDay(asOf) })));
  summaries.push(await invoke(() => escalations({ asOf: formatDay(asOf) })));
  // The weekly digest normally fires at each team's own slot; a local run shows this week's straight away.
  summaries.push(await invoke(() => digest({ asOf: formatDay(asOf), scope: 'all' })));
  for (const s of summaries) console.log(JSON.stringify(s));
  if (values.outbox) {
    const written = await writeOutbox(resolve(values.outbox), await sentEmails(emulators.sesEndpoint));
    console.error(`${written.length} emails written to ${resolve(values.outbox)}`);
  }

  if (values.once) {
    await emulators.stop();
    return;
  }
  const mail = await sentEmails(emulators.sesEndpoint);
  console.log('');
  console.log(
    `Local run for ${humanDayWithWeekday(asOf)} (${values.input ? values.input : `seed ${seed}`})${imported ? `: ${imported.cases} records, ${imported.workers} workers, ${imported.teams} teams loaded` : ', on the records already in the data directory'}.`,
  );
  console.log(`${mail.length} emails are in the local inbox: ${emulators.sesEndpoint}/`);
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolveStop) => process.once('SIGINT', () => resolveStop()));
  await emulators.stop();
}

async function hasCases(client: DynamoDBClient, table: string): Promise<boolean> {
  const result = await client.send(new ScanCommand({ TableName: table, Limit: 1 }));
  return (result.Count ?? 0) > 0;
}

/** Invokes a handler as Lambda would: a thrown run failure still has a summary to show. */
async function invoke(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    const summary = (error as { summary?: unknown }).summary;
    if (summary) return summary;
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`npm start: ${(error as Error).message}`);
  process.exit(1);
});
