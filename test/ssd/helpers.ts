/** Builds small SSD extracts for the converter's tests: tables as CSV text, converted in memory or from a folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { day } from '../../shared/domain/calendar/local-date.js';
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { type ConversionLine, type ConversionSummary, convertExtractAll } from '../../shared/domain/ssd/convert.js';
import type { SsdChildRecord, SsdLeaverRecord } from '../../shared/domain/ssd/derive.js';
import type { ProblemLine } from '../../shared/domain/ssd/extract.js';
import type { ValueMap } from '../../shared/domain/ssd/value-map.js';
import { readSsdFolder } from '../../shared/use-cases/convert-ssd.js';

export const AS_OF = '2024-06-03';

/**
 * A CSV table: header (columns of shared/domain/ssd/columns.ts, so a fixture cannot misspell one) and rows, each
 * cell quoted only when it needs to be, written by csv-stringify.
 */
export function csv(header: readonly SsdColumn[], rows: (string | null)[][], eol = '\n'): string {
  return stringify([[...header], ...rows.map((r) => r.map((v) => v ?? ''))], { record_delimiter: eol });
}

/** A column the product does not read, written on purpose (an extra column, an unread table). */
export const extraColumn = (name: string) => name as SsdColumn;

export type Tables = Record<string, string>;

/** One looked-after child, C1, allocated and placed, as the SSD holds them; each test overrides what it studies. */
export function childTables(): Tables {
  return {
    ssd_person: csv(
      ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob', 'pers_expected_dob', 'pers_death_date'],
      [['C1', 'Ava', 'Test', '2012-03-04', '', '']],
    ),
    ssd_cla_episodes: csv(
      [
        'clae_cla_episode_id',
        'clae_person_id',
        'clae_cla_episode_start_date',
        'clae_cla_episode_ceased_date',
        'clae_cla_id',
        'clae_entered_care_date',
      ],
      [['E1', 'C1', '2023-01-10', '', 'CLA1', '']],
    ),
    ssd_involvements: csv(
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_professional_team',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_person_id',
      ],
      [['I1', 'W1', 'CW', 'T1', '2023-01-10', '', 'C1']],
    ),
  };
}

export function writeExtract(tables: Tables): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssd-'));
  for (const [name, text] of Object.entries(tables))
    writeFileSync(join(dir, name.includes('.') ? name : `${name}.csv`), text);
  return dir;
}

export interface Converted {
  lines: ConversionLine[];
  records: (SsdChildRecord | SsdLeaverRecord)[];
  problems: ProblemLine[];
  summary: ConversionSummary;
}

export async function convert(tables: Tables, asOf = AS_OF, map: ValueMap = {}): Promise<Converted> {
  const extract = await readSsdFolder(writeExtract(tables), map);
  const { lines, summary } = convertExtractAll(extract, day(asOf));
  return {
    lines,
    records: lines.filter((l): l is SsdChildRecord | SsdLeaverRecord => 'kind' in l),
    problems: lines.filter((l): l is ProblemLine => 'problem' in l),
    summary,
  };
}

export async function child(tables: Tables, asOf = AS_OF, map: ValueMap = {}): Promise<SsdChildRecord> {
  const { records, problems } = await convert(tables, asOf, map);
  const record = records.find((r) => r.id === 'C1');
  if (record?.kind !== 'child') throw new Error(`C1 not converted: ${JSON.stringify(problems)}`);
  return record;
}
