/**
 * `npm start -- --input … --outbox …` over two days with --data-dir: a clean export, then the same export with
 * damaged rows. Every child the export names is, on the second day, in an email (evaluated for their worker or a
 * manager, or named by case reference to a manager); none is closed. A third export of other ids is refused, and
 * the refusal names --accept-shrink.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { child } from '../helpers/records.js';
import { runScript } from '../helpers/run-script.js';

const DOMAIN = 'example-council.gov.uk';
const dir = mkdtempSync(join(tmpdir(), 'deadlines-damaged-'));
const start = (args: string[]) => runScript('local/run.ts', ['--once', ...args]);

const ids = Array.from({ length: 20 }, (_, i) => `CASE-${i + 1}`);
const record = (id: string) =>
  child({ id, teamId: 'T-1', workerId: 'W-1', visits: ['2024-04-02'], periodOfCareStart: '2023-01-02' });
/** What the second day's export does to some children's lines. */
const damage: Record<string, (r: Record<string, unknown>) => unknown> = {
  // A visit date re-saved by Excel in US form.
  'CASE-2': (r) => ({ ...r, visits: ['2024-04-02', '10/13/2024 1:00 PM'] }),
  // A review typed with next year's date.
  'CASE-3': (r) => ({ ...r, reviews: ['2025-05-20'] }),
  // Not a record at all, but its id is readable.
  'CASE-4': () => ({ id: 'CASE-4', kind: 'child', dateOfBirth: 'unknown' }),
  // No team.
  'CASE-5': (r) => {
    const { teamId: _t, ...rest } = r;
    return rest;
  },
  // An empty worker id.
  'CASE-6': (r) => ({ ...r, workerId: '' }),
};

function snapshot(name: string, list: string[], damaged = false): string {
  const file = join(dir, name);
  const lines = [
    JSON.stringify({ kind: 'team', id: 'T-1', name: 'North', managerEmails: [`manager@${DOMAIN}`] }),
    JSON.stringify({ kind: 'worker', id: 'W-1', name: 'Sam Social', email: `sam@${DOMAIN}`, teamId: 'T-1' }),
    ...list.map((id) => {
      const r = record(id) as unknown as Record<string, unknown>;
      return JSON.stringify(damaged && damage[id] ? damage[id](r) : r);
    }),
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

const outbox = (d: string) =>
  readdirSync(d)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(d, f), 'utf8')) as { to: string[]; subject: string; text: string });
const named = (text: string, id: string) => new RegExp(`\\b${id}\\b`).test(text);

describe('npm start over two days, the second export damaged', () => {
  it('keeps every child of the export in an email and closes none', async () => {
    const data = join(dir, 'data');
    const first = await start(['--as-of', '2024-06-03', '--data-dir', data, '--input', snapshot('a.jsonl', ids)]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.split('\n')[0]!)).toMatchObject({ outcome: 'complete', counts: { cases: 20 } });

    const second = await start([
      '--as-of',
      '2024-06-10',
      '--data-dir',
      data,
      '--input',
      snapshot('b.jsonl', ids, true),
      '--outbox',
      join(dir, 'out2'),
    ]);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout.split('\n')[0]!)).toMatchObject({ job: 'import', outcome: 'complete', closed: 0 });
    const sent = outbox(join(dir, 'out2'));
    const toWorker = sent
      .filter((e) => e.to[0] === `sam@${DOMAIN}`)
      .map((e) => e.text)
      .join('\n');
    const toManagers = sent
      .filter((e) => e.to[0] !== `sam@${DOMAIN}`)
      .map((e) => e.text)
      .join('\n');
    for (const id of ids) expect(named(toWorker, id) || named(toManagers, id), id).toBe(true);
    // The unreadable line and the line with no team: open on their last good version, and named to the manager.
    const managerDaily = sent.find((e) => e.to[0] === `manager@${DOMAIN}` && !/weekly digest/.test(e.subject))!;
    expect(managerDaily.text).toContain('Could not be read: fix in the case system');
    for (const id of ['CASE-4', 'CASE-5']) {
      expect(named(managerDaily.text, id), id).toBe(true);
      expect(named(toWorker, id), id).toBe(true);
    }
    // The child with no worker reaches the manager.
    expect(named(managerDaily.text, 'CASE-6')).toBe(true);

    // An export of other children entirely: refused, the run goes on, and the way to apply it is named.
    const other = Array.from({ length: 20 }, (_, i) => `OTHER-${i + 1}`);
    const third = await start(['--as-of', '2024-06-11', '--data-dir', data, '--input', snapshot('c.jsonl', other)]);
    expect(third.status).toBe(0);
    expect(third.stderr).toContain(
      'npm start: import refused: the snapshot would close 20 of the 20 open cases (100.0 %, more than the 10 % allowed; it holds 20 cases).',
    );
    expect(third.stderr).toContain('re-run with --accept-shrink');
  }, 240_000);
});
