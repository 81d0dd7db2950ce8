/**
 * Turns untrusted input into a record the engine can evaluate, or into data-quality problems. Never throws: a bad
 * record is reported and every other record is still processed.
 *
 * Problem details name fields, never values, because they go into run summaries and logs: a date of birth or the
 * date of a health assessment is personal data.
 */
import { type Day, formatDay } from '../calendar/local-date.js';
import { describeIssues } from '../validation/dates.js';
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
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) return fail(recordId, 'invalid-record', describeIssues(parsed.error));
  const record = parsed.data;
  const problems: Problem[] = [];
  const add = (problem: ProblemCode, detail: string) => problems.push({ recordId: record.id, problem, detail });

  const future = datesAfter(record, asOf);
  if (future.length > 0) {
    add('date-after-as-of', `${future.slice(0, 5).join(', ')}${future.length > 5 ? ', …' : ''} after the as-of date ${formatDay(asOf)}: a future date is a data error, not a completion`);
  }
  if (record.kind === 'child' && record.dateOfBirth > record.periodOfCareStart) {
    add('birth-after-care', 'dateOfBirth is after periodOfCareStart');
  }
  if (record.kind === 'leaver' && record.dateOfBirth > record.ceasedCareDate) {
    add('birth-after-care', 'dateOfBirth is after ceasedCareDate');
  }
  if (record.kind === 'leaver' && record.accommodationProvidedByLA && record.accommodationStart === undefined) {
    add('missing-accommodation-start', 'accommodationProvidedByLA is true but accommodationStart is missing');
  }
  if (record.workerId === undefined) {
    add('no-allocated-worker', `no workerId: the case has no allocated ${record.kind === 'child' ? 'social worker' : 'personal adviser'}`);
  }
  const evaluable = problems.every((p) => NON_BLOCKING.has(p.problem));
  return { recordId: record.id, record: evaluable ? record : undefined, problems };
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
  const many = (name: string, ds: readonly Day[]) => ds.forEach((d, i) => one(`${name}[${i}]`, d));
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
