/**
 * A hand-compiled fast path for the record schema.
 *
 * The zod schema in schema.ts is the single authority on what a record is and the only source of error messages.
 * Parsing every date of 150,000 records through it costs more than the rules themselves, so well-formed records in
 * the plain shape take this path instead. It returns `undefined` whenever it is not certain, and the caller then
 * asks zod, which accepts or explains. A property test (test/domain/fast-parse.test.ts) checks that whatever this
 * accepts, zod accepts with an identical result, and another that well-formed records take it even after a bad one.
 *
 * Each record gets its own `Reader`, which notes whether every field was certain: no state outlives a call, so
 * nothing one record does can switch the fast path off for the next (a test checks good records after bad ones).
 */
import { type Day, parseDay } from '../calendar/local-date.js';
import {
  type CaseRecord,
  type ChildRecord,
  DECLINABLE,
  type Declined,
  type LeaverRecord,
  LEGAL_STATUSES,
  MAX_EVENTS,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SHORT_BREAK_VISIT_WEEKS,
  MAX_WEEKS_BEFORE_PERIOD,
  MIN_SHORT_BREAK_VISIT_WEEKS,
  type MissingEpisode,
  PLACEMENT_TYPES,
  type RecordFlag,
} from './schema.js';

type Obj = Record<string, unknown>;

const LEGAL = new Set<string>(LEGAL_STATUSES);
const DECLINABLE_SET = new Set<string>(DECLINABLE);
const PLACEMENT = new Set<string>(PLACEMENT_TYPES);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field readers for one record. Each returns a value of the right type; an uncertain field clears `ok`. */
class Reader {
  ok = true;

  unsure<T>(fallback: T): T {
    this.ok = false;
    return fallback;
  }

  id(v: unknown): string {
    if (typeof v !== 'string') return this.unsure('');
    const t = v.trim();
    return t.length >= 1 && t.length <= MAX_ID_LENGTH ? t : this.unsure('');
  }

  date(v: unknown): Day {
    if (typeof v === 'string') {
      const d = parseDay(v);
      if (d !== undefined) return d;
    }
    return this.unsure(0);
  }

  optionalDate(v: unknown): Day | undefined {
    return v === undefined || v === null ? undefined : this.date(v);
  }

  flag(v: unknown): boolean {
    return v === undefined || v === null ? false : typeof v === 'boolean' ? v : this.unsure(false);
  }

  flagOrDate(v: unknown): boolean | Day {
    return v === undefined || v === null ? false : typeof v === 'boolean' ? v : this.date(v);
  }

  events(v: unknown): Day[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > MAX_EVENTS) return this.unsure([]);
    const out = new Array<Day>(v.length);
    for (let i = 0; i < v.length; i++) {
      const s = v[i];
      const d = typeof s === 'string' ? parseDay(s) : undefined;
      if (d === undefined) return this.unsure([]);
      out[i] = d;
    }
    return out;
  }

  episodes(v: unknown): MissingEpisode[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > MAX_EVENTS) return this.unsure([]);
    const out = new Array<MissingEpisode>(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (!isObj(e)) return this.unsure([]);
      out[i] = {
        start: this.date(e.start),
        end: this.optionalDate(e.end),
        interviewOffered: this.flagOrDate(e.interviewOffered),
      };
    }
    return out;
  }

  declined(v: unknown): Declined[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > MAX_EVENTS) return this.unsure([]);
    const out = new Array<Declined>(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (!isObj(e)) return this.unsure([]);
      out[i] = { obligation: this.oneOf(e.obligation, DECLINABLE_SET), date: this.date(e.date) };
    }
    return out;
  }

  name(v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' && v.length <= MAX_NAME_LENGTH ? v : this.unsure(undefined);
  }

  workerId(v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.length > MAX_ID_LENGTH) return this.unsure(undefined);
    const t = v.trim();
    return t ? t : undefined;
  }

  flags(v: unknown): RecordFlag[] {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.length === 0) return [];
    return this.unsure([]); // anything else: let zod decide
  }

  int(v: unknown, min: number, max: number, absent: number | undefined): number | undefined {
    if (v === undefined || v === null) return absent;
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : this.unsure(absent);
  }

  oneOf<T extends string>(v: unknown, allowed: ReadonlySet<string>): T {
    return typeof v === 'string' && allowed.has(v) ? (v as T) : this.unsure('' as T);
  }
}

const CATEGORIES = new Set<string>(['relevant', 'formerRelevant']);

export function fastParseRecord(raw: unknown): CaseRecord | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.kind === 'child') {
    const r = new Reader();
    const rec = child(raw, r);
    return r.ok ? rec : undefined;
  }
  if (raw.kind === 'leaver') {
    const r = new Reader();
    const rec = leaver(raw, r);
    return r.ok ? rec : undefined;
  }
  return undefined;
}

// child() and leaver() each spell out every field in one literal rather than spreading a shared object: a spread
// into a large literal takes V8's slow path and made validation eight times slower (measured with npm run bench).
function child(raw: Obj, r: Reader): ChildRecord | undefined {
  const p = raw.placement;
  if (!isObj(p)) return r.unsure(undefined);
  return {
    id: r.id(raw.id),
    dateOfBirth: r.date(raw.dateOfBirth),
    workerId: r.workerId(raw.workerId),
    teamId: r.id(raw.teamId),
    givenName: r.name(raw.givenName),
    familyName: r.name(raw.familyName),
    flags: r.flags(raw.flags),
    kind: 'child',
    periodOfCareStart: r.date(raw.periodOfCareStart),
    legalStatus: r.oneOf(raw.legalStatus, LEGAL),
    careOrderDate: r.optionalDate(raw.careOrderDate),
    placement: {
      start: r.date(p.start),
      type: r.oneOf(p.type, PLACEMENT),
      intendedUntil18: r.flag(p.intendedUntil18),
      longTermFoster: r.flag(p.longTermFoster),
      reducedVisitsAgreed: r.flag(p.reducedVisitsAgreed),
    },
    visits: r.events(raw.visits),
    reviews: r.events(raw.reviews),
    healthAssessments: r.events(raw.healthAssessments),
    dentalChecks: r.events(raw.dentalChecks),
    peps: r.events(raw.peps),
    pathwayPlanReviews: r.events(raw.pathwayPlanReviews),
    supervisions: r.events(raw.supervisions),
    needsAssessment: r.optionalDate(raw.needsAssessment),
    weeksLookedAfterSince14BeforePeriod: r.int(raw.weeksLookedAfterSince14BeforePeriod, 0, MAX_WEEKS_BEFORE_PERIOD, 0)!,
    missingEpisodes: r.episodes(raw.missingEpisodes),
    sdqs: r.events(raw.sdqs),
    personalAdviserAllocated: r.optionalDate(raw.personalAdviserAllocated),
    declined: r.declined(raw.declined),
    shortBreakVisitWeeks: r.int(
      raw.shortBreakVisitWeeks,
      MIN_SHORT_BREAK_VISIT_WEEKS,
      MAX_SHORT_BREAK_VISIT_WEEKS,
      undefined,
    ),
  };
}

function leaver(raw: Obj, r: Reader): LeaverRecord {
  return {
    id: r.id(raw.id),
    dateOfBirth: r.date(raw.dateOfBirth),
    workerId: r.workerId(raw.workerId),
    teamId: r.id(raw.teamId),
    givenName: r.name(raw.givenName),
    familyName: r.name(raw.familyName),
    flags: r.flags(raw.flags),
    kind: 'leaver',
    ceasedCareDate: r.date(raw.ceasedCareDate),
    category: r.oneOf(raw.category, CATEGORIES),
    accommodationProvidedByLA: r.flag(raw.accommodationProvidedByLA),
    accommodationStart: r.optionalDate(raw.accommodationStart),
    inEducationOrTraining: r.flag(raw.inEducationOrTraining),
    supportRequested: r.flagOrDate(raw.supportRequested),
    returnToEducationRequested: r.optionalDate(raw.returnToEducationRequested),
    needsAssessment: r.optionalDate(raw.needsAssessment),
    pathwayPlanReviews: r.events(raw.pathwayPlanReviews),
    contacts: r.events(raw.contacts),
  };
}
