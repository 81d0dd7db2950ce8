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
  /**
   * Values left out of this record and evaluated without (rules.md §4 item 10: a bad or future item of an event
   * list, a bad completion date); empty for most records. No allocated worker is in `route`, not here.
   */
  problems?: Problem[];
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
  const workers = parseDirectory<Worker>(rawWorkers, workerSchema, 'worker', directoryProblems);
  const teams = parseDirectory<Team>(rawTeams, teamSchema, 'team', directoryProblems);

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
      if (!v.record) {
        // Findings are the records that could not be evaluated: every one of their problems.
        const teamId = teamIdOf(raw);
        for (const p of v.problems) if (p.problem !== 'no-allocated-worker') findings.push({ ...p, teamId });
        continue;
      }
      // An evaluable record counts in every figure, unallocated or with a value left out.
      cases.push({
        record: v.record,
        obligations: evaluateRecord(v.record, asOf, policy),
        route: routeOf(v.record, workers),
        problems: v.problems.length > 0 ? v.problems.filter((p) => p.problem !== 'no-allocated-worker') : [],
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
