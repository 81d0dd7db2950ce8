/**
 * Where a snapshot's lines come from: a JSON-lines file as it is, or a folder of SSD CSV tables converted to
 * canonical records by the SSD converter (shared/use-cases/convert-ssd.ts). The converter's records become lines;
 * its problem lines for people it could not convert become rejected lines (counted against the rejection threshold);
 * problem lines about people it did convert are reported but do not count.
 *
 * The SSD holds no worker emails or team managers (ssd.md, "What the SSD lacks"): a `directory.jsonl` in the same
 * folder (worker and team lines in the import format) is part of the snapshot, so workers and teams absent from it
 * become inactive; without it the directory is left as it is. An `absences.csv` beside them adds leave to the
 * workers' lines (shared/use-cases/absences-file.ts).
 *
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Day } from '../domain/calendar/local-date.js';
import { compileValueMap } from '../domain/ssd/value-map.js';
import { convertSsdFolder } from './convert-ssd.js';
import { ABSENCES_FILE, applyAbsences } from './absences-file.js';
import type { Rejected } from './import-records.js';
import type { SnapshotSource } from './import-snapshot.js';

/** The SSD extract cannot be converted at all (a missing table or column, an unreadable map). */
export class SnapshotInputError extends Error {
  override readonly name = 'SnapshotInputError';
}

/** Worker and team lines beside the SSD tables. */
export const DIRECTORY_FILE = 'directory.jsonl';

/** Converts an SSD folder as of `asOf` into a snapshot source. `map` is the parsed `--map` JSON, if any. */
export async function ssdSnapshot(
  dir: string,
  options: { asOf: Day; map?: unknown; name?: string },
): Promise<SnapshotSource> {
  const records: string[] = [];
  const problems: Rejected[] = [];
  try {
    const map = options.map !== undefined ? compileValueMap(options.map) : undefined;
    const { lines } = await convertSsdFolder(dir, options.asOf, map);
    for (const line of lines) {
      if ('problem' in line)
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
  let directory = existsSync(directoryFile) ? readFileSync(directoryFile, 'utf8').split(/\r?\n/) : [];
  // Leave and sickness beside the tables (shared/use-cases/absences-file.ts): a bad row is reported, not counted.
  const absencesFile = join(dir, ABSENCES_FILE);
  const absenceProblems: Rejected[] = [];
  if (existsSync(absencesFile)) {
    const applied = applyAbsences(directory, readFileSync(absencesFile, 'utf8'));
    directory = applied.lines;
    absenceProblems.push(...applied.problems);
  }
  return {
    name: options.name ?? dir,
    lines: [...directory, ...records],
    rejectedBefore: problems.filter((p) => p.recordId === null || !converted.has(p.recordId)),
    reportedOnly: [...problems.filter((p) => p.recordId !== null && converted.has(p.recordId)), ...absenceProblems],
  };
}
