/**
 * Where a snapshot's lines come from: a JSON-lines file as it is, or a folder of SSD CSV tables converted to
 * canonical records by the SSD converter (shared/use-cases/convert-ssd.ts). The converter's records become lines;
 * its blocking lines (a person it could not convert: recordId set when the id is readable) become rejected lines
 * (counted against the rejection threshold; the import keeps such an id's stored record open, as named but
 * unreadable); its lines about people it did convert (a row left out, no team, an unknown code) are reported but do
 * not count.
 *
 * The SSD holds no worker emails or team managers (ssd.md, "What the SSD lacks"): a `directory.jsonl` in the same
 * folder (worker and team lines in the import format) is part of the snapshot, so workers and teams absent from it
 * become inactive; without it the directory is left as it is. People whose extract names no team are given the
 * authority's team for cases with no team (`noTeamId`, default `unassigned`): when they are and the directory file
 * has no line for that team, a team line is added for it ("Not allocated to a team", no manager), so the daily run
 * sends its unreachable cases to the heads of service. Without a directory file none is added (a team line would
 * make every other team inactive); the daily run sends cases of a team it does not know to the heads of service too.
 * An `absences.csv` beside them adds leave to the workers' lines (shared/use-cases/absences-file.ts).
 */
import { UseCaseError } from './errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Day } from '../domain/calendar/local-date.js';
import { DEFAULT_NO_TEAM_ID, NO_TEAM_NAME } from '../domain/ssd/derive.js';
import { compileValueMap } from '../domain/ssd/value-map.js';
import { convertSsdFolder } from './convert-ssd.js';
import { ABSENCES_FILE, applyAbsences } from './absences-file.js';
import type { Rejected } from './import-records.js';
import type { SnapshotSource } from './import-snapshot.js';

/** The SSD extract cannot be converted at all (a missing table or column, an unreadable map). */
export class SnapshotInputError extends UseCaseError {
  override readonly name = 'SnapshotInputError';
}

/** Worker and team lines beside the SSD tables. */
export const DIRECTORY_FILE = 'directory.jsonl';

export interface SsdSnapshotOptions {
  asOf: Day;
  /** The parsed `--map` JSON, if any. */
  map?: unknown;
  name?: string;
  /** The team id for people whose extract names no team (policy `noTeamId`; default `unassigned`). */
  noTeamId?: string;
}

/** Converts an SSD folder as of `asOf` into a snapshot source. */
export async function ssdSnapshot(dir: string, options: SsdSnapshotOptions): Promise<SnapshotSource> {
  const noTeamId = options.noTeamId?.trim() || DEFAULT_NO_TEAM_ID;
  const records: string[] = [];
  const converted = new Set<string>();
  let noTeamUsed = false;
  const problems: Rejected[] = [];
  try {
    const map = options.map !== undefined ? compileValueMap(options.map) : undefined;
    const { lines } = await convertSsdFolder(dir, options.asOf, map, { noTeamId });
    for (const line of lines) {
      if ('problem' in line) {
        problems.push({ line: 0, recordId: line.recordId, problem: line.problem, detail: line.detail });
        continue;
      }
      records.push(JSON.stringify(line));
      converted.add(line.id);
      if (line.teamId === noTeamId) noTeamUsed = true;
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'SsdInputError' || name === 'ValueMapError')
      throw new SnapshotInputError((error as Error).message, { cause: error });
    throw error;
  }
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
  if (noTeamUsed && directory.some((l) => l.trim() !== '') && !namesTeam(directory, noTeamId)) {
    directory.push(JSON.stringify({ kind: 'team', id: noTeamId, name: NO_TEAM_NAME, managerEmails: [] }));
  }
  return {
    name: options.name ?? dir,
    lines: [...directory, ...records],
    // A person gets a record or exactly one blocking line: the lines of people not converted are the blocking ones.
    rejectedBefore: problems.filter((p) => p.recordId === null || !converted.has(p.recordId)),
    reportedOnly: [...problems.filter((p) => p.recordId !== null && converted.has(p.recordId)), ...absenceProblems],
  };
}

/** Whether the directory lines hold a team line with this id (ids compared trimmed, as the import stores them). */
function namesTeam(directory: readonly string[], id: string): boolean {
  return directory.some((l) => {
    try {
      const v = JSON.parse(l) as { kind?: unknown; id?: unknown };
      return v?.kind === 'team' && typeof v.id === 'string' && v.id.trim() === id;
    } catch {
      return false;
    }
  });
}
