/**
 * `deadlines ledger` never sends a control character to the terminal: an ESC or BEL in a worker id, a line break in
 * a subject are printed escaped (`\u001B`), in the readable lines and in `--json`. On dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, LOCAL_AWS_ENV, createTables, startEmulators } from '../../local/emulators.js';
import { DynamoLedger } from '../../shared/adapters/dynamodb-ledger.js';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { runCli } from './capture.js';

let emulators: Emulators;
beforeAll(async () => {
  Object.assign(process.env, LOCAL_AWS_ENV);
  emulators = await startEmulators();
  await createTables(emulators.dynamoEndpoint, { records: 'cc-records', ledger: 'cc-ledger' });
  const { dynamo, doc } = createDynamoClients({ region: LOCAL_AWS_ENV.AWS_REGION, endpoint: emulators.dynamoEndpoint });
  const ledger = new DynamoLedger(doc, 'cc-ledger', 400);
  await ledger.claimEmail(
    {
      key: 'daily-reminder#2024-06-03#worker:W%1B1',
      kind: 'daily-reminder',
      audience: 'worker:W\u001b[2J1\u0007',
      recipient: 'w1@example-council.gov.uk',
      asOf: '2024-06-03',
      runId: 'r1',
      subject: 'Team\nA\u009b: 1 overdue',
      noticeKeys: [],
    },
    new Date('2024-06-03T07:00:00Z'),
    { leaseSeconds: 120, quarantineSeconds: 21_600 },
  );
  dynamo.destroy();
}, 60_000);
afterAll(async () => emulators.stop());

// Every C0 and C1 control character and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

describe('deadlines ledger and control characters', () => {
  it('prints them escaped on its readable lines', async () => {
    const r = await runCli([
      'ledger',
      '--date',
      '2024-06-03',
      '--endpoint',
      emulators.dynamoEndpoint,
      '--table',
      'cc-ledger',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '2024-06-03T07:00:00.000Z  claimed     daily-reminder   worker:W\\u001B[2J1\\u0007  w1@example-council.gov.uk  "Team\\nA\\u009B: 1 overdue"\n',
    );
    expect(CONTROL.test(r.stdout)).toBe(false);
  });

  it('prints them escaped in --json, which still parses to the stored values', async () => {
    const r = await runCli([
      'ledger',
      '--date',
      '2024-06-03',
      '--endpoint',
      emulators.dynamoEndpoint,
      '--table',
      'cc-ledger',
      '--json',
    ]);
    expect(CONTROL.test(r.stdout)).toBe(false);
    expect(r.stdout).toContain('"audience":"worker:W\\u001b[2J1\\u0007"');
    expect(r.stdout).toContain('"subject":"Team\\nA\\u009B: 1 overdue"');
    const parsed = JSON.parse(r.stdout.trim());
    expect(parsed).toMatchObject({ audience: 'worker:W\u001b[2J1\u0007', subject: 'Team\nA\u009b: 1 overdue' });
  });
});
