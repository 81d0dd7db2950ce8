import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { child, leaver } from '../helpers/records.js';

const dir = mkdtempSync(join(tmpdir(), 'deadlines-cli-'));
const run = (args: string[], stdin?: string) =>
  spawnSync(process.execPath, ['cli/launch.mjs', ...args], { encoding: 'utf8', input: stdin });
const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('deadlines CLI', () => {
  const input = join(dir, 'records.jsonl');
  writeFileSync(
    input,
    [
      JSON.stringify(
        child({ id: 'C-good', periodOfCareStart: '2024-05-01', placement: { start: '2024-05-24', type: 'foster' } }),
      ),
      '{not json',
      '',
      JSON.stringify({ id: 'C-bad', kind: 'child' }),
      JSON.stringify(child({ id: 'C-future', visits: ['2024-06-10'] })),
      JSON.stringify(leaver({ id: 'L-good' })),
      JSON.stringify(child({ id: 'C-blocked', careOrderDate: '2024-06-10' })),
      JSON.stringify(child({ id: 'C-unallocated', workerId: null })),
    ].join('\n'),
  );

  it('evaluate: one line per obligation and per problem, every good record evaluated, exit 0', () => {
    const r = run(['evaluate', '--as-of', '2024-06-03', '--input', input]);
    expect(r.status).toBe(0);
    const lines = jsonLines(r.stdout);
    const visit = lines.find((l) => l.recordId === 'C-good' && l.obligation === 'visit');
    expect(visit).toEqual({
      recordId: 'C-good',
      obligation: 'visit',
      dueDate: '2024-05-31',
      status: 'overdue',
      days: -3,
      rule: 'visit-first',
      citation: 'CPPCR 2010 reg 28(2)(a)',
      force: 'statutory',
      explanation: 'first visit within 1 week of the placement that started 24 May 2024',
    });
    expect(lines.filter((l) => 'problem' in l)).toEqual([
      { recordId: null, line: 2, problem: 'invalid-json', detail: expect.any(String) },
      { recordId: 'C-bad', line: 4, problem: 'invalid-record', detail: expect.stringContaining('placement: required') },
      { recordId: 'C-future', line: 5, problem: 'date-after-as-of', detail: expect.stringContaining('visits[0]') },
      { recordId: 'C-blocked', line: 7, problem: 'date-after-as-of', detail: expect.stringContaining('careOrderDate') },
      { recordId: 'C-unallocated', line: 8, problem: 'no-allocated-worker', detail: expect.any(String) },
    ]);
    expect(lines.filter((l) => l.recordId === 'L-good').map((l) => l.obligation)).toEqual([
      'pathway-plan',
      'pa-contact',
    ]);
    // rules.md §4 item 10: the future visit is left out and the rest evaluated; no worker costs nothing either.
    expect(lines.filter((l) => l.recordId === 'C-future' && 'obligation' in l).map((l) => l.obligation)).toEqual([
      'visit',
      'review',
      'health-assessment',
      'dental-check',
      'sdq',
      'pep',
      'supervision',
    ]);
    expect(lines.find((l) => l.recordId === 'C-future' && l.obligation === 'visit')).toMatchObject({
      dueDate: '2023-01-17',
      status: 'overdue',
    });
    expect(lines.filter((l) => l.recordId === 'C-unallocated' && 'obligation' in l)).toHaveLength(7);
    expect(lines.some((l) => l.recordId === 'C-blocked' && 'obligation' in l)).toBe(false);
  });

  it('evaluate: a declined health assessment carries the decline and the re-offer date (rules.md example)', () => {
    const record = child({
      id: 'C-declined',
      healthAssessments: ['2023-04-01'],
      dentalChecks: ['2023-10-01'],
      declined: [
        { obligation: 'health-assessment', date: '2024-05-20' },
        { obligation: 'dental-check', date: '2024-01-15' },
      ],
    });
    const r = run(['evaluate', '--as-of', '2024-06-03', '--input', '-'], `${JSON.stringify(record)}\n`);
    const lines = jsonLines(r.stdout);
    expect(lines.find((l) => l.obligation === 'health-assessment')).toEqual({
      recordId: 'C-declined',
      obligation: 'health-assessment',
      dueDate: '2024-08-20',
      status: 'upcoming',
      days: 78,
      rule: 'health-assessment-review',
      citation: 'CPPCR 2010 reg 7',
      force: 'statutory',
      explanation:
        'declined on 20 May 2024; offer again by 20 Aug 2024 (usually due 1 Apr 2024: 12 months after the last health assessment on 1 Apr 2023 (aged 5 or over at that assessment))',
      declined: '2024-05-20',
    });
    expect(lines.find((l) => l.obligation === 'dental-check')).toMatchObject({
      dueDate: '2024-04-15',
      status: 'overdue',
      days: -49,
      declined: '2024-01-15',
    });
    expect(lines.find((l) => l.obligation === 'visit')).not.toHaveProperty('declined');
  });

  it('accepts a file that starts with a byte-order mark', () => {
    const r = run(
      ['evaluate', '--as-of', '2024-06-03', '--input', '-'],
      `\uFEFF${JSON.stringify(leaver({ id: 'L-bom' }))}\n`,
    );
    expect(jsonLines(r.stdout).map((l) => l.recordId)).toEqual(['L-bom', 'L-bom']);
  });

  it('reads standard input with -', () => {
    const r = run(
      ['evaluate', '--as-of', '2024-06-03', '--input', '-'],
      `${JSON.stringify(leaver({ id: 'L-stdin' }))}\n`,
    );
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout).map((l) => l.recordId)).toEqual(['L-stdin', 'L-stdin']);
  });

  it('explain: the derivation of each due date in plain English', () => {
    const r = run(['explain', '--as-of', '2024-06-03', '--input', input, '--id', 'C-good']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('visit: due 31 May 2024 (overdue, 3 days overdue)');
    expect(r.stdout).toContain('CPPCR 2010 reg 28(2)(a)');
    expect(r.stdout).toContain('No visit recorded yet in this placement.');
  });

  it('explain: a record that cannot be evaluated says why; an unknown id fails', () => {
    const blocked = run(['explain', '--as-of', '2024-06-03', '--input', input, '--id', 'C-blocked']).stdout;
    expect(blocked).toContain('This record cannot be evaluated until its data is corrected:');
    expect(blocked).toContain('date-after-as-of: careOrderDate after the as-of date');
    const future = run(['explain', '--as-of', '2024-06-03', '--input', input, '--id', 'C-future']).stdout;
    expect(future).toContain('Data problems (the rest of the record is evaluated below):');
    expect(future).toContain('date-after-as-of: visits[0] after the as-of date');
    expect(future).toContain('visit: due 17 Jan 2023 (overdue, 503 days overdue)');
    expect(run(['explain', '--as-of', '2024-06-03', '--input', input, '--id', 'nobody']).status).toBe(1);
  });

  it.each([
    [['evaluate', '--input', input], '--as-of'],
    [['evaluate', '--as-of', '2024-02-30', '--input', input], 'real date'],
    [['evaluate', '--as-of', '2024-06-03'], '--input'],
    [['frobnicate'], 'unknown command'],
  ])('rejects %j with exit 2 and a clear message', (args, fragment) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(fragment);
  });

  it('applies a policy file, and rejects a bad one', () => {
    const good = join(dir, 'policy.json');
    writeFileSync(good, JSON.stringify({ reminderWindowDays: 30 }));
    const r = run(['evaluate', '--as-of', '2024-06-03', '--input', input, '--policy', good]);
    expect(jsonLines(r.stdout).find((l) => l.recordId === 'C-good' && l.obligation === 'dental-check')?.status).toBe(
      'due-soon',
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ dentalIntervalMonths: 24 }));
    const b = run(['evaluate', '--as-of', '2024-06-03', '--input', input, '--policy', bad]);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('dentalIntervalMonths');
  });
});

describe('deadlines --help', () => {
  it.each([[[]], [['evaluate']], [['explain']], [['import']], [['sync-schedules']]])(
    'deadlines %j --help prints usage on stdout, one line per option with its default, exit 0',
    (command) => {
      const r = run([...command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: deadlines/);
      expect(r.stderr).toBe('');
    },
  );

  it('names every command at the top level and each default in the command help', () => {
    expect(run(['--help']).stdout).toMatch(/evaluate[\s\S]*explain[\s\S]*import[\s\S]*sync-schedules/);
    expect(run(['import', '--help']).stdout).toMatch(/--region <region>\s+AWS region \(default: "[a-z0-9-]+"\)/);
  });

  it('no command at all is a usage error on stderr', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: deadlines');
  });
});
