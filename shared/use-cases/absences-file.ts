/**
 * An absences file (`absences.csv` beside an SSD folder, or `--absences FILE`): one row per absence,
 * `worker_id,from,until,cover_worker_id` (the last may be empty). Each readable row is added to its worker's line in
 * the snapshot (`away`), beside any absences the line already has. A row that cannot be read, or names a worker the
 * snapshot's directory does not have, is reported like any bad row and costs only itself: the import goes on.
 */
import { parse } from 'csv-parse/sync';
import { absenceSchema } from '../domain/absences.js';
import { describeIssues } from '../domain/validation/issues.js';
import type { Rejected } from './import-records.js';
import type { SnapshotSource } from './import-snapshot.js';

export const ABSENCES_FILE = 'absences.csv';
const COLUMNS = ['worker_id', 'from', 'until', 'cover_worker_id'] as const;

export function applyAbsences(
  lines: readonly string[],
  csv: string,
  fileName = ABSENCES_FILE,
): { lines: string[]; problems: Rejected[] } {
  const problems: Rejected[] = [];
  const problem = (row: number, recordId: string | null, detail: string) =>
    problems.push({ line: row, recordId, problem: 'invalid-absence', detail: `${fileName} row ${row}: ${detail}` });
  let rows: string[][];
  try {
    rows = parse(csv, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (error) {
    problem(0, null, `not readable as CSV (${(error as Error).message})`);
    return { lines: [...lines], problems };
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  if (at.worker_id < 0 || at.from < 0 || at.until < 0) {
    problem(1, null, `the header must name ${COLUMNS.join(',')}`);
    return { lines: [...lines], problems };
  }
  const added = new Map<string, unknown[]>();
  for (const [i, row] of rows.slice(1).entries()) {
    const n = i + 2;
    const workerId = row[at.worker_id]?.trim() || null;
    if (!workerId) {
      problem(n, null, 'worker_id is missing');
      continue;
    }
    const raw = {
      from: row[at.from] ?? '',
      until: row[at.until] ?? '',
      coverWorkerId: at.cover_worker_id >= 0 ? row[at.cover_worker_id] || null : null,
    };
    const parsed = absenceSchema.safeParse(raw);
    if (!parsed.success) {
      problem(n, workerId, describeIssues(parsed.error, raw));
      continue;
    }
    const list = added.get(workerId) ?? [];
    list.push({ from: raw.from, until: raw.until, ...(raw.coverWorkerId ? { coverWorkerId: raw.coverWorkerId } : {}) });
    added.set(workerId, list);
  }
  const out = lines.map((line) => {
    if (!line.includes('"worker"')) return line;
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(line);
    } catch {
      return line;
    }
    if (item.kind !== 'worker' || typeof item.id !== 'string' || !added.has(item.id)) return line;
    const away = [...(Array.isArray(item.away) ? item.away : []), ...added.get(item.id)!];
    added.delete(item.id);
    return JSON.stringify({ ...item, away });
  });
  for (const workerId of added.keys()) problem(0, workerId, 'the worker is not in the directory of this snapshot');
  return { lines: out, problems };
}

/** The snapshot with the absences of `csv` added to its worker lines and its bad rows reported (not counted). */
export async function withAbsences(source: SnapshotSource, csv: string, fileName: string): Promise<SnapshotSource> {
  const lines: string[] = [];
  for await (const line of source.lines) lines.push(line);
  const applied = applyAbsences(lines, csv, fileName);
  return { ...source, lines: applied.lines, reportedOnly: [...(source.reportedOnly ?? []), ...applied.problems] };
}
