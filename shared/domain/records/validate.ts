/**
 * Turns untrusted input into a record the engine can evaluate, or into data-quality problems. Never throws: a bad
 * record is reported and every other record is still processed.
 *
 * Problem details name fields, never values, because they go into run summaries and logs: a date of birth or the
 * date of a health assessment is personal data.
 */
import { type Day, birthday, formatDay, parseDay } from '../calendar/local-date.js';
import { describeIssues } from '../validation/issues.js';
import { fastParseRecord } from './fast-parse.js';
import {
  type CaseRecord,
  DECLINABLE,
  type Declined,
  MAX_EVENTS,
  MAX_ID_LENGTH,
  type MissingEpisode,
  recordSchema,
} from './schema.js';

export type ProblemCode =
  | 'invalid-json'
  | 'invalid-record'
  | 'invalid-value'
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
 * rules.md §4 item 10: a bad value costs that value, never the child. `record` is set whenever the record can be
 * evaluated, problems or not: an item of an event list that is unreadable, before the date of birth or after the
 * as-of date is left out of it (and reported); a completion date in the same state is treated as not done; a case
 * with no allocated worker is evaluated as usual. `record` is undefined only when the record's identity, anchors or
 * the facts that decide which rules apply are missing, unreadable or impossible: then `problems` says why.
 */
export interface Validated {
  recordId: string | null;
  record: CaseRecord | undefined;
  problems: Problem[];
}

const NO_PROBLEMS: readonly Problem[] = [];
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
 * The first half of `validateRecord`, which does not depend on the date: the record as the schema reads it (with
 * the problems of the values left out of it), or why it cannot be read. A caller that meets the same input object
 * on many dates (the history) parses it once.
 */
export type Parsed =
  | {
      record: CaseRecord;
      problems: readonly Problem[];
      /** List name → indices (in the input) of the items left out, so later problems name the input's index. */
      removed?: ReadonlyMap<string, readonly number[]>;
    }
  | { record: undefined; failure: Validated };

export function parseRecord(raw: unknown): Parsed {
  const recordId = recordIdOf(raw);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { record: undefined, failure: fail(recordId, 'invalid-record', 'a record must be a JSON object') };
  }
  const record = fastParseRecord(raw);
  if (record) return { record, problems: NO_PROBLEMS };
  // Not certain: leave out the values that cost only themselves, then read what is left.
  const salvaged = salvage(raw as Obj, recordId);
  const input = salvaged?.raw ?? raw;
  const problems = salvaged?.problems ?? NO_PROBLEMS;
  const removed = salvaged?.removed;
  const again = salvaged ? fastParseRecord(input) : undefined;
  if (again) return { record: again, problems, ...(removed ? { removed } : {}) };
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) {
    const failure = fail(recordId, 'invalid-record', describeIssues(parsed.error, input));
    failure.problems.push(...problems);
    return { record: undefined, failure };
  }
  return { record: parsed.data, problems, ...(removed ? { removed } : {}) };
}

type Obj = Record<string, unknown>;
const CHILD_LISTS = [
  'visits',
  'reviews',
  'healthAssessments',
  'dentalChecks',
  'peps',
  'pathwayPlanReviews',
  'supervisions',
  'sdqs',
] as const;
const LEAVER_LISTS = ['pathwayPlanReviews', 'contacts'] as const;
const CHILD_COMPLETIONS = ['needsAssessment', 'personalAdviserAllocated'] as const;
const LEAVER_COMPLETIONS = ['needsAssessment'] as const;
const DECLINABLE_SET = new Set<unknown>(DECLINABLE);

const isDate = (v: unknown) => typeof v === 'string' && parseDay(v) !== undefined;
const isOptionalDate = (v: unknown) => v === undefined || v === null || isDate(v);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of the input without the values that cost only themselves (rules.md §4 item 10): unreadable items of an
 * event list (dates, missing episodes, declines) are left out, and an unreadable completion date is dropped (the
 * duty counts as not done). A list that is not a list, or longer than the schema allows, is left for the schema to
 * refuse. Undefined when nothing had to be left out.
 */
function salvage(
  raw: Obj,
  recordId: string | null,
): { raw: Obj; problems: Problem[]; removed: Map<string, number[]> } | undefined {
  const kind = raw.kind;
  if (kind !== 'child' && kind !== 'leaver') return undefined;
  let copy: Obj | undefined;
  const set = (key: string, value: unknown) => {
    copy ??= { ...raw };
    copy[key] = value;
  };
  const leftOut: string[] = [];
  const badDeclines: string[] = [];
  const notDone: string[] = [];
  const removed = new Map<string, number[]>();
  const filterList = (name: string, keep: (item: unknown, i: number) => unknown, names: string[]) => {
    const v = raw[name];
    if (!Array.isArray(v) || v.length > MAX_EVENTS) return;
    const out: unknown[] = [];
    const gone: number[] = [];
    let changed = false;
    for (let i = 0; i < v.length; i++) {
      const kept = keep(v[i], i);
      if (kept === undefined) {
        gone.push(i);
        names.push(`${name}[${i}]`);
        changed = true;
      } else {
        if (kept !== v[i]) changed = true;
        out.push(kept);
      }
    }
    if (gone.length > 0) removed.set(name, gone);
    if (changed) set(name, out);
  };
  for (const name of kind === 'child' ? CHILD_LISTS : LEAVER_LISTS)
    filterList(name, (item) => (isDate(item) ? item : undefined), leftOut);
  if (kind === 'child') {
    filterList(
      'missingEpisodes',
      (e, i) => {
        if (!isObj(e) || !isDate(e.start) || !isOptionalDate(e.end)) return undefined;
        const offered = e.interviewOffered;
        if (offered === undefined || offered === null || typeof offered === 'boolean' || isDate(offered)) return e;
        notDone.push(`missingEpisodes[${i}].interviewOffered`);
        return { ...e, interviewOffered: false };
      },
      leftOut,
    );
    filterList(
      'declined',
      (e) => (isObj(e) && DECLINABLE_SET.has(e.obligation) && isDate(e.date) ? e : undefined),
      badDeclines,
    );
  }
  for (const name of kind === 'child' ? CHILD_COMPLETIONS : LEAVER_COMPLETIONS) {
    if (isOptionalDate(raw[name])) continue;
    set(name, undefined);
    notDone.push(name);
  }
  if (!copy) return undefined;
  const parts: string[] = [];
  if (leftOut.length) parts.push(`${listFields(leftOut)}: expected a real date YYYY-MM-DD; left out`);
  if (badDeclines.length)
    parts.push(
      `${listFields(badDeclines)}: expected an obligation "health-assessment" or "dental-check" and a real date YYYY-MM-DD; left out`,
    );
  if (notDone.length) parts.push(`${listFields(notDone)}: expected a real date YYYY-MM-DD; treated as not done`);
  return { raw: copy, problems: [{ recordId, problem: 'invalid-value', detail: parts.join('; ') }], removed };
}

/** The second half of `validateRecord`: what the record's dates and age mean on the as-of date. */
export function checkRecord(parsed: Parsed, asOf: Day): Validated {
  if (!parsed.record) return parsed.failure;
  let record = parsed.record;
  const problems: Problem[] = parsed.problems.length > 0 ? [...parsed.problems] : [];
  let blocked = false;
  const dob = record.dateOfBirth;
  const bounds = new Bounds();
  boundsOf(record, bounds);

  if (bounds.max > asOf || bounds.min < dob) {
    // The uncommon case: some date is in the future or before birth. Anchors block the record; items and
    // completion dates are left out of it.
    const trim = new Trim(asOf, dob, parsed.removed);
    record = trim.record(record);
    if (trim.future.length > 0) {
      problems.push(
        problem(
          record.id,
          'date-after-as-of',
          `${listFields(trim.future)} after the as-of date ${formatDay(asOf)}: a future date is a data error, not a completion${trim.futureAnchor ? '' : '; left out'}`,
        ),
      );
      if (trim.futureAnchor) blocked = true;
    }
    if (record.kind === 'child' && dob > record.periodOfCareStart) {
      problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after periodOfCareStart'));
      blocked = true;
    }
    if (record.kind === 'leaver' && dob > record.ceasedCareDate) {
      problems.push(problem(record.id, 'birth-after-care', 'dateOfBirth is after ceasedCareDate'));
      blocked = true;
    }
    if (trim.early.length > 0) {
      problems.push(
        problem(
          record.id,
          'date-before-birth',
          `${listFields(trim.early)} before dateOfBirth${trim.earlyAnchor ? '' : '; left out'}`,
        ),
      );
      if (trim.earlyAnchor) blocked = true;
    }
  }
  // 18 years are never fewer than 6,573 days: most records are decided without calendar arithmetic.
  if (asOf - dob >= MIN_DAYS_IN_18_YEARS && asOf >= birthday(dob, 18)) {
    if (record.kind === 'child') {
      problems.push(problem(record.id, 'aged-18-or-over', AGED_18_OR_OVER));
      blocked = true;
    } else if (record.category === 'relevant') {
      problems.push(problem(record.id, 'relevant-aged-18-or-over', RELEVANT_AGED_18_OR_OVER));
      blocked = true;
    }
  }
  if (record.kind === 'leaver' && record.accommodationProvidedByLA && record.accommodationStart === undefined) {
    problems.push(
      problem(
        record.id,
        'missing-accommodation-start',
        'accommodationProvidedByLA is true but accommodationStart is missing',
      ),
    );
    blocked = true;
  }
  if (record.workerId === undefined) {
    // Not blocking: these children are the likeliest to be missed, so they count everywhere and go to the manager.
    problems.push(
      problem(
        record.id,
        'no-allocated-worker',
        `no workerId: the case has no allocated ${record.kind === 'child' ? 'social worker' : 'personal adviser'}`,
      ),
    );
  }
  return { recordId: record.id, record: blocked ? undefined : record, problems };
}

function problem(recordId: string, code: ProblemCode, detail: string): Problem {
  return { recordId, problem: code, detail };
}

function listFields(fields: readonly string[]): string {
  return `${fields.slice(0, 5).join(', ')}${fields.length > 5 ? ', …' : ''}`;
}

/**
 * The first day after `asOf` on which `checkRecord(parsed, ·)` may answer differently (undefined: none). The check
 * looks at the date only through "is this date of the record after the as-of date" and the 18th birthday, so its
 * answer stands until the earliest of the record's dates after `asOf` or that birthday. A caller that meets the
 * same record on many dates (the history) need not check a blocked record again before then.
 */
export function checkChangesAfter(parsed: Parsed, asOf: Day): Day | undefined {
  if (!parsed.record) return undefined;
  const next = new NextAfter(asOf);
  datesOf(parsed.record, next);
  next.add(birthday(parsed.record.dateOfBirth, 18));
  return next.next === Number.MAX_SAFE_INTEGER ? undefined : next.next;
}

/** Every date a record holds, handed to `add` or `addAll`. */
interface DateSink {
  add(d: Day | undefined): void;
  addAll(days: readonly Day[]): void;
}

/** The earliest date after `asOf` handed to it. */
class NextAfter implements DateSink {
  next = Number.MAX_SAFE_INTEGER;
  constructor(private readonly asOf: Day) {}
  add(d: Day | undefined): void {
    if (d !== undefined && d > this.asOf && d < this.next) this.next = d;
  }
  addAll(days: readonly Day[]): void {
    for (let i = 0; i < days.length; i++) this.add(days[i]);
  }
}

/**
 * The earliest and latest dates in the record (the date of birth counts only towards the latest): one cheap pass,
 * so the common case (nothing in the future, nothing before birth) costs a few comparisons per date.
 */
class Bounds implements DateSink {
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
  datesOf(record, b);
}

/** The record's dates other than the date of birth. */
function datesOf(record: CaseRecord, b: DateSink): void {
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
    const declined = record.declined;
    for (let i = 0; i < declined.length; i++) b.add(declined[i]!.date);
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

/**
 * The record without its dates after the as-of date or before birth, and the fields that held them (by the
 * input's index). An anchor (the start of care or of the placement, a care order, the accommodation, a request
 * that starts a clock) blocks the record; an item of an event list is left out; a completion date is dropped, so
 * the duty counts as not done. The start and end of care before birth are reported as birth-after-care instead.
 */
class Trim {
  readonly future: string[] = [];
  readonly early: string[] = [];
  futureAnchor = false;
  earlyAnchor = false;
  constructor(
    private readonly asOf: Day,
    private readonly dob: Day,
    private readonly removed: ReadonlyMap<string, readonly number[]> | undefined,
  ) {}

  record(r: CaseRecord): CaseRecord {
    this.anchor('dateOfBirth', r.dateOfBirth, false);
    if (r.kind === 'child') {
      this.anchor('periodOfCareStart', r.periodOfCareStart, false);
      this.anchor('careOrderDate', r.careOrderDate);
      this.anchor('placement.start', r.placement.start);
      return {
        ...r,
        needsAssessment: this.completion('needsAssessment', r.needsAssessment),
        pathwayPlanReviews: this.list('pathwayPlanReviews', r.pathwayPlanReviews),
        visits: this.list('visits', r.visits),
        reviews: this.list('reviews', r.reviews),
        healthAssessments: this.list('healthAssessments', r.healthAssessments),
        dentalChecks: this.list('dentalChecks', r.dentalChecks),
        peps: this.list('peps', r.peps),
        supervisions: this.list('supervisions', r.supervisions),
        sdqs: this.list('sdqs', r.sdqs),
        personalAdviserAllocated: this.completion('personalAdviserAllocated', r.personalAdviserAllocated),
        missingEpisodes: this.episodes(r.missingEpisodes),
        declined: this.declined(r.declined),
      };
    }
    this.anchor('ceasedCareDate', r.ceasedCareDate, false);
    this.anchor('accommodationStart', r.accommodationStart);
    this.anchor('supportRequested', dayOrUndefined(r.supportRequested));
    this.anchor('returnToEducationRequested', r.returnToEducationRequested);
    return {
      ...r,
      needsAssessment: this.completion('needsAssessment', r.needsAssessment),
      pathwayPlanReviews: this.list('pathwayPlanReviews', r.pathwayPlanReviews),
      contacts: this.list('contacts', r.contacts),
    };
  }

  /** True when the date is after the as-of date or before birth (and notes the field). */
  private check(name: string, d: Day | undefined): boolean {
    if (d === undefined) return false;
    if (d > this.asOf) {
      this.future.push(name);
      return true;
    }
    if (d < this.dob) {
      this.early.push(name);
      return true;
    }
    return false;
  }

  private anchor(name: string, d: Day | undefined, beforeBirthCounts = true): void {
    if (d === undefined) return;
    if (d > this.asOf) {
      this.future.push(name);
      this.futureAnchor = true;
    } else if (beforeBirthCounts && d < this.dob) {
      this.early.push(name);
      this.earlyAnchor = true;
    }
  }

  private completion(name: string, d: Day | undefined): Day | undefined {
    return this.check(name, d) ? undefined : d;
  }

  /** The input's index of the `i`th item that survived reading. */
  private index(name: string, i: number): number {
    const gone = this.removed?.get(name);
    if (!gone) return i;
    let j = i;
    for (const g of gone) if (g <= j) j++;
    return j;
  }

  private list(name: string, days: readonly Day[]): Day[] {
    let out: Day[] | undefined;
    for (let i = 0; i < days.length; i++) {
      const d = days[i]!;
      if (d <= this.asOf && d >= this.dob) out?.push(d);
      else if (this.check(`${name}[${this.index(name, i)}]`, d)) out ??= days.slice(0, i);
    }
    return out ?? (days as Day[]);
  }

  private episodes(episodes: readonly MissingEpisode[]): MissingEpisode[] {
    let out: MissingEpisode[] | undefined;
    for (let i = 0; i < episodes.length; i++) {
      const e = episodes[i]!;
      const at = `missingEpisodes[${this.index('missingEpisodes', i)}]`;
      const badStart = this.check(`${at}.start`, e.start);
      const badEnd = this.check(`${at}.end`, e.end);
      if (badStart || badEnd) {
        out ??= episodes.slice(0, i);
        continue;
      }
      const offered = e.interviewOffered;
      if (typeof offered === 'number' && this.check(`${at}.interviewOffered`, offered)) {
        out ??= episodes.slice(0, i);
        out.push({ ...e, interviewOffered: false });
        continue;
      }
      out?.push(e);
    }
    return out ?? (episodes as MissingEpisode[]);
  }

  private declined(declined: readonly Declined[]): Declined[] {
    let out: Declined[] | undefined;
    for (let i = 0; i < declined.length; i++) {
      const e = declined[i]!;
      if (this.check(`declined[${this.index('declined', i)}].date`, e.date)) out ??= declined.slice(0, i);
      else out?.push(e);
    }
    return out ?? (declined as Declined[]);
  }
}
