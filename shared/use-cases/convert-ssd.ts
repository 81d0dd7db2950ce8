/**
 * `convert --from ssd`: a folder of SSD tables as CSV files (plus an optional events.csv) → canonical records and
 * problem lines (ssd.md). Reading is separate from deriving, so that a history can read an extract once and derive
 * it as of many dates: `readSsdFolder` streams each CSV through csv-parse into per-person typed rows;
 * `convertExtract` (domain) derives the records as of one date.
 *
 * CSV as councils' tools write it (RFC 4180): quoted fields holding commas, doubled quotes and line breaks; UTF-8
 * with or without a byte-order mark; CRLF, LF or CR; a header in any order, extra columns ignored. A stray quote
 * inside an unquoted field is kept as text. Each file is looked at once before it is parsed: its delimiter is the
 * one of `,` `;` and tab its header line holds most of (Excel in a `;` locale writes semicolons), and a file that
 * is not valid UTF-8 is read as Windows-1252 (Excel's "CSV (Comma delimited)"), with a notice naming the file. A file that is not CSV at all (an unterminated quote) stops the
 * conversion with an `SsdInputError`, as does a missing folder, table or key column: the caller exits 2.
 */
import { UseCaseError } from './errors.js';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
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

type Delimiter = ',' | ';' | '\t';

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
 * folder, an S3 prefix or, in tests, strings in memory. `open` is called twice for each table it finds: once to
 * find the file's encoding and delimiter, once to read it.
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
  const notices: string[] = [];
  const tables: SourceTable[] = [...SSD_TABLES, EVENTS_TABLE];
  for (const table of tables) {
    const first = streams.has(table) ? streams.get(table) : open(table);
    if (!first) continue;
    const { utf8, delimiter } = await sniff(first, table);
    if (!utf8) notices.push(`${table}.csv is not valid UTF-8: read as Windows-1252`);
    const stream = open(table);
    if (stream) await readTable(utf8 ? stream : stream.pipe(windows1252()), table, builder, delimiter);
  }
  const extract = builder.build();
  extract.notices.unshift(...notices);
  return extract;
}

/** The header line holds at most this many bytes before the delimiter is decided on what was seen. */
const HEADER_LIMIT = 64 * 1024;

/**
 * Reads a table once: whether its bytes are valid UTF-8 (text already decoded counts as such), and its delimiter,
 * the one of `,` `;` and tab that its header line holds most of (none: a comma).
 */
async function sniff(source: Readable, table: SourceTable): Promise<{ utf8: boolean; delimiter: Delimiter }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let header: string | undefined;
  let start = '';
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? undefined : chunk;
      if (header === undefined) {
        start += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
        const end = start.search(/[\r\n]/);
        if (end >= 0 || start.length >= HEADER_LIMIT) header = end >= 0 ? start.slice(0, end) : start;
      }
      if (utf8 && bytes) {
        try {
          decoder.decode(bytes, { stream: true });
        } catch {
          utf8 = false;
        }
      }
    }
    if (utf8) decoder.decode();
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new SsdInputError(`${table}.csv cannot be read (${code ?? (error as Error).name})`);
  }
  return { utf8, delimiter: delimiterOf(header ?? start) };
}

/** The delimiter a header line uses: the most frequent of `,` `;` and tab outside quotes; none: a comma. */
export function delimiterOf(header: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** Windows-1252 bytes → text: one byte is one character, so chunks decode on their own. */
function windows1252(): Transform {
  const decoder = new TextDecoder('windows-1252');
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    },
  });
}

async function readTable(
  source: Readable,
  table: SourceTable,
  builder: SsdExtractBuilder,
  delimiter: Delimiter,
): Promise<void> {
  const parser = source.pipe(parse({ ...CSV_OPTIONS, delimiter }));
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
