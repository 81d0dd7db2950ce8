/**
 * Excel and regional habits, through the shipped `deadlines convert --from ssd` (ssd.md "Input"): delimiters, date
 * forms, US dates, a column of non-dates, Windows-1252 files, padded ids, declined health checks. Each case is an
 * extract of one child, C1, as a council's tools would leave it, and what the command must make of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childTables, csv } from '../ssd/helpers.js';

type Files = Record<string, string | Buffer>;

const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });

function convert(files: Files, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'ssd-habits-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, `${name}.csv`), body);
  const r = run(['convert', '--from', 'ssd', '--input', dir, '--as-of', '2024-06-03', ...extra]);
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const stderr = r.stderr.trim().split('\n');
  return { status: r.status, lines, notices: stderr.slice(0, -1), summary: JSON.parse(stderr.at(-1)!) };
}

const withDelimiter = (files: Files, d: string): Files =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, String(v).replaceAll(',', d)]));

const visits = (...dates: string[]) =>
  csv(
    ['clav_cla_id', 'clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
    dates.map((d) => ['CLA1', 'C1', d, 'Y']),
  );

/** The Windows-1252 bytes of a text (the characters used here are all in Latin-1 but for none of 0x80–0x9F). */
const cp1252 = (text: string) => Buffer.from(text, 'latin1');

interface Case {
  files: () => Files;
  args?: string[];
  /** Expected fields of C1's record. */
  record: Record<string, unknown>;
  /** Expected problem lines, as `source problem detail`. */
  problems?: string[];
  /** Expected stderr lines before the summary. */
  notices?: string[];
}

const cases: Record<string, Case> = {
  'semicolon-separated files (Excel in a ; locale)': {
    files: () => withDelimiter({ ...childTables(), ssd_cla_visits: visits('2024-05-01') }, ';'),
    record: { id: 'C1', teamId: 'T1', workerId: 'W1', visits: ['2024-05-01'] },
  },
  'tab-separated files': {
    files: () => withDelimiter({ ...childTables(), ssd_cla_visits: visits('2024-05-01') }, '\t'),
    record: { id: 'C1', teamId: 'T1', workerId: 'W1', visits: ['2024-05-01'] },
  },
  'one file with semicolons beside comma files': {
    files: () => ({ ...childTables(), ssd_cla_visits: visits('2024-05-01', '2024-05-20').replaceAll(',', ';') }),
    record: { id: 'C1', visits: ['2024-05-01', '2024-05-20'] },
  },
  'd/m/yyyy with a time, as Excel re-saves dates': {
    files: () => ({ ...childTables(), ssd_cla_visits: visits('1/5/2024 9:00', '20/5/2024', '3/6/2024 00:00:00') }),
    record: { id: 'C1', visits: ['2024-05-01', '2024-05-20', '2024-06-03'] },
  },
  'dd/mm/yy (Excel’s two-digit year)': {
    files: () => {
      const t = childTables();
      t.ssd_person = t.ssd_person!.replace('2012-03-04', '04/03/12');
      return { ...t, ssd_cla_visits: visits('01/05/24', '20/05/24 10:30') };
    },
    record: { id: 'C1', dateOfBirth: '2012-03-04', visits: ['2024-05-01', '2024-05-20'] },
  },
  'a US month-first date costs that visit only, and says what was expected': {
    files: () => ({ ...childTables(), ssd_cla_visits: visits('2024-05-01', '10/13/2023 1:00 PM', '2024-05-20') }),
    record: { id: 'C1', visits: ['2024-05-01', '2024-05-20'] },
    problems: [
      'ssd_cla_visits:2 invalid-date clav_cla_visit_date: expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date',
    ],
  },
  'a column of US dates: each row is a line, and stderr says once which column and what was expected': {
    files: () => ({ ...childTables(), ssd_cla_visits: visits('5/13/2024', '5/20/2024 9:00 AM', '2024-05-01') }),
    record: { id: 'C1', visits: ['2024-05-01'] },
    problems: [
      'ssd_cla_visits:1 invalid-date clav_cla_visit_date: expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date',
      'ssd_cla_visits:2 invalid-date clav_cla_visit_date: expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date',
    ],
    notices: [
      'ssd_cla_visits.csv: 2 of 3 values of clav_cla_visit_date are not dates: expected DD/MM/YYYY or YYYY-MM-DD, with or without a time; most are US month-first dates (export in an en-GB culture)',
    ],
  },
  'a column of words where dates belong': {
    files: () => ({ ...childTables(), ssd_cla_visits: visits('May', 'June', 'July', '2024-05-01') }),
    record: { id: 'C1', visits: ['2024-05-01'] },
    problems: [1, 2, 3].map((n) => `ssd_cla_visits:${n} invalid-date clav_cla_visit_date`),
    notices: [
      'ssd_cla_visits.csv: 3 of 4 values of clav_cla_visit_date are not dates: expected DD/MM/YYYY or YYYY-MM-DD, with or without a time',
    ],
  },
  'a Windows-1252 file (Excel’s "CSV (Comma delimited)")': {
    files: () => ({
      ...childTables(),
      ssd_person: cp1252(
        csv(
          ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'],
          [['C1', 'Zoë', 'Ní Bhriain', '2012-03-04']],
        ),
      ),
    }),
    record: { id: 'C1', givenName: 'Zoë', familyName: 'Ní Bhriain' },
    notices: ['ssd_person.csv is not valid UTF-8: read as Windows-1252'],
  },
  'UTF-8 with a byte-order mark stays UTF-8': {
    files: () => ({
      ...childTables(),
      ssd_person: `\ufeff${csv(['pers_person_id', 'pers_forename', 'pers_dob'], [['C1', 'Zoë', '2012-03-04']])}`,
    }),
    record: { id: 'C1', givenName: 'Zoë' },
  },
  'ids padded by CHAR(n) columns are trimmed, case kept, everywhere they are read': {
    files: () => ({
      ssd_person: csv(['pers_person_id', 'pers_dob'], [['c1  ', '2012-03-04']]),
      ssd_cla_episodes: csv(
        ['clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_id'],
        [['  c1', '2023-01-10', 'cla1   ']],
      ),
      ssd_involvements: csv(
        [
          'invo_person_id',
          'invo_professional_id',
          'invo_professional_role_id',
          'invo_professional_team',
          'invo_involvement_start_date',
        ],
        [['c1 ', 'w1    ', 'CW', 'Team A    ', '2023-01-10']],
      ),
      ssd_cla_visits: csv(['clav_cla_id', 'clav_cla_visit_date'], [['cla1', '2024-05-01']]),
      ssd_cla_placement: csv(
        ['clap_cla_id', 'clap_cla_placement_type', 'clap_cla_placement_start_date'],
        [[' cla1 ', 'U1', '2023-02-01']],
      ),
    }),
    record: {
      id: 'c1',
      workerId: 'w1',
      teamId: 'Team A',
      visits: ['2024-05-01'],
      placement: { start: '2023-02-01', type: 'foster', intendedUntil18: true, longTermFoster: true },
    },
  },
  'declined health checks: Refused, Declined, Consent withheld (any case); Booked and DNA neither': {
    files: () => ({
      ...childTables(),
      ssd_cla_health: csv(
        ['clah_person_id', 'clah_health_check_type', 'clah_health_check_date', 'clah_health_check_status'],
        [
          ['C1', 'Review Health Assessment', '2024-01-10', 'Refused'],
          ['C1', 'Dental Check', '2024-02-10', 'consent withheld'],
          ['C1', 'Dental Check', '2024-03-10', 'DECLINED'],
          ['C1', 'Dental Check', '2024-04-10', 'Booked'],
          ['C1', 'Review Health Assessment', '2024-04-11', 'DNA'],
          ['C1', 'Review Health Assessment', '2024-05-01', 'Completed'],
        ],
      ),
    }),
    record: {
      healthAssessments: ['2024-05-01'],
      dentalChecks: [],
      declined: [
        { obligation: 'health-assessment', date: '2024-01-10' },
        { obligation: 'dental-check', date: '2024-02-10' },
        { obligation: 'dental-check', date: '2024-03-10' },
      ],
    },
  },
  'a council’s own decline wording, through --map': {
    files: () => ({
      ...childTables(),
      ssd_cla_health: csv(
        ['clah_person_id', 'clah_health_check_type', 'clah_health_check_date', 'clah_health_check_status'],
        [['C1', 'Dental Check', '2024-02-10', 'YP did not consent']],
      ),
      // The map file sits beside the tables; the command is given its path below.
    }),
    args: ['--map', 'MAP'],
    record: { dentalChecks: [], declined: [{ obligation: 'dental-check', date: '2024-02-10' }] },
  },
  'no CW involvement: the team given by --no-team-id, and a no-team line': {
    files: () => {
      const { ssd_involvements: _, ...t } = childTables();
      return t;
    },
    args: ['--no-team-id', 'NOT-ALLOCATED'],
    record: { id: 'C1', teamId: 'NOT-ALLOCATED', workerId: null },
    problems: [
      'ssd_person:1 no-team no ssd_involvements row with role CW names an invo_professional_team: given the team for cases with no team',
    ],
  },
};

describe('deadlines convert: Excel and regional habits', () => {
  it.each(Object.entries(cases))('%s', (_, c) => {
    let args = c.args ?? [];
    if (args.includes('MAP')) {
      const map = join(mkdtempSync(join(tmpdir(), 'ssd-map-')), 'map.json');
      writeFileSync(map, JSON.stringify({ clah_health_check_status: { 'YP did not consent': 'Refused' } }));
      args = args.map((a) => (a === 'MAP' ? map : a));
    }
    const out = convert(c.files(), args);
    expect(out.status).toBe(0);
    const [record, ...problems] = out.lines;
    expect(record).toMatchObject(c.record);
    expect(problems.map((p) => `${p.source} ${p.problem} ${p.detail}`)).toEqual(c.problems ?? []);
    expect(out.notices).toEqual(c.notices ?? []);
    expect(out.summary).toMatchObject({ persons: 1, children: 1, notConverted: 0 });
  });

  it('a US date of birth blocks the person, with one line saying what was expected', () => {
    const t = childTables();
    t.ssd_person = t.ssd_person!.replace('2012-03-04', '3/24/2012');
    const out = convert(t);
    expect(out.lines).toEqual([
      {
        recordId: 'C1',
        source: 'ssd_person:1',
        problem: 'invalid-date',
        detail: 'pers_dob: expected DD/MM/YYYY or YYYY-MM-DD, got a US month-first date',
      },
    ]);
    expect(out.summary).toMatchObject({ persons: 1, children: 0, notConverted: 1, problems: 1 });
  });
});
