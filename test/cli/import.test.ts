/** `deadlines import` as a data team runs it, against dynalite: the summary, progress, refusals and AWS errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, createTables, startEmulators } from '../../local/emulators.js';
import { child } from '../helpers/records.js';
import { runScript } from '../helpers/run-script.js';

let emulators: Emulators;
const dir = mkdtempSync(join(tmpdir(), 'deadlines-import-'));
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'eu-west-2' };

/** The CLI in a child process (asynchronously: the emulator answers from this process). */
const run = (args: string[]) => runScript('cli/launch.mjs', args, env);

function snapshot(name: string, n: number, extra: string[] = []): string {
  const file = join(dir, name);
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify(child({ id: `C-${i + 1}` })));
  writeFileSync(file, [...lines, ...extra].join('\n'));
  return file;
}

beforeAll(async () => {
  emulators = await startEmulators();
  await createTables(emulators.dynamoEndpoint, { records: 'records', ledger: 'ledger' });
}, 60_000);
afterAll(async () => emulators.stop());

const base = () => ['import', '--table', 'records', '--endpoint', emulators.dynamoEndpoint];

describe('deadlines import', () => {
  it('loads a snapshot, reports rejected lines on stdout and progress on stderr', async () => {
    const file = snapshot('first.jsonl', 300, ['{not json']);
    const r = await run([...base(), '--input', file, '--progress-seconds', '0']);
    expect(r.stderr).toContain('import: reading: 301 lines read, 0 loaded, 1 rejected');
    expect(r.stderr).toMatch(/import: writing: 301 lines read, 200 loaded, 1 rejected/);
    expect(r.stderr).toContain(
      'imported 300 records, 0 workers, 0 teams; rejected 1 of 301 lines; closed 0 records no longer in the snapshot (of 0 open before)',
    );
    expect(JSON.parse(r.stdout)).toEqual({
      line: 301,
      recordId: null,
      problem: 'invalid-json',
      detail: 'the line is not valid JSON',
    });
    expect(r.status).toBe(0);
  }, 60_000);

  it('closes what a smaller snapshot lacks', async () => {
    const r = await run([...base(), '--input', snapshot('second.jsonl', 290)]);
    expect(r.stderr).toContain('closed 10 records no longer in the snapshot (of 300 open before)');
    expect(r.stderr).not.toContain('import: reading'); // progress at most every 5 seconds by default
    expect(r.status).toBe(0);
  }, 60_000);

  it('refuses a shrunken snapshot with exit 1 and the numbers, unless --accept-shrink', async () => {
    const file = snapshot('third.jsonl', 250);
    const r = await run([...base(), '--input', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'deadlines import: refused: the snapshot would close 40 of the 290 open cases (13.8 %, more than the 10 % allowed; it holds 250 cases). Nothing was written. If this really is the whole caseload, re-run with --accept-shrink.\n',
    );
    const lenient = await run([...base(), '--input', file, '--max-shrink-percent', '20']);
    expect(lenient.stderr).toContain('closed 40 records');
    expect(lenient.status).toBe(0);
  }, 60_000);

  it('keeps open a record whose line cannot be read but names it, and says so', async () => {
    const bad = JSON.stringify({ ...child({ id: 'C-7' }), dateOfBirth: '10/13/2012' });
    const file = snapshot('fourth.jsonl', 250, [bad]);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.filter((l) => !l.includes('"C-7"') || l === bad).join('\n'));
    const r = await run([...base(), '--input', file]);
    expect(r.stderr).toContain(
      'rejected 1 of 250 lines; closed 0 records no longer in the snapshot (of 250 open before); 0 workers and 0 teams now inactive; 1 named but not readable, kept open and listed to their managers',
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ recordId: 'C-7', problem: 'invalid-record' });
    expect(r.status).toBe(0);
  }, 60_000);

  it('a table that does not exist: one line naming the table and endpoint, exit 1', async () => {
    const r = await run([
      'import',
      '--table',
      'nope',
      '--endpoint',
      emulators.dynamoEndpoint,
      '--input',
      snapshot('x.jsonl', 3),
    ]);
    expect(r.stderr).toBe(`deadlines import: table nope not found at ${emulators.dynamoEndpoint}\n`);
    expect(r.status).toBe(1);
  }, 60_000);

  it('an endpoint that does not answer: one line naming the endpoint and table, exit 1', async () => {
    const r = await run([
      'import',
      '--table',
      'records',
      '--endpoint',
      'http://127.0.0.1:9',
      '--input',
      snapshot('y.jsonl', 3),
    ]);
    expect(r.stderr).toBe('deadlines import: cannot reach http://127.0.0.1:9 for table records (ECONNREFUSED)\n');
    expect(r.status).toBe(1);
  }, 60_000);
});
