/**
 * The canonical record format: what the table stores, what the importer accepts and what the CLI reads.
 * Dates are `YYYY-MM-DD` strings on the wire and `Day` numbers once parsed. Arrays default to empty; optional
 * values may also be `null` (case systems export empty fields that way).
 */
import { z } from 'zod';
import type { Day } from '../calendar/local-date.js';
import { dateField } from '../validation/dates.js';

/** Upper bound on any one event list: far beyond a real case, low enough that a corrupt item cannot stall a run. */
export const MAX_EVENTS = 2000;

const events = z
  .array(dateField)
  .max(MAX_EVENTS)
  .nullish()
  .transform((v): Day[] => v ?? []);
const optionalDate = dateField.nullish().transform((v): Day | undefined => v ?? undefined);
const optionalFlag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const id = z.string().trim().min(1).max(128);
const optionalName = z
  .string()
  .max(200)
  .nullish()
  .transform((v) => v ?? undefined);
const workerId = z
  .string()
  .max(128)
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export const RECORD_FLAGS = ['missing', 'custody'] as const;
export type RecordFlag = (typeof RECORD_FLAGS)[number];

/** `["missing"]` or `{ "missing": true }`: both are in use. */
const flags = z
  .union([
    z.array(z.enum(RECORD_FLAGS)).max(RECORD_FLAGS.length),
    z.object({ missing: z.boolean().nullish(), custody: z.boolean().nullish() }),
  ])
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
] as const;
export const PLACEMENT_TYPES = [
  'foster',
  'connectedPersonTemporary',
  'placedWithParentPreAssessment',
  'placedWithParent',
  'residential',
  'other',
] as const;

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
    .max(400)
    .nullish()
    .transform((v) => v ?? 0),
});

export const leaverSchema = z.object({
  ...common,
  kind: z.literal('leaver'),
  ceasedCareDate: dateField,
  category: z.enum(['relevant', 'formerRelevant']),
  accommodationProvidedByLA: optionalFlag,
  accommodationStart: optionalDate,
  inEducationOrTraining: optionalFlag,
  /** Asked for support to 25 (CA 1989 s23CZB): `true`, or the date the request was made. */
  supportRequested: z
    .union([z.boolean(), dateField])
    .nullish()
    .transform((v): boolean | Day => v ?? false),
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
