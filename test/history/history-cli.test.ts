/**
 * `deadlines history` end to end through the precompiled command line: its last date equals `convert --as-of`
 * that date piped through `evaluate`, figure for figure; the HTML report names no one; usage errors exit 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, humanDay } from '../../shared/domain/calendar/local-date.js';
import { MEASURES } from '../../shared/domain/digest-figures.js';
import type { HistoryLine } from '../../shared/domain/history/replay.js';
import { syntheticSsdExtract, writeSsdExtract } from '../../cli/synthetic/ssd-extract.js';

const dir = mkdtempSync(join(tmpdir(), 'history-cli-'));
const extract = join(dir, 'ssd');
const END = '2025-03-31';

const deadlines = (...args: string[]) =>
  spawnSync(process.execPath, ['cli/launch.mjs', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  writeSsdExtract(extract, syntheticSsdExtract({ persons: 400, extractedOn: day(END), seed: 5 }));
});

describe('deadlines history --from ssd', () => {
  it('the last date equals convert --as-of that date, then evaluate, figure for figure', () => {
    const h = deadlines('history', '--from', 'ssd', '--input', extract, '--start', '2024-10-07', '--end', END);
    expect(h.status).toBe(0);
    const lines = jsonLines(h.stdout) as unknown as HistoryLine[];
    expect(new Set(lines.map((l) => l.date)).size).toBe(26); // 7 Oct 2024 and every Monday to 31 Mar 2025
    const last = lines.filter((l) => l.date === END);

    const c = deadlines('convert', '--from', 'ssd', '--input', extract, '--as-of', END);
    expect(c.status).toBe(0);
    const records = jsonLines(c.stdout).filter((l) => l.kind === 'child' || l.kind === 'leaver');
    const file = join(dir, 'records.jsonl');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const e = deadlines('evaluate', '--as-of', END, '--input', file);
    expect(e.status).toBe(0);
    const teamOf = new Map(records.map((r) => [String(r.id), String(r.teamId)]));

    const expected = new Map<string, HistoryLine>();
    for (const team of new Set(teamOf.values()))
      expected.set(team, {
        date: END,
        teamId: team,
        overdueItems: 0,
        oldestOverdueDays: null,
        measures: Object.fromEntries(MEASURES.map((m) => [m.obligation, { onTime: 0, applicable: 0 }])),
      });
    for (const o of jsonLines(e.stdout)) {
      if (typeof o.obligation !== 'string') continue;
      const line = expected.get(teamOf.get(String(o.recordId))!)!;
      if (o.status === 'overdue') {
        line.overdueItems++;
        line.oldestOverdueDays = Math.max(line.oldestOverdueDays ?? 0, -(o.days as number));
      }
      const m = line.measures[o.obligation];
      if (m && o.status !== 'not-applicable') {
        m.applicable++;
        if (o.status !== 'overdue') m.onTime++;
      }
    }
    expect(last).toEqual([...expected.values()].sort((a, b) => a.teamId.localeCompare(b.teamId)));
    expect(last.reduce((n, l) => n + l.overdueItems, 0)).toBeGreaterThan(0);
    expect(JSON.parse(h.stderr.trim().split('\n').at(-1)!)).toMatchObject({ dates: 26, persons: 400 });
  });

  it('--html writes an offline report: a chart per measure, the 903 forecast, overdue items, no names', () => {
    const report = join(dir, 'report.html');
    const h = deadlines(
      'history',
      '--from',
      'ssd',
      '--input',
      extract,
      '--start',
      '2024-04-01',
      '--end',
      END,
      '--html',
      report,
    );
    expect(h.status).toBe(0);
    const page = readFileSync(report, 'utf8');
    expect(page.match(/<svg viewBox/g)?.length).toBeGreaterThanOrEqual(5);
    expect(page).toContain('Statutory visits in time');
    expect(page).toContain('SSDA903 forecast for the year ending 31 Mar 2025');
    expect(page).toContain('Items that became overdue in the period');
    expect(page).toMatch(/<td>P1\d{5}<\/td><td>visit<\/td><td>20\d\d-\d\d-\d\d<\/td>/);
    expect(page).not.toMatch(/Person\d|src=|href=|<script/);
    // The children still to do for the 903, by case reference, what is missing and 31 March.
    expect(page).toContain('Children still to do for the 903');
    expect(page).toMatch(
      /<tr><td>P1\d{5}<\/td><td>[^<]*(SDQ completed|Health assessment up to date)[^<]*<\/td><td>2025-03-31<\/td><\/tr>/,
    );
    // The synthetic extract writes the 903 reasons: every one is read, none inferred.
    expect(JSON.parse(h.stderr.trim().split('\n').at(-1)!).episodeReasons.inferred).toBe(0);
  });

  it('--directory names the teams; --csv writes figures per date and team, became overdue and the 903 still to do', () => {
    const directory = join(dir, 'directory.jsonl');
    writeFileSync(
      directory,
      [
        '{"kind":"team","id":"T1","name":"North Locality","managerEmails":[]}',
        '{"kind":"worker","id":"W1","name":"Sam"}',
        'not json',
        '{"kind":"team","id":"T2","name":"South Locality"}',
      ].join('\n'),
    );
    const csvDir = join(dir, 'csv');
    const report = join(dir, 'named.html');
    const h = deadlines(
      'history',
      '--from',
      'ssd',
      '--input',
      extract,
      '--start',
      '2025-01-06',
      '--end',
      END,
      '--directory',
      directory,
      '--csv',
      csvDir,
      '--html',
      report,
    );
    expect(h.status).toBe(0);
    const page = readFileSync(report, 'utf8');
    expect(page).toContain('North Locality: ');
    expect(page).toContain('South Locality: ');
    expect(page).toContain('T3: '); // no name in the directory: shown by its id
    // Percent charts start where the data starts, and say so.
    expect(page).toMatch(/The vertical axis starts at [2-9]\d%, not at 0/);
    const lines = jsonLines(h.stdout) as unknown as HistoryLine[];
    const figures = readFileSync(join(csvDir, 'figures.csv'), 'utf8').trim().split('\n');
    expect(figures[0]).toBe(
      `date,team_id,team,overdue_items,oldest_overdue_days,${MEASURES.map((m) => `${m.obligation}_in_time,${m.obligation}_applicable`).join(',')}`,
    );
    expect(figures).toHaveLength(lines.length + 1);
    const t1 = lines.find((l) => l.date === END && l.teamId === 'T1')!;
    expect(figures).toContain(
      [
        END,
        'T1',
        'North Locality',
        t1.overdueItems,
        t1.oldestOverdueDays ?? '',
        ...MEASURES.flatMap((m) => [t1.measures[m.obligation]!.onTime, t1.measures[m.obligation]!.applicable]),
      ].join(','),
    );
    const summary = JSON.parse(h.stderr.trim().split('\n').at(-1)!);
    const became = readFileSync(join(csvDir, 'became-overdue.csv'), 'utf8').trim().split('\n');
    expect(became[0]).toBe('case_reference,duty,due,first_seen_overdue,still_overdue');
    expect(became).toHaveLength(summary.becameOverdue + 1);
    const toDo = readFileSync(join(csvDir, 'still-to-do-903.csv'), 'utf8').trim().split('\n');
    expect(toDo[0]).toBe('case_reference,team_id,team,measure,still_needed,latest_date_that_counts');
    expect(toDo.length).toBeGreaterThan(1);
    for (const row of toDo.slice(1)) expect(row).toMatch(/^P1\d{5},T\d,[^,]+,[^,]+,[12],2025-03-31$/);
  });

  it.each([
    [['--every', 'month']],
    [['--start', '2025-03-31', '--end', '2025-01-01']],
    [['--start', '2025-02-30']],
    [['--from', 'csv']],
  ])('usage error %j: exit 2', (args) => {
    const base: Record<string, string> = { '--from': 'ssd', '--input': extract, '--start': '2025-01-06', '--end': END };
    for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
    const r = deadlines('history', ...Object.entries(base).flat());
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('deadlines explain --history', () => {
  it("one record's history ends in the obligations evaluate gives on the last date", () => {
    const c = deadlines('convert', '--from', 'ssd', '--input', extract, '--as-of', END);
    const child = jsonLines(c.stdout).find((l) => l.kind === 'child')!;
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, JSON.stringify(child));
    const e = deadlines('evaluate', '--as-of', END, '--input', file);
    const expected = jsonLines(e.stdout).filter((o) => typeof o.obligation === 'string');
    expect(expected.length).toBeGreaterThan(2);

    const h = deadlines(
      'explain',
      '--history',
      '--from',
      'ssd',
      '--input',
      extract,
      '--id',
      String(child.id),
      '--start',
      '2024-10-07',
      '--as-of',
      END,
    );
    expect(h.status).toBe(0);
    const lines = h.stdout.trim().split('\n');
    expect(lines[0]).toBe('2024-10-07  evaluated');
    // The last line about each obligation is its state on the last date.
    for (const o of expected) {
      const last = lines.filter((l) => l.includes(`  ${o.obligation}: `)).at(-1)!;
      expect(last, String(o.obligation)).toContain(`  ${o.obligation}: due ${humanDay(day(String(o.dueDate)))},`);
      expect(last).toContain(o.status === 'not-applicable' ? 'not applicable' : `${o.status} (`);
    }
    // Only changes are listed: no obligation repeats an unchanged state on consecutive lines.
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('an id the extract does not hold exits 1; --history without --from ssd is a usage error', () => {
    const args = ['--input', extract, '--start', '2024-10-07', '--as-of', END];
    expect(deadlines('explain', '--history', '--from', 'ssd', '--id', 'NOBODY', ...args).status).toBe(1);
    expect(deadlines('explain', '--history', '--id', 'X', ...args).status).toBe(2);
  });
});
