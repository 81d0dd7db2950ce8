/**
 * The local commands on a machine with no AWS environment at all (no AWS_* variables, no profile): `import` and
 * `preview` against a local `--endpoint`, `preview` and `ledger` against a local run's `--data-dir`. Each reaches
 * the emulators with their own credentials, and never asks the SDK's credential chain.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, createTables, startEmulators } from '../../local/emulators.js';
import { child } from '../helpers/records.js';
import { runScript } from '../helpers/run-script.js';

const dir = mkdtempSync(join(tmpdir(), 'deadlines-no-aws-'));
/**
 * Nothing from this process's environment: a HOME with no ~/.aws in it, and the council's two settings a preview
 * against a table needs (a `--data-dir` brings its own).
 */
const bare = {
  HOME: dir,
  ALLOWED_RECIPIENT_DOMAINS: 'example-council.gov.uk',
  CASE_LINK_TEMPLATE: 'https://case-system.example-council.gov.uk/cases/{id}',
};
const run = (args: string[]) => runScript('cli/main.ts', args, bare);
let emulators: Emulators;

const snapshot = join(dir, 'caseload.jsonl');
writeFileSync(
  snapshot,
  [
    JSON.stringify({ kind: 'team', id: 'T-1', name: 'North', managerEmails: ['m@example-council.gov.uk'] }),
    JSON.stringify({ kind: 'worker', id: 'W-1', name: 'Sam', email: 'sam@example-council.gov.uk', teamId: 'T-1' }),
    ...['C-1', 'C-2', 'C-3'].map((id) =>
      JSON.stringify(child({ id, teamId: 'T-1', workerId: 'W-1', visits: ['2024-04-01'] })),
    ),
  ].join('\n'),
);

beforeAll(async () => {
  emulators = await startEmulators();
  await createTables(emulators.dynamoEndpoint, { records: 'records', ledger: 'ledger' });
}, 60_000);
afterAll(async () => emulators.stop());

describe('with no AWS environment', () => {
  it('the environment really is empty of AWS settings', () => {
    expect(Object.keys(bare).filter((k) => k.startsWith('AWS_'))).toEqual([]);
  });

  it('import --endpoint on this machine loads the snapshot', async () => {
    const r = await run(['import', '--table', 'records', '--endpoint', emulators.dynamoEndpoint, '--input', snapshot]);
    expect(r.stderr).not.toMatch(/Credentials|credential/i);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('imported 3 records, 1 workers, 1 teams');
  });

  it('preview --endpoint on this machine renders the day’s emails', async () => {
    const out = join(dir, 'preview-endpoint');
    const r = await run([
      'preview',
      '--as-of',
      '2024-06-03',
      '--table',
      'records',
      '--ledger',
      'ledger',
      '--endpoint',
      emulators.dynamoEndpoint,
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/Credentials|credential/i);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });

  it('preview and ledger --data-dir read a local run’s data', async () => {
    const data = mkdtempSync(join(tmpdir(), 'deadlines-no-aws-data-'));
    const local = await startEmulators({ dataDir: data });
    await createTables(local.dynamoEndpoint, { records: 'records', ledger: 'ledger' });
    await local.stop();
    const imported = await run(['preview', '--as-of', '2024-06-03', '--data-dir', data, '--out', join(dir, 'p2')]);
    expect(imported.stderr).not.toMatch(/Credentials|credential/i);
    expect(imported.status, imported.stderr).toBe(0);
    const ledger = await run(['ledger', '--date', '2024-06-03', '--data-dir', data, '--json']);
    expect(ledger.stderr).not.toMatch(/Credentials|credential/i);
    expect(ledger.status, ledger.stderr).toBe(0);
    expect(JSON.parse(ledger.stdout || '[]')).toEqual([]);
  });
});
