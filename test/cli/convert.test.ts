/** `deadlines convert --from ssd` and `deadlines sample`, run as a council would run them (ssd.md "Command"). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childTables, csv, writeExtract } from '../ssd/helpers.js';

const run = (args: string[]) => spawnSync(process.execPath, ['cli/launch.mjs', ...args], { encoding: 'utf8' });
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const lastLine = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!);
const dir = mkdtempSync(join(tmpdir(), 'deadlines-convert-'));

describe('deadlines convert --from ssd', () => {
  it('writes records and problem lines on stdout, the summary last on stderr, exit 0 whatever the problems', () => {
    const t = childTables();
    t.ssd_person += 'C2,Bo,Two,2013-02-31,,\n';
    t.ssd_cla_episodes += 'E2,C2,2024-01-01,,CLA2,\n';
    const r = run(['convert', '--from', 'ssd', '--input', writeExtract(t), '--as-of', '2024-06-03']);
    expect(r.status).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toEqual([
      expect.objectContaining({ id: 'C1', kind: 'child', teamId: 'T1', workerId: 'W1' }),
      { recordId: 'C2', source: 'ssd_person:2', problem: 'invalid-date', detail: 'pers_dob' },
    ]);
    expect(lastLine(r.stderr)).toEqual({
      persons: 2,
      children: 1,
      leavers: 0,
      outOfScope: 0,
      notConverted: 1,
      problems: 1,
    });
    expect(r.stdout).not.toContain('2013-02-31'); // details name columns, never values
  });

  it('convert | evaluate: the converter’s problem lines pass through evaluate unchanged, never as records', () => {
    const t = childTables();
    t.ssd_person += 'C2,Bo,Two,,,\n'; // no date of birth: blocked
    t.ssd_cla_episodes += 'E2,C2,2024-01-01,,CLA2,\n';
    t.ssd_cla_visits = csv(['clav_person_id', 'clav_cla_visit_date'], [['C1', '10/13/2023 1:00 PM']]);
    const converted = run(['convert', '--from', 'ssd', '--input', writeExtract(t), '--as-of', '2024-06-03']);
    const evaluated = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'evaluate', '--as-of', '2024-06-03', '--input', '-'],
      { encoding: 'utf8', input: converted.stdout },
    );
    expect(evaluated.status).toBe(0);
    const lines = jsonLines(evaluated.stdout);
    expect(lines.filter((l) => 'problem' in l)).toEqual([
      {
        recordId: 'C1',
        source: 'ssd_cla_visits:1',
        problem: 'invalid-date',
        detail: 'clav_cla_visit_date: expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date',
      },
      {
        recordId: 'C2',
        source: 'ssd_person:2',
        problem: 'no-date-of-birth',
        detail: 'pers_dob and pers_expected_dob are empty',
      },
    ]);
    expect(lines.filter((l) => 'obligation' in l && l.recordId === 'C1').length).toBeGreaterThan(3);
    expect(evaluated.stderr).toContain('evaluated 1 records');
  });

  it('--map translates descriptions', () => {
    const t = childTables();
    t.ssd_legal_status = csv(
      ['lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date'],
      [['C1', 'Full Care Order', '2023-01-10']],
    );
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ lega_legal_status: { 'Full Care Order': 'C2' } }));
    const input = writeExtract(t);
    const mapped = run(['convert', '--from', 'ssd', '--input', input, '--as-of', '2024-06-03', '--map', map]);
    expect(jsonLines(mapped.stdout)).toEqual([expect.objectContaining({ legalStatus: 'careOrder' })]);
    const unmapped = run(['convert', '--from', 'ssd', '--input', input, '--as-of', '2024-06-03']);
    expect(jsonLines(unmapped.stdout).map((l) => l.legalStatus ?? l.problem)).toEqual(['other', 'unknown-code']);
  });

  it.each([
    ['no --as-of', ['--from', 'ssd', '--input', 'DIR']],
    ['an impossible --as-of', ['--from', 'ssd', '--input', 'DIR', '--as-of', '2024-02-30']],
    ['another format', ['--from', 'mosaic', '--input', 'DIR', '--as-of', '2024-06-03']],
    ['a map with an unknown column', ['--from', 'ssd', '--input', 'DIR', '--as-of', '2024-06-03', '--map', 'BADMAP']],
    ['a map that is not JSON', ['--from', 'ssd', '--input', 'DIR', '--as-of', '2024-06-03', '--map', 'NOTJSON']],
    ['no such folder', ['--from', 'ssd', '--input', '/nonexistent', '--as-of', '2024-06-03']],
    ['no ssd_cla_episodes.csv', ['--from', 'ssd', '--input', 'NOEPISODES', '--as-of', '2024-06-03']],
    ['an unterminated quote', ['--from', 'ssd', '--input', 'NOTCSV', '--as-of', '2024-06-03']],
  ])('exit 2 for %s, nothing on stdout', (_, args) => {
    const badMap = join(dir, 'bad-map.json');
    writeFileSync(badMap, JSON.stringify({ legal_status: { a: 'C2' } }));
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{"lega_legal_status": ');
    const noEpisodes = childTables();
    delete noEpisodes.ssd_cla_episodes;
    const notCsv = childTables();
    notCsv.ssd_involvements += 'I2,W2,CW,"T2,2024-01-01,,C1\n';
    const replace: Record<string, string> = {
      DIR: writeExtract(childTables()),
      BADMAP: badMap,
      NOTJSON: notJson,
      NOEPISODES: writeExtract(noEpisodes),
      NOTCSV: writeExtract(notCsv),
    };
    const r = run(['convert', ...args.map((a) => replace[a] ?? a)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('    at '); // one clear line, no stack trace
  });
});

describe('deadlines sample', () => {
  it('--format jsonl writes the synthetic authority as import lines', () => {
    const out = join(dir, 'authority.jsonl');
    const r = run([
      'sample',
      '--format',
      'jsonl',
      '--out',
      out,
      '--as-of',
      '2024-06-03',
      '--children',
      '5',
      '--leavers',
      '2',
    ]);
    expect(r.status).toBe(0);
    const lines = jsonLines(readFileSync(out, 'utf8'));
    // 5 children and 2 leavers, then the authority's 5 malformed records (ids LA-C9…, LA-L9…).
    expect(lines.filter((l) => /^LA-C1/.test(l.id))).toHaveLength(5);
    expect(lines.filter((l) => /^LA-L2/.test(l.id))).toHaveLength(2);
    expect(lines.filter((l) => l.kind === 'team')).toHaveLength(6);
    expect(lines.filter((l) => l.kind === 'worker')).toHaveLength(40);
  });

  it('--format ssd writes a folder that convert reads, the same for the same seed', () => {
    const a = join(dir, 'ssd-a');
    const b = join(dir, 'ssd-b');
    for (const out of [a, b]) {
      const r = run([
        'sample',
        '--format',
        'ssd',
        '--out',
        out,
        '--as-of',
        '2024-06-03',
        '--seed',
        '3',
        '--children',
        '12',
        '--leavers',
        '4',
      ]);
      expect(r.status).toBe(0);
    }
    expect(readdirSync(a)).toContain('directory.jsonl');
    for (const name of readdirSync(a))
      expect(readFileSync(join(b, name), 'utf8')).toBe(readFileSync(join(a, name), 'utf8'));
    const converted = run(['convert', '--from', 'ssd', '--input', a, '--as-of', '2024-06-03']);
    expect(lastLine(converted.stderr)).toEqual({
      persons: 26,
      children: 17,
      leavers: 4,
      outOfScope: 4,
      notConverted: 1,
      problems: 6,
    });
  });

  it('exit 2 for an unknown format', () => {
    expect(run(['sample', '--format', 'xml', '--out', join(dir, 'x')]).status).toBe(2);
  });
});
