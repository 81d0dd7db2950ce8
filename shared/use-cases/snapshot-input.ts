/**
 * Where a snapshot's lines come from: a JSON-lines file as it is, or a folder of SSD CSV tables converted to
 * canonical records by the SSD converter (shared/use-cases/convert-ssd.ts). The converter's records become lines;
 * its problem lines for people it could not convert become rejected lines (counted against the rejection threshold);
 * problem lines about people it did convert are reported but do not count.
 *
 * The SSD holds no worker emails or team managers (ssd.md, "What the SSD lacks"): a `directory.jsonl` in the same
 * folder (worker and team lines in the import format) is part of the snapshot, so workers and teams absent from it
 * become inactive; without it the directory is left as it is.
 *
 * The converter is reached only through `loadConverter` below, so that adopting it is a one-line change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Day } from '../domain/calendar/local-date.js';
import type { Rejected } from './import-records.js';
import type { SnapshotSource } from './import-snapshot.js';

/** The converter's output line: a canonical record, or a problem (`problem` set). */
type ConversionLine =
  | { id?: string; problem?: undefined }
  | { recordId: string | null; problem: string; detail: string; source?: string };

interface SsdConverter {
  convertSsdFolder(dir: string, asOf: Day, map?: unknown): Promise<{ lines: ConversionLine[] }>;
  compileValueMap(raw: unknown): unknown;
}

/** The SSD extract cannot be converted at all (no converter in this build, a missing table or column). */
export class SnapshotInputError extends Error {
  override readonly name = 'SnapshotInputError';
}

async function loadConverter(): Promise<SsdConverter> {
  // Resolved at run time until convert-ssd.ts is on this branch; then: `import * as converter from './convert-ssd.js'`.
  const modules = ['./convert-ssd.js', '../domain/ssd/value-map.js'];
  try {
    const [convert, valueMap] = await Promise.all(modules.map((m) => import(/* @vite-ignore */ m)));
    return { convertSsdFolder: convert.convertSsdFolder, compileValueMap: valueMap.compileValueMap };
  } catch (error) {
    throw new SnapshotInputError('the SSD converter is not part of this build', { cause: error });
  }
}

/** Worker and team lines beside the SSD tables. */
export const DIRECTORY_FILE = 'directory.jsonl';

/** Converts an SSD folder as of `asOf` into a snapshot source. `map` is the parsed `--map` JSON, if any. */
export async function ssdSnapshot(
  dir: string,
  options: { asOf: Day; map?: unknown; name?: string },
): Promise<SnapshotSource> {
  const converter = await loadConverter();
  const records: string[] = [];
  const problems: Rejected[] = [];
  try {
    const map = options.map !== undefined ? converter.compileValueMap(options.map) : undefined;
    const { lines } = await converter.convertSsdFolder(dir, options.asOf, map);
    for (const line of lines) {
      if (line.problem !== undefined)
        problems.push({ line: 0, recordId: line.recordId, problem: line.problem, detail: line.detail });
      else records.push(JSON.stringify(line));
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'SsdInputError' || name === 'ValueMapError')
      throw new SnapshotInputError((error as Error).message, { cause: error });
    throw error;
  }
  const converted = new Set(records.map((r) => (JSON.parse(r) as { id?: string }).id));
  const directoryFile = join(dir, DIRECTORY_FILE);
  const directory = existsSync(directoryFile) ? readFileSync(directoryFile, 'utf8').split(/\r?\n/) : [];
  return {
    name: options.name ?? dir,
    lines: [...directory, ...records],
    rejectedBefore: problems.filter((p) => p.recordId === null || !converted.has(p.recordId)),
    reportedOnly: problems.filter((p) => p.recordId !== null && converted.has(p.recordId)),
  };
}
