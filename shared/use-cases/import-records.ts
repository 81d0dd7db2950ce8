/**
 * Import: JSON lines of records (`kind` child or leaver), workers (`kind: "worker"`) and teams (`kind: "team"`).
 * Every valid line is loaded; every rejected line is reported with its line number and reason. Records are
 * checked against the schema here; checks that depend on a date (events after the as-of date) happen at each run.
 */
import { teamSchema, workerSchema } from '../domain/directory.js';
import { recordSchema } from '../domain/records/schema.js';
import { NOT_JSON, parseJsonLine } from '../domain/records/json-lines.js';
import { recordIdOf } from '../domain/records/validate.js';
import { describeIssues } from '../domain/validation/dates.js';
import type { DirectoryEntity, RecordWriter } from '../ports/record-store.js';

export interface Rejected {
  line: number;
  recordId: string | null;
  problem: 'invalid-json' | 'invalid-record' | 'duplicate-id';
  detail: string;
}

export interface ImportSummary {
  lines: number;
  loaded: { cases: number; workers: number; teams: number };
  rejected: number;
}

export async function importLines(
  lines: AsyncIterable<string> | Iterable<string>,
  writer: RecordWriter,
  onRejected: (r: Rejected) => void,
  batchSize = 500,
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, loaded: { cases: 0, workers: 0, teams: 0 }, rejected: 0 };
  const seen = new Set<string>();
  let batch: { entity: DirectoryEntity; id: string; item: Record<string, unknown> }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await writer.putAll(batch);
    for (const b of batch)
      summary.loaded[b.entity === 'case' ? 'cases' : b.entity === 'worker' ? 'workers' : 'teams']++;
    batch = [];
  };
  const reject = (r: Rejected) => {
    summary.rejected++;
    onRejected(r);
  };
  for await (const input of lines) {
    const line = ++summary.lines;
    const entry = parseJsonLine(input, line);
    if (entry.kind === 'blank') continue;
    if (entry.kind === 'invalid') {
      reject({ line, recordId: null, problem: 'invalid-json', detail: NOT_JSON });
      continue;
    }
    const raw = entry.value;
    const recordId = recordIdOf(raw);
    const kind = raw && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
    const entity: DirectoryEntity = kind === 'worker' ? 'worker' : kind === 'team' ? 'team' : 'case';
    const schema = entity === 'worker' ? workerSchema : entity === 'team' ? teamSchema : recordSchema;
    const parsed = schema.safeParse(raw);
    if (!parsed.success || recordId === null) {
      reject({
        line,
        recordId,
        problem: 'invalid-record',
        detail: parsed.success ? 'id: required' : describeIssues(parsed.error),
      });
      continue;
    }
    const id = (parsed.data as { id: string }).id;
    if (seen.has(`${entity}#${id}`)) {
      reject({
        line,
        recordId: id,
        problem: 'duplicate-id',
        detail: `an earlier line already has this ${entity} id; the first one is kept`,
      });
      continue;
    }
    seen.add(`${entity}#${id}`);
    // Records are stored as given (dates stay strings); workers and teams in their normalised form.
    const item =
      entity === 'case' ? { ...(raw as Record<string, unknown>), id } : { ...(parsed.data as Record<string, unknown>) };
    batch.push({ entity, id, item: entity === 'case' ? item : stripKind(item) });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

function stripKind(item: Record<string, unknown>): Record<string, unknown> {
  const { kind: _kind, ...rest } = item;
  return rest;
}
