/**
 * Reads and evaluates the whole caseload once: every record validated (bad ones become data-quality findings),
 * every valid one evaluated, every case routed to the person who should hear about it. Used by the daily run and
 * the weekly digest, so both see the same facts.
 */
import type { z } from 'zod';
import { describeIssues } from '../domain/validation/issues.js';
import type { Day } from '../domain/calendar/local-date.js';
import { type Team, type Worker, teamSchema, workerSchema } from '../domain/directory.js';
import { evaluateRecord } from '../domain/evaluate.js';
import type { Obligation } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { CaseRecord } from '../domain/records/schema.js';
import { type Problem, recordIdOf, validateRecord } from '../domain/records/validate.js';
import type { RecordStore } from '../ports/record-store.js';
import { type Absence, absenceOn, readAbsences } from '../domain/absences.js';

export type UnreachableReason =
  | 'no allocated worker'
  | 'worker not found'
  | 'worker inactive'
  | 'worker has no email address'
  | 'worker email address is bouncing'
  | 'worker away';

/** A case whose worker is away, told to the worker covering them. */
export interface CoverNote {
  /** The allocated worker, who is away. */
  worker: Worker;
  absence: Absence;
}

/**
 * Who hears about a case: a worker (the allocated one, or whoever covers while they are away, with `covering` set),
 * or the team manager, with the reason (and the absence, when the worker is away with nobody covering).
 */
export type Route =
  | { to: 'worker'; worker: Worker; covering?: CoverNote }
  | { to: 'manager'; reason: UnreachableReason; away?: Absence };

export interface EvaluatedCase {
  record: CaseRecord;
  obligations: Obligation[];
  route: Route;
  /**
   * Values left out of this record and evaluated without (rules.md §4 item 10: a bad or future item of an event
   * list, a bad completion date); empty for most records. No allocated worker is in `route`, not here.
   */
  problems?: Problem[];
}

export interface Finding extends Problem {
  /** The team to tell, when the record names one. */
  teamId: string | undefined;
  /** The record was still evaluated without the value (rules.md §4 item 10); false: it could not be evaluated. */
  evaluated?: boolean;
}

/** A case the latest export named but could not read (its stored record carries the mark until one reads it). */
export interface NotReadable {
  recordId: string;
  teamId: string | undefined;
  /** The date of the snapshot that could not read it (YYYY-MM-DD). */
  since: string;
  detail: string;
}

export interface Caseload {
  asOf: Day;
  cases: EvaluatedCase[];
  findings: Finding[];
  /** Cases marked not readable by the import: listed to their team manager, evaluated when a version was read. */
  notReadable?: NotReadable[];
  workers: Map<string, Worker>;
  teams: Map<string, Team>;
  /** Each worker's readable absences, earliest first. */
  absences: Map<string, Absence[]>;
  /** Directory items that could not be read (workers, teams). */
  directoryProblems: { entity: 'worker' | 'team'; id: string | null; detail: string }[];
  recordsRead: number;
}

/** Where a run's time went, when someone is measuring (the benchmark). */
export type Timings = Partial<Record<'scan' | 'evaluate' | 'render' | 'send', number>>;

export async function evaluateCaseload(
  store: RecordStore,
  asOf: Day,
  policy: Policy,
  segments: number,
  teamId?: string,
  timings?: Timings,
): Promise<Caseload> {
  const { workers: rawWorkers, teams: rawTeams } = await store.loadDirectory();
  const directoryProblems: Caseload['directoryProblems'] = [];
  const workers = parseDirectory<Worker>(rawWorkers, workerSchema, 'worker', directoryProblems);
  const teams = parseDirectory<Team>(rawTeams, teamSchema, 'team', directoryProblems);
  const absences = new Map<string, Absence[]>();
  for (const w of workers.values()) {
    const read = readAbsences(w.away);
    if (read.absences.length) absences.set(w.id, read.absences);
    for (const detail of read.problems) directoryProblems.push({ entity: 'worker', id: w.id, detail });
  }
  const directory = { workers, absences, asOf };

  const cases: EvaluatedCase[] = [];
  const findings: Finding[] = [];
  const notReadable: NotReadable[] = [];
  let recordsRead = 0;
  let mark = performance.now();
  for await (const page of store.scanCases({ segments, ...(teamId ? { teamId } : {}) })) {
    if (timings) {
      timings.scan = (timings.scan ?? 0) + performance.now() - mark;
      mark = performance.now();
    }
    for (const raw of page) {
      recordsRead++;
      const v = validateRecord(raw, asOf);
      const teamId = v.record?.teamId ?? teamIdOf(raw);
      const marked = notReadableOf(raw, teamId);
      if (marked) notReadable.push(marked);
      // Every problem is a data-quality finding for the team manager: a value left out of an evaluated record as
      // well as a record that could not be evaluated. A stub of a case never read is listed as not readable, not
      // again as an invalid record. No allocated worker is a route, not a finding.
      if (!marked || v.record)
        for (const p of v.problems)
          if (p.problem !== 'no-allocated-worker') findings.push({ ...p, teamId, evaluated: v.record !== undefined });
      if (!v.record) continue;
      // An evaluable record counts in every figure, unallocated or with a value left out.
      cases.push({
        record: v.record,
        obligations: evaluateRecord(v.record, asOf, policy),
        route: routeOf(v.record, directory),
        problems: v.problems.length > 0 ? v.problems.filter((p) => p.problem !== 'no-allocated-worker') : [],
      });
    }
    if (timings) {
      timings.evaluate = (timings.evaluate ?? 0) + performance.now() - mark;
      mark = performance.now();
    }
  }
  return { asOf, cases, findings, notReadable, workers, teams, absences, directoryProblems, recordsRead };
}

/** The import's "not readable in the snapshot of <date>" mark on a stored case, if any. */
function notReadableOf(raw: unknown, teamId: string | undefined): NotReadable | undefined {
  const r = raw as { id?: unknown; notReadableIn?: unknown; notReadableDetail?: unknown } | null;
  if (!r || typeof r !== 'object' || typeof r.notReadableIn !== 'string') return undefined;
  const id = recordIdOf(raw);
  if (id === null) return undefined;
  const detail = typeof r.notReadableDetail === 'string' ? r.notReadableDetail : 'not readable';
  return { recordId: id, teamId, since: r.notReadableIn, detail };
}

/** Distinct records that could not be evaluated (a record with two problems counts once). */
export function countInvalid(caseload: Caseload): number {
  return new Set(caseload.findings.filter((f) => !f.evaluated).map((f, i) => f.recordId ?? `#${i}`)).size;
}

interface Directory {
  workers: Map<string, Worker>;
  absences: Map<string, Absence[]>;
  asOf: Day;
}

function routeOf(record: CaseRecord, directory: Directory): Route {
  if (record.workerId === undefined) return { to: 'manager', reason: 'no allocated worker' };
  const worker = directory.workers.get(record.workerId);
  if (!worker) return { to: 'manager', reason: 'worker not found' };
  if (!worker.active) return { to: 'manager', reason: 'worker inactive' };
  const absence = absenceOn(directory.absences.get(worker.id) ?? [], directory.asOf);
  if (absence) {
    const cover = absence.coverWorkerId ? directory.workers.get(absence.coverWorkerId) : undefined;
    // A cover who cannot be told (unknown, left, no working address, away too) is no cover: the manager hears.
    if (
      cover &&
      cover.id !== worker.id &&
      reachable(cover) &&
      !absenceOn(directory.absences.get(cover.id) ?? [], directory.asOf)
    )
      return { to: 'worker', worker: cover, covering: { worker, absence } };
    return { to: 'manager', reason: 'worker away', away: absence };
  }
  if (!worker.email) return { to: 'manager', reason: 'worker has no email address' };
  if (worker.emailSuppressed) return { to: 'manager', reason: 'worker email address is bouncing' };
  return { to: 'worker', worker };
}

const reachable = (w: Worker) => w.active && w.email !== undefined && !w.emailSuppressed;

function teamIdOf(raw: unknown): string | undefined {
  const t = raw && typeof raw === 'object' ? (raw as { teamId?: unknown }).teamId : undefined;
  return typeof t === 'string' && t.trim() ? t.trim() : undefined;
}

/** Directory entries by id; an entry that does not parse becomes a problem naming its fields, not an exception. */
function parseDirectory<T extends { id: string }>(
  raws: readonly unknown[],
  schema: z.ZodType<T>,
  entity: Caseload['directoryProblems'][number]['entity'],
  problems: Caseload['directoryProblems'],
): Map<string, T> {
  const parsed = new Map<string, T>();
  for (const raw of raws) {
    const result = schema.safeParse(raw);
    if (result.success) parsed.set(result.data.id, result.data);
    else problems.push({ entity, id: recordIdOf(raw), detail: describeIssues(result.error, raw) });
  }
  return parsed;
}
