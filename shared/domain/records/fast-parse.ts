/**
 * A hand-compiled fast path for the record schema.
 *
 * The zod schema in schema.ts is the single authority on what a record is and the only source of error messages.
 * Parsing every date of 150,000 records through it costs more than the rules themselves, so well-formed records in
 * the plain shape take this path instead. It returns `undefined` whenever it is not certain, and the caller then
 * asks zod, which accepts or explains. A property test (test/domain/fast-parse.test.ts) checks that whatever this
 * accepts, zod accepts with an identical result.
 */
import { type Day, parseDay } from '../calendar/local-date.js';
import {
  type CaseRecord,
  type ChildRecord,
  type LeaverRecord,
  LEGAL_STATUSES,
  MAX_EVENTS,
  PLACEMENT_TYPES,
  type RecordFlag,
} from './schema.js';

type Obj = Record<string, unknown>;
const UNSURE = Symbol('unsure');
type Unsure = typeof UNSURE;

const LEGAL = new Set<string>(LEGAL_STATUSES);
const PLACEMENT = new Set<string>(PLACEMENT_TYPES);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function id(v: unknown): string | Unsure {
  if (typeof v !== 'string') return unsure();
  const t = v.trim();
  return t.length >= 1 && t.length <= 128 ? t : unsure();
}

function date(v: unknown): Day | Unsure {
  return typeof v === 'string' ? (parseDay(v) ?? unsure()) : unsure();
}

function optionalDate(v: unknown): Day | undefined | Unsure {
  return v === undefined || v === null ? undefined : date(v);
}

function flag(v: unknown): boolean | Unsure {
  return v === undefined || v === null ? false : typeof v === 'boolean' ? v : unsure();
}

function events(v: unknown): Day[] | Unsure {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_EVENTS) return unsure();
  const out = new Array<Day>(v.length);
  for (let i = 0; i < v.length; i++) {
    const d = date(v[i]);
    if (d === UNSURE) return unsure();
    out[i] = d;
  }
  return out;
}

function name(v: unknown): string | undefined | Unsure {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' && v.length <= 200 ? v : unsure();
}

function workerId(v: unknown): string | undefined | Unsure {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > 128) return unsure();
  const t = v.trim();
  return t ? t : undefined;
}

function flags(v: unknown): RecordFlag[] | Unsure {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.length === 0) return [];
  return unsure(); // anything else: let zod decide
}

/**
 * Set by any field parser that is not certain; checked once per record. (Cheaper than scanning the built record
 * for the marker, which matters at 150,000 records.)
 */
let certain = true;
function unsure(): Unsure {
  certain = false;
  return UNSURE;
}

export function fastParseRecord(raw: unknown): CaseRecord | undefined {
  if (!isObj(raw)) return undefined;
  certain = true;
  const r = raw.kind === 'child' ? child(raw) : raw.kind === 'leaver' ? leaver(raw) : UNSURE;
  return r === UNSURE ? undefined : r;
}

// child() and leaver() each spell out the common fields rather than spreading a shared object: a spread into a
// large literal takes V8's slow path and made validation eight times slower (measured with npm run bench).
function child(raw: Obj): ChildRecord | Unsure {
  const p = raw.placement;
  if (!isObj(p)) return unsure();
  const rec = {
    id: id(raw.id),
    dateOfBirth: date(raw.dateOfBirth),
    workerId: workerId(raw.workerId),
    teamId: id(raw.teamId),
    givenName: name(raw.givenName),
    familyName: name(raw.familyName),
    flags: flags(raw.flags),
    kind: 'child' as const,
    periodOfCareStart: date(raw.periodOfCareStart),
    legalStatus:
      typeof raw.legalStatus === 'string' && LEGAL.has(raw.legalStatus)
        ? (raw.legalStatus as ChildRecord['legalStatus'])
        : unsure(),
    careOrderDate: optionalDate(raw.careOrderDate),
    placement: {
      start: date(p.start),
      type:
        typeof p.type === 'string' && PLACEMENT.has(p.type) ? (p.type as ChildRecord['placement']['type']) : unsure(),
      intendedUntil18: flag(p.intendedUntil18),
      longTermFoster: flag(p.longTermFoster),
      reducedVisitsAgreed: flag(p.reducedVisitsAgreed),
    },
    visits: events(raw.visits),
    reviews: events(raw.reviews),
    healthAssessments: events(raw.healthAssessments),
    dentalChecks: events(raw.dentalChecks),
    peps: events(raw.peps),
    pathwayPlanReviews: events(raw.pathwayPlanReviews),
    supervisions: events(raw.supervisions),
    needsAssessment: optionalDate(raw.needsAssessment),
    weeksLookedAfterSince14BeforePeriod: weeks(raw.weeksLookedAfterSince14BeforePeriod),
  };
  return certain ? (rec as ChildRecord) : UNSURE;
}

function weeks(v: unknown): number | Unsure {
  if (v === undefined || v === null) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 400 ? v : unsure();
}

function leaver(raw: Obj): LeaverRecord | Unsure {
  const sr = raw.supportRequested;
  const rec = {
    id: id(raw.id),
    dateOfBirth: date(raw.dateOfBirth),
    workerId: workerId(raw.workerId),
    teamId: id(raw.teamId),
    givenName: name(raw.givenName),
    familyName: name(raw.familyName),
    flags: flags(raw.flags),
    kind: 'leaver' as const,
    ceasedCareDate: date(raw.ceasedCareDate),
    category: raw.category === 'relevant' || raw.category === 'formerRelevant' ? raw.category : unsure(),
    accommodationProvidedByLA: flag(raw.accommodationProvidedByLA),
    accommodationStart: optionalDate(raw.accommodationStart),
    inEducationOrTraining: flag(raw.inEducationOrTraining),
    supportRequested: sr === undefined || sr === null ? false : typeof sr === 'boolean' ? sr : date(sr),
    needsAssessment: optionalDate(raw.needsAssessment),
    pathwayPlanReviews: events(raw.pathwayPlanReviews),
    contacts: events(raw.contacts),
  };
  return certain ? (rec as LeaverRecord) : UNSURE;
}
