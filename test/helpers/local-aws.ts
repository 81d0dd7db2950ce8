import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createAdapters } from '../../shared/composition/compose.js';
import { type Config, loadConfig } from '../../shared/config/env.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { importLines } from '../../shared/use-cases/import-records.js';
import {
  type Emulators,
  clearSentEmails,
  createTables,
  localFunctionEnv,
  startEmulators,
} from '../../local/emulators.js';
import { syntheticCaseload } from '../../cli/synthetic/authority.js';

export interface LocalAws {
  emulators: Emulators;
  env: Record<string, string>;
  config: Config;
  adapters: ReturnType<typeof createAdapters>;
  stop(): Promise<void>;
}

/** dynalite and aws-ses-v2-local on 127.0.0.1, tables created, process.env pointing at them. */
export async function startLocalAws(overrides: Record<string, string> = {}): Promise<LocalAws> {
  const emulators = await startEmulators();
  const env = { ...localFunctionEnv(emulators), ...overrides };
  Object.assign(process.env, env);
  await createTables(emulators.dynamoEndpoint, { records: env.RECORDS_TABLE!, ledger: env.LEDGER_TABLE! });
  const config = loadConfig(env);
  const adapters = createAdapters(config);
  await clearSentEmails(emulators.sesEndpoint);
  return {
    emulators,
    env,
    config,
    adapters,
    stop: async () => {
      adapters.dynamo.destroy();
      adapters.ses.destroy();
      await emulators.stop();
    },
  };
}

/** Loads a small synthetic authority through the import path, plus malformed items written directly. */
export async function seedSynthetic(
  local: LocalAws,
  asOf: string,
  options: { seed?: number; children?: number; leavers?: number; teams?: number; workers?: number } = {},
) {
  const caseload = syntheticCaseload({
    asOf: day(asOf),
    seed: options.seed ?? 3,
    children: options.children ?? 80,
    leavers: options.leavers ?? 20,
    teams: options.teams ?? 3,
    workers: options.workers ?? 12,
    domain: 'example-council.gov.uk',
  });
  const lines = [
    ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
    ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
    ...caseload.records.map((r) => JSON.stringify(r)),
  ];
  await importLines(lines, local.adapters.store, () => {});
  await local.adapters.store.putAll(
    caseload.malformed.map((item) => ({ entity: 'case' as const, id: String(item.id), item })),
  );
  return caseload;
}

/** Every item of a table deleted, in batches of 25 sent together: a test that starts from empty tables. */
export async function emptyTable(local: LocalAws, table: string): Promise<void> {
  const { Items = [] } = await local.adapters.doc.send(new ScanCommand({ TableName: table }));
  const batches: (typeof Items)[] = [];
  for (let i = 0; i < Items.length; i += 25) batches.push(Items.slice(i, i + 25));
  await Promise.all(
    batches.map((batch) =>
      local.adapters.doc.send(
        new BatchWriteCommand({
          RequestItems: { [table]: batch.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })) },
        }),
      ),
    ),
  );
  const { Count } = await local.adapters.doc.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
  if (Count) await emptyTable(local, table);
}
