/**
 * Reading an import: JSON lines of records (`kind` child or leaver), workers (`kind: "worker"`) and teams
 * (`kind: "team"`). Each line is checked on its own and becomes either an item to store or a rejected line with its
 * number and reason; one bad line never stops the rest. An item holds only the schema's fields (data minimisation:
 * unknown fields, and system-owned state such as `emailSuppressed`, are never taken from a file) and is checked
 * against DynamoDB's limits before anything is written. The snapshot lifecycle (closing what is gone, refusing a
 * broken export) is in import-snapshot.ts; `importLines` here only upserts, for seeding and tests.
 */
import type { z } from 'zod';
import { teamSchema, workerSchema } from '../domain/directory.js';
import { NOT_JSON, parseJsonLine } from '../domain/records/json-lines.js';
import { childSchema, leaverSchema } from '../domain/records/schema.js';
import { storageProblem } from '../domain/records/storable.js';
import { parseRecord, recordIdOf } from '../domain/records/validate.js';
import { describeIssues } from '../domain/validation/issues.js';
import type { DirectoryEntity, RecordWriter, SnapshotItem } from '../ports/record-store.js';

export interface Rejected {
  line: number;
  recordId: string | null;
  problem: 'invalid-json' | 'invalid-record' | 'duplicate-id' | 'not-storable' | 'out-of-scope' | (string & {});
  detail: string;
}

export interface ImportSummary {
  lines: number;
  loaded: { cases: number; workers: number; teams: number };
  rejected: number;
}

/** Attributes the system owns on a worker: set by bounce handling, never by an import. */
export const SYSTEM_OWNED = ['emailSuppressed', 'emailSuppressedAt'] as const;

export type LineResult =
  | { kind: 'blank' }
  | { kind: 'item'; item: SnapshotItem }
  /** `entity`: what the line would have been (a line that is not JSON counts as a case); `teamId` when readable. */
  | { kind: 'rejected'; rejected: Rejected; entity: DirectoryEntity; teamId?: string };

const shapeKeys = (schema: unknown) => Object.keys(defOf(unwrap(schema)).shape ?? {});
/** The attributes an import owns, by entity: the schema's fields (both record kinds), less the system-owned ones. */
export const OWNED_FIELDS: Record<DirectoryEntity, readonly string[]> = {
  case: [...new Set([...shapeKeys(childSchema), ...shapeKeys(leaverSchema)])],
  worker: shapeKeys(workerSchema).filter((k) => !(SYSTEM_OWNED as readonly string[]).includes(k)),
  team: shapeKeys(teamSchema),
};

/** Checks one line. `seen` collects `entity#id` across the file; `scope` (team ids) limits what the file may hold. */
export function checkLine(input: string, line: number, seen: Set<string>, scope?: ReadonlySet<string>): LineResult {
  const entry = parseJsonLine(input, line);
  if (entry.kind === 'blank') return { kind: 'blank' };
  if (entry.kind === 'invalid')
    return {
      kind: 'rejected',
      entity: 'case',
      rejected: { line, recordId: null, problem: 'invalid-json', detail: NOT_JSON },
    };
  const raw = entry.value;
  const recordId = recordIdOf(raw);
  const kind = raw && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
  const entity: DirectoryEntity = kind === 'worker' ? 'worker' : kind === 'team' ? 'team' : 'case';
  const rawTeam = raw && typeof raw === 'object' ? (raw as { teamId?: unknown }).teamId : undefined;
  const teamId = typeof rawTeam === 'string' && rawTeam.trim() ? rawTeam.trim() : undefined;
  const reject = (recordId: string | null, problem: Rejected['problem'], detail: string): LineResult => ({
    kind: 'rejected',
    rejected: { line, recordId, problem, detail },
    entity,
    ...(teamId !== undefined ? { teamId } : {}),
  });
  const schema = entity === 'worker' ? workerSchema : entity === 'team' ? teamSchema : recordSchemaFor(kind);
  // A case is readable when the engine can evaluate it: a bad item of an event list or a bad completion date costs
  // that value only (rules.md §4 item 10), so the line is stored as given and the engine leaves the value out.
  const parsed = entity === 'case' ? readableCase(raw) : readable(schema.safeParse(raw));
  if (!parsed.success || recordId === null)
    return reject(recordId, 'invalid-record', parsed.success ? 'id: required' : parsed.detail);
  const data = parsed.data as { id: string; teamId?: string; workerId?: string };
  const id = data.id;
  if (seen.has(`${entity}#${id}`))
    return reject(id, 'duplicate-id', `an earlier line already has this ${entity} id; the first one is kept`);
  const inTeam = entity === 'team' ? id : data.teamId;
  if (scope && (inTeam === undefined || !scope.has(inTeam)))
    return reject(id, 'out-of-scope', `teamId is not one of the teams this import covers`);
  // Records keep their values as given (dates stay strings), workers and teams their normalised form; both keep
  // only the schema's fields. Identifiers are trimmed here, once (case kept): `"T01  "` from a CHAR column is T01.
  const item =
    entity === 'case'
      ? trimmedReferences({ ...(storedFields(raw, schema) as Record<string, unknown>), id }, data)
      : withoutSystemOwned(storedFields(parsed.data, schema) as Record<string, unknown>);
  const problem = storageProblem(item);
  if (problem) return reject(id, 'not-storable', problem);
  seen.add(`${entity}#${id}`);
  const absent = OWNED_FIELDS[entity].filter((f) => !(f in item));
  return { kind: 'item', item: { entity, id, item, absent } };
}

/** A record's teamId and workerId as the schema read them (trimmed; a blank worker id is no worker). */
function trimmedReferences(
  item: Record<string, unknown>,
  data: { teamId?: string; workerId?: string },
): Record<string, unknown> {
  if (data.teamId !== undefined) item.teamId = data.teamId;
  if (data.workerId !== undefined) item.workerId = data.workerId;
  else delete item.workerId;
  return item;
}

type Readable = { success: true; data: unknown } | { success: false; detail: string };

function readable(r: z.ZodSafeParseResult<unknown>): Readable {
  return r.success ? { success: true, data: r.data } : { success: false, detail: describeIssues(r.error) };
}

function readableCase(raw: unknown): Readable {
  const p = parseRecord(raw);
  if (p.record) return { success: true, data: p.record };
  return { success: false, detail: p.failure.problems[0]?.detail ?? 'not a record' };
}

/** The child or leaver schema by `kind` (a missing or unknown kind is reported by the child schema). */
function recordSchemaFor(kind: unknown): z.ZodType {
  return kind === 'leaver' ? leaverSchema : childSchema;
}

function withoutSystemOwned(item: Record<string, unknown>): Record<string, unknown> {
  const { kind: _kind, ...rest } = item;
  for (const key of SYSTEM_OWNED) delete rest[key];
  return rest;
}

interface Def {
  type: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
}
function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** The schema behind optional, nullable, default and transform wrappers. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type))
      s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** The value with only the fields its schema names, at every level of objects and arrays of objects. */
export function storedFields(value: unknown, schema: unknown): unknown {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object' && def.shape && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(def.shape)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = storedFields(v, field);
    }
    return out;
  }
  if (def.type === 'array' && def.element && Array.isArray(value))
    return value.map((v) => storedFields(v, def.element));
  return value;
}

/** Reads every line and upserts the valid ones (no closing, no refusal): for seeding a table and for tests. */
export async function importLines(
  lines: AsyncIterable<string> | Iterable<string>,
  writer: RecordWriter,
  onRejected: (r: Rejected) => void,
  batchSize = 500,
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, loaded: { cases: 0, workers: 0, teams: 0 }, rejected: 0 };
  const seen = new Set<string>();
  let batch: SnapshotItem[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await writer.putAll(batch);
    for (const b of batch) summary.loaded[loadedKey(b.entity)]++;
    batch = [];
  };
  for await (const input of lines) {
    const result = checkLine(input, ++summary.lines, seen);
    if (result.kind === 'rejected') {
      summary.rejected++;
      onRejected(result.rejected);
    } else if (result.kind === 'item') {
      batch.push(result.item);
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  return summary;
}

export const loadedKey = (entity: DirectoryEntity) =>
  entity === 'case' ? ('cases' as const) : entity === 'worker' ? ('workers' as const) : ('teams' as const);
