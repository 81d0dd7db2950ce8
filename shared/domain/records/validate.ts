/**
 * Turns untrusted input into a record the engine can evaluate, or into data-quality problems. Never throws: a bad
 * record is reported and every other record is still processed.
 *
 * Problem details name fields, never values, because they go into run summaries and logs: a date of birth or the
 * date of a health assessment is personal data.
 */
import { type Day, formatDay } from '../calendar/local-date.js';
import { describeIssues } from '../validation/dates.js';
import { fastParseRecord } from './fast-parse.js';
import { type CaseRecord, recordSchema } from './schema.js';

export type ProblemCode =
  | 'invalid-json'
  | 'invalid-record'
  | 'date-after-as-of'
  | 'birth-after-care'
  | 'no-allocated-worker'
  | 'missing-accommodation-start';

export interface Problem {
  recordId: string | null;
  problem: ProblemCode;
  detail: string;
}

/**
 * `record` is set when the record can be evaluated: it parsed and its only problem, if any, is that nobody is
 * allocated (the daily run still evaluates such a case, to put it in front of the team manager). The CLI follows
 * rules.md to the letter and reports any problem instead of due dates.
 */
export interface Validated {
  recordId: string | null;
  record: CaseRecord | undefined;
  problems: Problem[];
}

const NON_BLOCKING: ReadonlySet<ProblemCode> = new Set(['no-allocated-worker']);

/** The record's id when it has a usable one, for reporting a record that could not be read. */
export function recordIdOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const id = (raw as { id?: unknown }).id;
    if (typeof id === 'string' && id.trim() && id.length <= 128) return id.trim();
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  }
  return null;
}

export function validateRecord(raw: unknown, asOf: Day): Validated {
  const recordId = recordIdOf(raw);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(recordId, 'invalid-record', 'a record must be a JSON object');
  }
  let record = fastParseRecord(raw);
  if (!record) {
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) return fail(recordId, 'invalid-record', describeIssues(parsed.error));
    record = parsed.data;
  }
  const problems: Problem[] = [];

  const future = latestDateOf(record) > asOf ? datesAfter(record, asOf) : [];
  if (future.length > 0) {
    problems.push(
      problem(
        record.id,
        'date-after-as-of',
        `${future.slice(0, 5).join(', ')}${future.length > 5 ? ', …' : ''} after the as-of date ${formatDay(asOf)}: a future date is a data error, not a completion`,
      ),
    );
  }
  if (record.kind === 'child' && record.dateOfBirth > record.periodOfCareStart) {
    problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after periodOfCareStart'));
  }
  if (record.kind === 'leaver' && record.dateOfBirth > record.ceasedCareDate) {
    problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after ceasedCareDate'));
  }
  if (record.kind === 'leaver' && record.accommodationProvidedByLA && record.accommodationStart === undefined) {
    problems.push(
      problem(
        record.id,
        'missing-accommodation-start',
        'accommodationProvidedByLA is true but accommodationStart is missing',
      ),
    );
  }
  if (record.workerId === undefined) {
    problems.push(
      problem(
        record.id,
        'no-allocated-worker',
        `no workerId: the case has no allocated ${record.kind === 'child' ? 'social worker' : 'personal adviser'}`,
      ),
    );
  }
  let evaluable = true;
  for (const p of problems) if (!NON_BLOCKING.has(p.problem)) evaluable = false;
  return { recordId: record.id, record: evaluable ? record : undefined, problems };
}

function problem(recordId: string, code: ProblemCode, detail: string): Problem {
  return { recordId, problem: code, detail };
}

/** The latest date anywhere in the record: one cheap pass, so the common case (nothing in the future) is fast. */
function latestDateOf(record: CaseRecord): Day {
  let latest = maxDay(record.dateOfBirth, record.needsAssessment);
  latest = maxOf(record.pathwayPlanReviews, latest);
  if (record.kind === 'child') {
    latest = maxDay(maxDay(maxDay(latest, record.periodOfCareStart), record.careOrderDate), record.placement.start);
    latest = maxOf(record.visits, latest);
    latest = maxOf(record.reviews, latest);
    latest = maxOf(record.healthAssessments, latest);
    latest = maxOf(record.dentalChecks, latest);
    latest = maxOf(record.peps, latest);
    return maxOf(record.supervisions, latest);
  }
  latest = maxDay(maxDay(latest, record.ceasedCareDate), record.accommodationStart);
  if (typeof record.supportRequested === 'number') latest = maxDay(latest, record.supportRequested);
  return maxOf(record.contacts, latest);
}

function maxDay(a: Day, b: Day | undefined): Day {
  return b !== undefined && b > a ? b : a;
}

function maxOf(days: readonly Day[], start: Day): Day {
  let latest = start;
  for (let i = 0; i < days.length; i++) if (days[i]! > latest) latest = days[i]!;
  return latest;
}

function fail(recordId: string | null, problem: ProblemCode, detail: string): Validated {
  return { recordId, record: undefined, problems: [{ recordId, problem, detail }] };
}

/** Field paths of every date after `asOf`. */
function datesAfter(record: CaseRecord, asOf: Day): string[] {
  const found: string[] = [];
  const one = (name: string, d: Day | undefined | boolean) => {
    if (typeof d === 'number' && d > asOf) found.push(name);
  };
  const many = (name: string, ds: readonly Day[]) => {
    for (const [i, d] of ds.entries()) one(`${name}[${i}]`, d);
  };
  one('dateOfBirth', record.dateOfBirth);
  one('needsAssessment', record.needsAssessment);
  many('pathwayPlanReviews', record.pathwayPlanReviews);
  if (record.kind === 'child') {
    one('periodOfCareStart', record.periodOfCareStart);
    one('careOrderDate', record.careOrderDate);
    one('placement.start', record.placement.start);
    many('visits', record.visits);
    many('reviews', record.reviews);
    many('healthAssessments', record.healthAssessments);
    many('dentalChecks', record.dentalChecks);
    many('peps', record.peps);
    many('supervisions', record.supervisions);
  } else {
    one('ceasedCareDate', record.ceasedCareDate);
    one('accommodationStart', record.accommodationStart);
    one('supportRequested', record.supportRequested);
    many('contacts', record.contacts);
  }
  return found;
}
