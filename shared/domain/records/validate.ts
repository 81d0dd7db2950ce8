/**
 * Turns untrusted input into a record the engine can evaluate, or into data-quality problems. Never throws: a bad
 * record is reported and every other record is still processed.
 *
 * Problem details name fields, never values, because they go into run summaries and logs: a date of birth or the
 * date of a health assessment is personal data.
 */
import { type Day, birthday, formatDay } from '../calendar/local-date.js';
import { describeIssues } from '../validation/issues.js';
import { fastParseRecord } from './fast-parse.js';
import { type CaseRecord, MAX_ID_LENGTH, recordSchema } from './schema.js';

export type ProblemCode =
  | 'invalid-json'
  | 'invalid-record'
  | 'duplicate-id'
  | 'date-after-as-of'
  | 'date-before-birth'
  | 'birth-after-care'
  | 'aged-18-or-over'
  | 'relevant-aged-18-or-over'
  | 'no-allocated-worker'
  | 'missing-accommodation-start';

/** rules.md §2 "The 18th birthday": the words a team manager sees for a child record of an adult. */
export const AGED_18_OR_OVER = 'aged 18 or over: record as a care leaver or close the case';
/** rules.md §3: a relevant child is 16 or 17. */
export const RELEVANT_AGED_18_OR_OVER =
  'category is relevant but aged 18 or over: a relevant child is 16 or 17; record as a former relevant young person';

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
const MIN_DAYS_IN_18_YEARS = 18 * 365 + 3; // 29 Feb 2000 to 28 Feb 2018: 6,573 days

/** The record's id when it has a usable one, for reporting a record that could not be read. */
export function recordIdOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const id = (raw as { id?: unknown }).id;
    if (typeof id === 'string') {
      const t = id.trim();
      if (t && t.length <= MAX_ID_LENGTH) return t;
    }
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  }
  return null;
}

export function validateRecord(raw: unknown, asOf: Day): Validated {
  return checkRecord(parseRecord(raw), asOf);
}

/**
 * The first half of `validateRecord`, which does not depend on the date: the record as the schema reads it, or why
 * it cannot be read. A caller that meets the same input object on many dates (the history) parses it once.
 */
export type Parsed = { record: CaseRecord } | { record: undefined; failure: Validated };

export function parseRecord(raw: unknown): Parsed {
  const recordId = recordIdOf(raw);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { record: undefined, failure: fail(recordId, 'invalid-record', 'a record must be a JSON object') };
  }
  const record = fastParseRecord(raw);
  if (record) return { record };
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success)
    return { record: undefined, failure: fail(recordId, 'invalid-record', describeIssues(parsed.error, raw)) };
  return { record: parsed.data };
}

/** The second half of `validateRecord`: what the record's dates and age mean on the as-of date. */
export function checkRecord(parsed: Parsed, asOf: Day): Validated {
  if (!parsed.record) return parsed.failure;
  const record = parsed.record;
  const problems: Problem[] = [];
  const dob = record.dateOfBirth;
  const bounds = new Bounds();
  boundsOf(record, bounds);

  if (bounds.max > asOf) {
    problems.push(
      problem(
        record.id,
        'date-after-as-of',
        `${listFields(fieldsWhere(record, (d) => d > asOf))} after the as-of date ${formatDay(asOf)}: a future date is a data error, not a completion`,
      ),
    );
  }
  if (record.kind === 'child' && dob > record.periodOfCareStart) {
    problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after periodOfCareStart'));
  }
  if (record.kind === 'leaver' && dob > record.ceasedCareDate) {
    problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after ceasedCareDate'));
  }
  if (bounds.min < dob) {
    // The start of care and the end of care are already reported as birth-after-care.
    const before = fieldsWhere(record, (d) => d < dob).filter(
      (f) => f !== 'periodOfCareStart' && f !== 'ceasedCareDate',
    );
    if (before.length > 0)
      problems.push(problem(record.id, 'date-before-birth', `${listFields(before)} before dateOfBirth`));
  }
  // 18 years are never fewer than 6,573 days: most records are decided without calendar arithmetic.
  if (asOf - dob >= MIN_DAYS_IN_18_YEARS && asOf >= birthday(dob, 18)) {
    if (record.kind === 'child') problems.push(problem(record.id, 'aged-18-or-over', AGED_18_OR_OVER));
    else if (record.category === 'relevant')
      problems.push(problem(record.id, 'relevant-aged-18-or-over', RELEVANT_AGED_18_OR_OVER));
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

function listFields(fields: readonly string[]): string {
  return `${fields.slice(0, 5).join(', ')}${fields.length > 5 ? ', …' : ''}`;
}

/**
 * The earliest and latest dates in the record (the date of birth counts only towards the latest): one cheap pass,
 * so the common case (nothing in the future, nothing before birth) costs a few comparisons per date.
 */
class Bounds {
  min = 0;
  max = 0;
  add(d: Day | undefined): void {
    if (d === undefined) return;
    if (d < this.min) this.min = d;
    if (d > this.max) this.max = d;
  }
  addAll(days: readonly Day[]): void {
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < days.length; i++) {
      const d = days[i]!;
      if (d < min) min = d;
      if (d > max) max = d;
    }
    this.min = min;
    this.max = max;
  }
}

function boundsOf(record: CaseRecord, b: Bounds): void {
  b.min = Number.MAX_SAFE_INTEGER;
  b.max = record.dateOfBirth;
  b.add(record.needsAssessment);
  b.addAll(record.pathwayPlanReviews);
  if (record.kind === 'child') {
    b.add(record.periodOfCareStart);
    b.add(record.careOrderDate);
    b.add(record.placement.start);
    b.addAll(record.visits);
    b.addAll(record.reviews);
    b.addAll(record.healthAssessments);
    b.addAll(record.dentalChecks);
    b.addAll(record.peps);
    b.addAll(record.supervisions);
    b.addAll(record.sdqs);
    b.add(record.personalAdviserAllocated);
    const episodes = record.missingEpisodes;
    for (let i = 0; i < episodes.length; i++) {
      const e = episodes[i]!;
      b.add(e.start);
      b.add(e.end);
      b.add(dayOrUndefined(e.interviewOffered));
    }
    return;
  }
  b.add(record.ceasedCareDate);
  b.add(record.accommodationStart);
  b.add(dayOrUndefined(record.supportRequested));
  b.add(record.returnToEducationRequested);
  b.addAll(record.contacts);
}

function dayOrUndefined(v: boolean | Day): Day | undefined {
  return typeof v === 'number' ? v : undefined;
}

function fail(recordId: string | null, problem: ProblemCode, detail: string): Validated {
  return { recordId, record: undefined, problems: [{ recordId, problem, detail }] };
}

/** Field paths of every date in the record for which `test` holds. */
function fieldsWhere(record: CaseRecord, test: (d: Day) => boolean): string[] {
  const found: string[] = [];
  const one = (name: string, d: Day | undefined | boolean) => {
    if (typeof d === 'number' && test(d)) found.push(name);
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
    many('sdqs', record.sdqs);
    one('personalAdviserAllocated', record.personalAdviserAllocated);
    for (const [i, e] of record.missingEpisodes.entries()) {
      one(`missingEpisodes[${i}].start`, e.start);
      one(`missingEpisodes[${i}].end`, e.end);
      one(`missingEpisodes[${i}].interviewOffered`, e.interviewOffered);
    }
  } else {
    one('ceasedCareDate', record.ceasedCareDate);
    one('accommodationStart', record.accommodationStart);
    one('supportRequested', record.supportRequested);
    one('returnToEducationRequested', record.returnToEducationRequested);
    many('contacts', record.contacts);
  }
  return found;
}
