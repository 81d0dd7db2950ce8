/**
 * Reads and evaluates the whole caseload once: every record validated (bad ones become data-quality findings),
 * every valid one evaluated, every case routed to the person who should hear about it. Used by the daily run and
 * the weekly digest, so both see the same facts.
 */
import { describeIssues } from '../domain/validation/issues.js';
import type { Day } from '../domain/calendar/local-date.js';
import { type Team, type Worker, teamSchema, workerSchema } from '../domain/directory.js';
import { evaluateRecord } from '../domain/evaluate.js';
import type { Obligation } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { CaseRecord } from '../domain/records/schema.js';
import { type Problem, recordIdOf, validateRecord } from '../domain/records/validate.js';
import type { RecordStore } from '../ports/record-store.js';

export type UnreachableReason =
  | 'no allocated worker'
  | 'worker not found'
  | 'worker inactive'
  | 'worker has no email address'
  | 'worker email address is bouncing';

export type Route = { to: 'worker'; worker: Worker } | { to: 'manager'; reason: UnreachableReason };

export interface EvaluatedCase {
  record: CaseRecord;
  obligations: Obligation[];
  route: Route;
}

export interface Finding extends Problem {
  /** The team to tell, when the record names one. */
  teamId: string | undefined;
}

export interface Caseload {
  asOf: Day;
  cases: EvaluatedCase[];
  findings: Finding[];
  workers: Map<string, Worker>;
  teams: Map<string, Team>;
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
  const workers = new Map<string, Worker>();
  for (const raw of rawWorkers) {
    const w = workerSchema.safeParse(raw);
    if (w.success) workers.set(w.data.id, w.data);
    else
      directoryProblems.push({
        entity: 'worker',
        id: recordIdOf(raw),
        detail: describeIssues(w.error, raw),
      });
  }
  const teams = new Map<string, Team>();
  for (const raw of rawTeams) {
    const t = teamSchema.safeParse(raw);
    if (t.success) teams.set(t.data.id, t.data);
    else
      directoryProblems.push({
        entity: 'team',
        id: recordIdOf(raw),
        detail: describeIssues(t.error, raw),
      });
  }

  const cases: EvaluatedCase[] = [];
  const findings: Finding[] = [];
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
      for (const p of v.problems) if (p.problem !== 'no-allocated-worker') findings.push({ ...p, teamId });
      if (!v.record) continue;
      cases.push({
        record: v.record,
        obligations: evaluateRecord(v.record, asOf, policy),
        route: routeOf(v.record, workers),
      });
    }
    if (timings) {
      timings.evaluate = (timings.evaluate ?? 0) + performance.now() - mark;
      mark = performance.now();
    }
  }
  return { asOf, cases, findings, workers, teams, directoryProblems, recordsRead };
}

/** Distinct records that could not be evaluated (a record with two problems counts once). */
export function countInvalid(caseload: Caseload): number {
  return new Set(caseload.findings.map((f, i) => f.recordId ?? `#${i}`)).size;
}

function routeOf(record: CaseRecord, workers: Map<string, Worker>): Route {
  if (record.workerId === undefined) return { to: 'manager', reason: 'no allocated worker' };
  const worker = workers.get(record.workerId);
  if (!worker) return { to: 'manager', reason: 'worker not found' };
  if (!worker.active) return { to: 'manager', reason: 'worker inactive' };
  if (!worker.email) return { to: 'manager', reason: 'worker has no email address' };
  if (worker.emailSuppressed) return { to: 'manager', reason: 'worker email address is bouncing' };
  return { to: 'worker', worker };
}

function teamIdOf(raw: unknown): string | undefined {
  const t = raw && typeof raw === 'object' ? (raw as { teamId?: unknown }).teamId : undefined;
  return typeof t === 'string' && t.trim() ? t.trim() : undefined;
}
