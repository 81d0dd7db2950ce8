/**
 * A hand-compiled fast path for the record schema.
 *
 * The zod schema in schema.ts is the single authority on what a record is and the only source of error messages.
 * Parsing every date of 150,000 records through it costs more than the rules themselves, so well-formed records in
 * the plain shape take this path instead. It returns `undefined` whenever it is not certain, and the caller then
 * asks zod, which accepts or explains. A property test (test/domain/fast-parse.test.ts) checks that whatever this
 * accepts, zod accepts with an identical result, and another that well-formed records take it even after a bad one.
 *
 * Every field parser returns its value or `UNSURE`, and each field is checked as it is read: no state outlives a
 * call, so nothing one record does can switch the fast path off for the next.
 */
import { type Day, parseDay } from '../calendar/local-date.js';
import {
  type CaseRecord,
  type ChildRecord,
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
const UNSURE = Symbol('unsure');
type Unsure = typeof UNSURE;

const LEGAL = new Set<string>(LEGAL_STATUSES);
const PLACEMENT = new Set<string>(PLACEMENT_TYPES);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function id(v: unknown): string | Unsure {
  if (typeof v !== 'string') return UNSURE;
  const t = v.trim();
  return t.length >= 1 && t.length <= MAX_ID_LENGTH ? t : UNSURE;
}

function date(v: unknown): Day | Unsure {
  return typeof v === 'string' ? (parseDay(v) ?? UNSURE) : UNSURE;
}

function optionalDate(v: unknown): Day | undefined | Unsure {
  return v === undefined || v === null ? undefined : date(v);
}

function flag(v: unknown): boolean | Unsure {
  return v === undefined || v === null ? false : typeof v === 'boolean' ? v : UNSURE;
}

function flagOrDate(v: unknown): boolean | Day | Unsure {
  return v === undefined || v === null ? false : typeof v === 'boolean' ? v : date(v);
}

function events(v: unknown): Day[] | Unsure {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_EVENTS) return UNSURE;
  const out = new Array<Day>(v.length);
  for (let i = 0; i < v.length; i++) {
    const d = date(v[i]);
    if (d === UNSURE) return UNSURE;
    out[i] = d;
  }
  return out;
}

function episodes(v: unknown): MissingEpisode[] | Unsure {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_EVENTS) return UNSURE;
  const out = new Array<MissingEpisode>(v.length);
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (!isObj(e)) return UNSURE;
    const start = date(e.start);
    if (start === UNSURE) return UNSURE;
    const end = optionalDate(e.end);
    if (end === UNSURE) return UNSURE;
    const interviewOffered = flagOrDate(e.interviewOffered);
    if (interviewOffered === UNSURE) return UNSURE;
    out[i] = { start, end, interviewOffered };
  }
  return out;
}

function name(v: unknown): string | undefined | Unsure {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' && v.length <= MAX_NAME_LENGTH ? v : UNSURE;
}

function workerId(v: unknown): string | undefined | Unsure {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > MAX_ID_LENGTH) return UNSURE;
  const t = v.trim();
  return t ? t : undefined;
}

function flags(v: unknown): RecordFlag[] | Unsure {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.length === 0) return [];
  return UNSURE; // anything else: let zod decide
}

function int(v: unknown, min: number, max: number): number | Unsure {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : UNSURE;
}

export function fastParseRecord(raw: unknown): CaseRecord | undefined {
  if (!isObj(raw)) return undefined;
  const r = raw.kind === 'child' ? child(raw) : raw.kind === 'leaver' ? leaver(raw) : UNSURE;
  return r === UNSURE ? undefined : r;
}

// child() and leaver() each spell out every field and build one literal at the end rather than spreading a shared
// object: a spread into a large literal takes V8's slow path and made validation eight times slower (measured
// with npm run bench).
function child(raw: Obj): ChildRecord | Unsure {
  const p = raw.placement;
  if (!isObj(p)) return UNSURE;
  const recordId = id(raw.id);
  if (recordId === UNSURE) return UNSURE;
  const dateOfBirth = date(raw.dateOfBirth);
  if (dateOfBirth === UNSURE) return UNSURE;
  const worker = workerId(raw.workerId);
  if (worker === UNSURE) return UNSURE;
  const teamId = id(raw.teamId);
  if (teamId === UNSURE) return UNSURE;
  const givenName = name(raw.givenName);
  if (givenName === UNSURE) return UNSURE;
  const familyName = name(raw.familyName);
  if (familyName === UNSURE) return UNSURE;
  const recordFlags = flags(raw.flags);
  if (recordFlags === UNSURE) return UNSURE;
  const periodOfCareStart = date(raw.periodOfCareStart);
  if (periodOfCareStart === UNSURE) return UNSURE;
  const legalStatus = raw.legalStatus;
  if (typeof legalStatus !== 'string' || !LEGAL.has(legalStatus)) return UNSURE;
  const careOrderDate = optionalDate(raw.careOrderDate);
  if (careOrderDate === UNSURE) return UNSURE;
  const start = date(p.start);
  if (start === UNSURE) return UNSURE;
  const type = p.type;
  if (typeof type !== 'string' || !PLACEMENT.has(type)) return UNSURE;
  const intendedUntil18 = flag(p.intendedUntil18);
  if (intendedUntil18 === UNSURE) return UNSURE;
  const longTermFoster = flag(p.longTermFoster);
  if (longTermFoster === UNSURE) return UNSURE;
  const reducedVisitsAgreed = flag(p.reducedVisitsAgreed);
  if (reducedVisitsAgreed === UNSURE) return UNSURE;
  const visits = events(raw.visits);
  if (visits === UNSURE) return UNSURE;
  const reviews = events(raw.reviews);
  if (reviews === UNSURE) return UNSURE;
  const healthAssessments = events(raw.healthAssessments);
  if (healthAssessments === UNSURE) return UNSURE;
  const dentalChecks = events(raw.dentalChecks);
  if (dentalChecks === UNSURE) return UNSURE;
  const peps = events(raw.peps);
  if (peps === UNSURE) return UNSURE;
  const pathwayPlanReviews = events(raw.pathwayPlanReviews);
  if (pathwayPlanReviews === UNSURE) return UNSURE;
  const supervisions = events(raw.supervisions);
  if (supervisions === UNSURE) return UNSURE;
  const needsAssessment = optionalDate(raw.needsAssessment);
  if (needsAssessment === UNSURE) return UNSURE;
  const weeksRaw = raw.weeksLookedAfterSince14BeforePeriod;
  const weeks = weeksRaw === undefined || weeksRaw === null ? 0 : int(weeksRaw, 0, MAX_WEEKS_BEFORE_PERIOD);
  if (weeks === UNSURE) return UNSURE;
  const missingEpisodes = episodes(raw.missingEpisodes);
  if (missingEpisodes === UNSURE) return UNSURE;
  const sdqs = events(raw.sdqs);
  if (sdqs === UNSURE) return UNSURE;
  const personalAdviserAllocated = optionalDate(raw.personalAdviserAllocated);
  if (personalAdviserAllocated === UNSURE) return UNSURE;
  const visitWeeksRaw = raw.shortBreakVisitWeeks;
  const shortBreakVisitWeeks =
    visitWeeksRaw === undefined || visitWeeksRaw === null
      ? undefined
      : int(visitWeeksRaw, MIN_SHORT_BREAK_VISIT_WEEKS, MAX_SHORT_BREAK_VISIT_WEEKS);
  if (shortBreakVisitWeeks === UNSURE) return UNSURE;
  return {
    id: recordId,
    dateOfBirth,
    workerId: worker,
    teamId,
    givenName,
    familyName,
    flags: recordFlags,
    kind: 'child',
    periodOfCareStart,
    legalStatus: legalStatus as ChildRecord['legalStatus'],
    careOrderDate,
    placement: {
      start,
      type: type as ChildRecord['placement']['type'],
      intendedUntil18,
      longTermFoster,
      reducedVisitsAgreed,
    },
    visits,
    reviews,
    healthAssessments,
    dentalChecks,
    peps,
    pathwayPlanReviews,
    supervisions,
    needsAssessment,
    weeksLookedAfterSince14BeforePeriod: weeks,
    missingEpisodes,
    sdqs,
    personalAdviserAllocated,
    shortBreakVisitWeeks,
  };
}

function leaver(raw: Obj): LeaverRecord | Unsure {
  const recordId = id(raw.id);
  if (recordId === UNSURE) return UNSURE;
  const dateOfBirth = date(raw.dateOfBirth);
  if (dateOfBirth === UNSURE) return UNSURE;
  const worker = workerId(raw.workerId);
  if (worker === UNSURE) return UNSURE;
  const teamId = id(raw.teamId);
  if (teamId === UNSURE) return UNSURE;
  const givenName = name(raw.givenName);
  if (givenName === UNSURE) return UNSURE;
  const familyName = name(raw.familyName);
  if (familyName === UNSURE) return UNSURE;
  const recordFlags = flags(raw.flags);
  if (recordFlags === UNSURE) return UNSURE;
  const ceasedCareDate = date(raw.ceasedCareDate);
  if (ceasedCareDate === UNSURE) return UNSURE;
  const category = raw.category;
  if (category !== 'relevant' && category !== 'formerRelevant') return UNSURE;
  const accommodationProvidedByLA = flag(raw.accommodationProvidedByLA);
  if (accommodationProvidedByLA === UNSURE) return UNSURE;
  const accommodationStart = optionalDate(raw.accommodationStart);
  if (accommodationStart === UNSURE) return UNSURE;
  const inEducationOrTraining = flag(raw.inEducationOrTraining);
  if (inEducationOrTraining === UNSURE) return UNSURE;
  const supportRequested = flagOrDate(raw.supportRequested);
  if (supportRequested === UNSURE) return UNSURE;
  const returnToEducationRequested = optionalDate(raw.returnToEducationRequested);
  if (returnToEducationRequested === UNSURE) return UNSURE;
  const needsAssessment = optionalDate(raw.needsAssessment);
  if (needsAssessment === UNSURE) return UNSURE;
  const pathwayPlanReviews = events(raw.pathwayPlanReviews);
  if (pathwayPlanReviews === UNSURE) return UNSURE;
  const contacts = events(raw.contacts);
  if (contacts === UNSURE) return UNSURE;
  return {
    id: recordId,
    dateOfBirth,
    workerId: worker,
    teamId,
    givenName,
    familyName,
    flags: recordFlags,
    kind: 'leaver',
    ceasedCareDate,
    category,
    accommodationProvidedByLA,
    accommodationStart,
    inEducationOrTraining,
    supportRequested,
    returnToEducationRequested,
    needsAssessment,
    pathwayPlanReviews,
    contacts,
  };
}
