/**
 * The canonical record format: what the table stores, what the importer accepts and what the CLI reads.
 * Dates are `YYYY-MM-DD` strings on the wire and `Day` numbers once parsed. Arrays default to empty; optional
 * values may also be `null` (case systems export empty fields that way). Every field added since the first
 * version is optional, so older records stay valid.
 *
 * Limits (far beyond a real case, low enough that a corrupt item cannot stall a run): ids at most 128 characters
 * after trimming, names at most 200, every list at most 2,000 items.
 */
import { z } from 'zod';
import type { Day } from '../calendar/local-date.js';
import { dateField } from '../validation/dates.js';

/** Upper bound on any one list (event dates, missing episodes). */
export const MAX_EVENTS = 2000;
/** Upper bound on an id (record, team, worker), after trimming. */
export const MAX_ID_LENGTH = 128;
/** Upper bound on a given or family name. */
export const MAX_NAME_LENGTH = 200;
/** Weeks looked after since the 14th birthday in earlier periods of care. */
export const MAX_WEEKS_BEFORE_PERIOD = 400;
/** Weeks between visits agreed in a short-break care plan. */
export const MIN_SHORT_BREAK_VISIT_WEEKS = 1;
export const MAX_SHORT_BREAK_VISIT_WEEKS = 104;

const EXPECTED_FLAG = 'expected true or false';

const events = z
  .array(dateField)
  .max(MAX_EVENTS)
  .nullish()
  .transform((v): Day[] => v ?? []);
const optionalDate = dateField.nullish().transform((v): Day | undefined => v ?? undefined);
const optionalFlag = z
  .boolean({ error: EXPECTED_FLAG })
  .nullish()
  .transform((v) => v ?? false);
/** `true`, `false` or the date it happened: sources hold one or the other. */
const flagOrDate = z
  .union([z.boolean(), dateField], { error: 'expected true, false or a date YYYY-MM-DD' })
  .nullish()
  .transform((v): boolean | Day => v ?? false);
const id = z.string().trim().min(1).max(MAX_ID_LENGTH);
const optionalName = z
  .string()
  .max(MAX_NAME_LENGTH)
  .nullish()
  .transform((v) => v ?? undefined);
const workerId = z
  .string()
  .max(MAX_ID_LENGTH)
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export const RECORD_FLAGS = ['missing', 'custody'] as const;
export type RecordFlag = (typeof RECORD_FLAGS)[number];

/** `["missing"]` or `{ "missing": true }`: both are in use. */
const flags = z
  .union(
    [
      z.array(z.enum(RECORD_FLAGS)).max(RECORD_FLAGS.length),
      z.object({ missing: z.boolean().nullish(), custody: z.boolean().nullish() }),
    ],
    { error: 'expected a list of "missing", "custody", or { "missing": true or false, "custody": true or false }' },
  )
  .nullish()
  .transform((v): RecordFlag[] => {
    if (!v) return [];
    if (Array.isArray(v)) return [...new Set(v)];
    return RECORD_FLAGS.filter((f) => v[f] === true);
  });

export const LEGAL_STATUSES = [
  'section20',
  'interimCareOrder',
  'careOrder',
  'placementOrder',
  'remand',
  'other',
  /** Looked after only under an agreed series of short breaks (903 V3/V4): CPPCR 2010 reg 48. */
  'shortBreaks',
] as const;
export const PLACEMENT_TYPES = [
  'foster',
  'connectedPersonTemporary',
  'placedWithParentPreAssessment',
  'placedWithParent',
  'residential',
  'other',
] as const;

/** The obligations a child (or a parent) may decline: the duty stays, and is offered again. */
export const DECLINABLE = ['health-assessment', 'dental-check'] as const;
export type Declinable = (typeof DECLINABLE)[number];

export interface Declined {
  obligation: Declinable;
  date: Day;
}

const common = {
  id,
  dateOfBirth: dateField,
  workerId,
  teamId: id,
  givenName: optionalName,
  familyName: optionalName,
  flags,
};

export const childSchema = z.object({
  ...common,
  kind: z.literal('child'),
  periodOfCareStart: dateField,
  legalStatus: z.enum(LEGAL_STATUSES),
  careOrderDate: optionalDate,
  placement: z.object({
    start: dateField,
    type: z.enum(PLACEMENT_TYPES),
    intendedUntil18: optionalFlag,
    /** With `reducedVisitsAgreed`: ignored unless `type` is `foster` (CPPCR reg 28(3A)). */
    longTermFoster: optionalFlag,
    reducedVisitsAgreed: optionalFlag,
  }),
  visits: events,
  reviews: events,
  healthAssessments: events,
  dentalChecks: events,
  peps: events,
  pathwayPlanReviews: events,
  supervisions: events,
  needsAssessment: optionalDate,
  weeksLookedAfterSince14BeforePeriod: z
    .number()
    .int()
    .min(0)
    .max(MAX_WEEKS_BEFORE_PERIOD)
    .nullish()
    .transform((v) => v ?? 0),
  /** Missing episodes; an episode without `end` is still open. `interviewOffered`: the date, or `true`. */
  missingEpisodes: z
    .array(z.object({ start: dateField, end: optionalDate, interviewOffered: flagOrDate }))
    .max(MAX_EVENTS)
    .nullish()
    .transform((v): MissingEpisode[] => v ?? []),
  /** Strengths and Difficulties Questionnaires completed. */
  sdqs: events,
  /** Date a personal adviser was allocated (eligible children). */
  personalAdviserAllocated: optionalDate,
  /**
   * Health assessments and dental checks the child refused or a parent withheld consent for (rules.md
   * "Declined health assessments and dental checks"): the duty stays, offered again later.
   */
  declined: z
    .array(z.object({ obligation: z.enum(DECLINABLE), date: dateField }))
    .max(MAX_EVENTS)
    .nullish()
    .transform((v): Declined[] => v ?? []),
  /** Short breaks only: weeks between visits agreed in the short-break care plan. */
  shortBreakVisitWeeks: z
    .number()
    .int()
    .min(MIN_SHORT_BREAK_VISIT_WEEKS)
    .max(MAX_SHORT_BREAK_VISIT_WEEKS)
    .nullish()
    .transform((v) => v ?? undefined),
});

export interface MissingEpisode {
  start: Day;
  end: Day | undefined;
  /** `false` when no offer is recorded. */
  interviewOffered: boolean | Day;
}

export const leaverSchema = z.object({
  ...common,
  kind: z.literal('leaver'),
  ceasedCareDate: dateField,
  category: z.enum(['relevant', 'formerRelevant']),
  accommodationProvidedByLA: optionalFlag,
  accommodationStart: optionalDate,
  inEducationOrTraining: optionalFlag,
  /** Asked for support to 25 (CA 1989 s23CZB): `true`, or the date the request was made. Starts no clock. */
  supportRequested: flagOrDate,
  /** Date the authority was told the young person wants to return to education or training (CLR reg 5(2)(b)). */
  returnToEducationRequested: optionalDate,
  needsAssessment: optionalDate,
  pathwayPlanReviews: events,
  contacts: events,
});

export const recordSchema = z.discriminatedUnion('kind', [childSchema, leaverSchema]);

export type ChildRecord = z.output<typeof childSchema>;
export type LeaverRecord = z.output<typeof leaverSchema>;
export type CaseRecord = z.output<typeof recordSchema>;
/** The record as stored and exchanged (dates as strings). */
export type CaseRecordInput = z.input<typeof recordSchema>;
export type ChildRecordInput = z.input<typeof childSchema>;
export type LeaverRecordInput = z.input<typeof leaverSchema>;
