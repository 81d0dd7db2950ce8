/**
 * `convert --from ssd`: a folder of SSD tables as CSV files (plus an optional events.csv) → canonical records and
 * problem lines (ssd.md). Reading is separate from deriving, so that a history can read an extract once and derive
 * it as of many dates: `readSsdFolder` streams each CSV through csv-parse into per-person typed rows;
 * `convertExtract` (domain) derives the records as of one date.
 *
 * CSV as councils' tools write it (RFC 4180): quoted fields holding commas, doubled quotes and line breaks; UTF-8
 * with or without a byte-order mark; CRLF, LF or CR; a header in any order, extra columns ignored. A stray quote
 * inside an unquoted field is kept as text. A file that is not CSV at all (an unterminated quote) stops the
 * conversion with an `SsdInputError`, as does a missing folder, table or key column: the caller exits 2.
 */
import { UseCaseError } from './errors.js';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Day } from '../domain/calendar/local-date.js';
import { type ConversionLine, type ConversionSummary, convertExtractAll } from '../domain/ssd/convert.js';
import {
  EVENTS_TABLE,
  REQUIRED_COLUMNS,
  REQUIRED_TABLES,
  SSD_TABLES,
  type SourceTable,
  type SsdExtract,
  SsdExtractBuilder,
} from '../domain/ssd/extract.js';
import type { DeriveOptions } from '../domain/ssd/derive.js';
import type { ValueMap } from '../domain/ssd/value-map.js';

/** The extract cannot be read at all (ssd.md: exit 2). The message names files and columns, never values. */
export class SsdInputError extends UseCaseError {
  override readonly name = 'SsdInputError';
}

const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  trim: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Reads every table the converter uses from `dir`, in one pass per file. File names match in any case. */
export async function readSsdFolder(dir: string, map: ValueMap = {}): Promise<SsdExtract> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new SsdInputError(`--input ${dir} is not a folder`);
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof SsdInputError) throw error;
    throw new SsdInputError(`--input ${dir}: no such folder`, { cause: error });
  }
  const files = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (key.endsWith('.csv') && !files.has(key)) files.set(key, name);
  }
  return readSsdTables((table) => {
    const file = files.get(`${table}.csv`);
    return file === undefined ? undefined : createReadStream(join(dir, file));
  }, map);
}

/**
 * Reads an extract from any source of CSV bytes or text, one stream per table (undefined: no such file), e.g. a
 * folder, an S3 prefix or, in tests, strings in memory.
 */
export async function readSsdTables(
  open: (table: SourceTable) => Readable | undefined,
  map: ValueMap = {},
): Promise<SsdExtract> {
  const streams = new Map<SourceTable, Readable | undefined>();
  for (const table of REQUIRED_TABLES) {
    const stream = open(table);
    if (!stream) throw new SsdInputError(`${table}.csv is missing`);
    streams.set(table, stream);
  }
  const builder = new SsdExtractBuilder(map);
  const tables: SourceTable[] = [...SSD_TABLES, EVENTS_TABLE];
  for (const table of tables) {
    const stream = streams.has(table) ? streams.get(table) : open(table);
    if (stream) await readTable(stream, table, builder);
  }
  return builder.build();
}

async function readTable(source: Readable, table: SourceTable, builder: SsdExtractBuilder): Promise<void> {
  const parser = source.pipe(parse(CSV_OPTIONS));
  // A read error (a folder named like a table, a file removed meanwhile) reaches the loop below through the parser.
  source.once('error', (error) => parser.destroy(error));
  let addRow: ((fields: readonly string[]) => void) | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (addRow) {
        addRow(record);
        continue;
      }
      const header = record.map((h) => h.trim().toLowerCase());
      const missing = (REQUIRED_COLUMNS[table] ?? []).filter((c) => !header.includes(c));
      if (missing.length > 0) throw new SsdInputError(`${table}.csv has no column ${missing.join(', ')}`);
      addRow = builder.table(table, header);
    }
  } catch (error) {
    if (error instanceof SsdInputError) throw error;
    const code = (error as { code?: string }).code;
    if (code?.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE') {
      const line = (error as { lines?: number }).lines;
      // csv-parse's own message can quote cell text: name the file, the error and the line only.
      throw new SsdInputError(`${table}.csv is not CSV (${code}${line ? ` near line ${line}` : ''})`);
    }
    throw new SsdInputError(`${table}.csv cannot be read (${code ?? (error as Error).name})`);
  }
  if (!addRow) {
    const required = REQUIRED_COLUMNS[table];
    if (required) throw new SsdInputError(`${table}.csv has no header (needs ${required.join(', ')})`);
  }
}

/** Reads the folder and converts it as of `asOf`: every output line and the summary. */
export async function convertSsdFolder(
  dir: string,
  asOf: Day,
  map: ValueMap = {},
  options: DeriveOptions = {},
): Promise<{ lines: ConversionLine[]; summary: ConversionSummary }> {
  return convertExtractAll(await readSsdFolder(dir, map), asOf, options);
}
