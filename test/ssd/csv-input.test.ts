import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { describe, expect, it } from 'vitest';
import { SsdInputError, readSsdFolder } from '../../shared/use-cases/convert-ssd.js';
import { type Tables, child, childTables, convert, csv, extraColumn, writeExtract } from './helpers.js';

const VISITS_HEADER: SsdColumn[] = [
  'clav_cla_visit_id',
  'clav_cla_id',
  'clav_person_id',
  'clav_cla_visit_date',
  'clav_cla_visit_seen',
];

describe('reading the CSV files (RFC 4180 as councils write it)', () => {
  it('reads a byte-order mark, CRLF line ends and quoted commas, doubled quotes and line breaks', async () => {
    const t = childTables();
    t.ssd_person = `\ufeff${csv(
      ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'],
      [['C1', 'Ava, "Avie"', "O'Neil\r\nSmith", '04/03/2012 00:00:00']],
      '\r\n',
    )}`;
    t.ssd_cla_episodes = t.ssd_cla_episodes!.replace(/\n/g, '\r\n');
    const r = await child(t);
    expect(r.givenName).toBe('Ava, "Avie"');
    expect(r.familyName).toBe("O'Neil\r\nSmith");
    expect(r.dateOfBirth).toBe('2012-03-04');
    expect(r.periodOfCareStart).toBe('2023-01-10');
  });

  it('finds the person of a BOM-prefixed first column (the id column is the first one)', async () => {
    const t = childTables();
    t.ssd_cla_episodes = `\ufeff${t.ssd_cla_episodes}`;
    t.ssd_involvements = `\ufeff${t.ssd_involvements}`;
    expect((await child(t)).teamId).toBe('T1');
  });

  it('reads columns in any order, ignores extra columns and reads missing ones as empty', async () => {
    const t = childTables();
    t.ssd_cla_visits = csv(
      ['clav_cla_visit_seen_alone', 'clav_cla_visit_date', extraColumn('unexpected'), 'clav_person_id'],
      [
        ['Y', '2024-05-01', 'x', 'C1'],
        ['N', '2024-04-01 00:00:00.000', 'y', 'C1'],
      ],
    );
    // No clav_cla_visit_seen column at all: empty, so every visit counts.
    expect((await child(t)).visits).toEqual(['2024-04-01', '2024-05-01']);
  });

  it('trims values and treats empty and NULL as no value', async () => {
    const t = childTables();
    t.ssd_person = csv(
      ['pers_person_id', 'pers_forename', 'pers_dob', 'pers_expected_dob', 'pers_death_date'],
      [[' C1 ', 'NULL', '  NULL ', ' 2012-03-04 ', 'NULL']],
    );
    const r = await child(t);
    expect(r.id).toBe('C1');
    expect(r.givenName).toBeUndefined();
    expect(r.dateOfBirth).toBe('2012-03-04'); // pers_dob NULL: pers_expected_dob
  });

  it('skips blank lines and ends of file without a final line break', async () => {
    const t = childTables();
    t.ssd_cla_visits = `${VISITS_HEADER.join(',')}\n\nV1,CLA1,C1,2024-05-01,Y`;
    expect((await child(t)).visits).toEqual(['2024-05-01']);
  });

  it('matches file names in any case and ignores tables it does not read', async () => {
    const t = childTables();
    t['SSD_Person.CSV'] = t.ssd_person!;
    delete t.ssd_person;
    t.ssd_professionals = csv([extraColumn('prof_professional_id'), extraColumn('prof_name')], [['W1', 'A Worker']]);
    t['notes.txt'] = 'not a table';
    expect((await child(t)).givenName).toBe('Ava');
  });

  it('numbers rows from 1 after the header, counting records, not lines', async () => {
    const t = childTables();
    t.ssd_cla_visits = csv(VISITS_HEADER, [
      ['V1', 'CLA1', 'C1', '2024-05-01', 'Y'],
      ['V2', 'CLA1', 'C1', 'multi\nline', 'Y'],
      ['V3', 'CLA1', 'C1', '2024-13-01', 'Y'],
    ]);
    const { problems } = await convert(t);
    expect(problems).toEqual([
      { recordId: 'C1', source: 'ssd_cla_visits:2', problem: 'invalid-date', detail: 'clav_cla_visit_date' },
      { recordId: 'C1', source: 'ssd_cla_visits:3', problem: 'invalid-date', detail: 'clav_cla_visit_date' },
    ]);
  });
});

describe('an extract that cannot be read at all (exit 2)', () => {
  const refused = async (tables: Tables, message: RegExp) => {
    const error = await readSsdFolder(writeExtract(tables)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsdInputError);
    expect((error as Error).message).toMatch(message);
  };

  it('no folder', async () => {
    await expect(readSsdFolder('/nonexistent/ssd')).rejects.toThrow(/no such folder/);
  });

  it.each(['ssd_person', 'ssd_cla_episodes'])('no %s.csv', async (table) => {
    const t = childTables();
    delete t[table];
    await refused(t, new RegExp(`${table}.csv is missing`));
  });

  it.each([
    ['ssd_person', 'pers_person_id'],
    ['ssd_cla_episodes', 'clae_person_id'],
    ['ssd_cla_episodes', 'clae_cla_episode_start_date'],
  ])('%s without %s', async (table, column) => {
    const t = childTables();
    t[table] = t[table]!.replace(column, 'renamed');
    await refused(t, new RegExp(`${table}.csv has no column ${column}`));
  });

  it('an empty ssd_person.csv', async () => {
    await refused({ ...childTables(), ssd_person: '' }, /ssd_person.csv has no header/);
  });

  it('an unterminated quote, in any table, without quoting the file', async () => {
    const t = childTables();
    t.ssd_cla_visits = `${VISITS_HEADER.join(',')}\nV1,CLA1,C1,"2024-05-01,Y\n`;
    await refused(t, /^ssd_cla_visits.csv is not CSV \(CSV_QUOTE_NOT_CLOSED/);
  });

  it('accepts an optional table that is empty or has only a header', async () => {
    const t = { ...childTables(), ssd_cla_visits: '', ssd_cla_reviews: 'clar_cla_review_id,clar_cla_id\n' };
    expect((await child(t)).visits).toEqual([]);
  });
});
