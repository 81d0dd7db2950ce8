/**
 * `npm start -- --input FILE --outbox DIR` end to end, as a council's data team would try it: a first snapshot, then
 * a smaller one a week later with --data-dir. The child gone from the second snapshot is in no email of the second
 * run; everyone else still is. Every email sent is one JSON file in the outbox.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { child } from '../helpers/records.js';
import { runScript } from '../helpers/run-script.js';

const DOMAIN = 'example-council.gov.uk';
const dir = mkdtempSync(join(tmpdir(), 'deadlines-e2e-'));

const start = (args: string[]) => runScript('local/run.ts', ['--once', ...args]);

function snapshot(name: string, ids: string[]): string {
  const file = join(dir, name);
  const lines = [
    JSON.stringify({ kind: 'team', id: 'T-1', name: 'North', managerEmails: [`manager@${DOMAIN}`] }),
    JSON.stringify({ kind: 'worker', id: 'W-1', name: 'Sam Social', email: `sam@${DOMAIN}`, teamId: 'T-1' }),
    ...ids.map((id) =>
      JSON.stringify(
        child({ id, teamId: 'T-1', workerId: 'W-1', visits: ['2024-04-02'], periodOfCareStart: '2023-01-02' }),
      ),
    ),
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

const outbox = (d: string) =>
  readdirSync(d)
    .sort()
    .map(
      (f) =>
        JSON.parse(readFileSync(join(d, f), 'utf8')) as {
          to: string[];
          subject: string;
          text: string;
          html: string;
          headers: Record<string, string>;
        },
    );

const casesIn = (text: string) => [...new Set(text.match(/\bCASE-\d+\b/g) ?? [])];

describe('npm start with --input and --outbox', () => {
  it('loads a snapshot, and a smaller one a week later closes the child who is gone', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `CASE-${i + 1}`);
    const data = join(dir, 'data');
    const first = await start([
      '--as-of',
      '2024-06-03',
      '--data-dir',
      data,
      '--input',
      snapshot('a.jsonl', ids),
      '--outbox',
      join(dir, 'out1'),
    ]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.split('\n')[0]!)).toMatchObject({
      job: 'import',
      outcome: 'complete',
      counts: { cases: 20 },
    });
    const sent1 = outbox(join(dir, 'out1'));
    const worker1 = sent1.find((e) => e.to[0] === `sam@${DOMAIN}`)!;
    expect(casesIn(worker1.text)).toHaveLength(20);
    expect(worker1.text).toMatch(/\bCASE-7\b/);
    expect(worker1.headers['X-Reminder-Reference']).toBe('daily-reminder#2024-06-03#worker:W-1');
    expect(worker1.html).toContain('<!doctype html>');

    const second = await start([
      '--as-of',
      '2024-06-10',
      '--data-dir',
      data,
      '--input',
      snapshot(
        'b.jsonl',
        ids.filter((id) => id !== 'CASE-7'),
      ),
      '--outbox',
      join(dir, 'out2'),
    ]);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout.split('\n')[0]!)).toMatchObject({ job: 'import', outcome: 'complete', closed: 1 });
    const sent2 = outbox(join(dir, 'out2'));
    expect(sent2.length).toBeGreaterThan(0);
    const worker2 = sent2.find((e) => e.to[0] === `sam@${DOMAIN}`)!;
    expect(casesIn(worker2.text)).toHaveLength(19);
    expect(worker2.text).toMatch(/\bCASE-8\b/);
    expect(sent2.filter((e) => /\bCASE-7\b/.test(`${e.subject}${e.text}${e.html}`))).toEqual([]);
  }, 180_000);
});
