/**
 * The SSDA903 codes and the words ssd.md names, and what each becomes in a record. Codes and words match in any
 * case (callers pass them upper-cased or lower-cased as each function says), after the council's `--map`.
 */
import type { LEGAL_STATUSES, PLACEMENT_TYPES } from '../records/schema.js';

/**
 * Legal statuses as ssd.md names them: the record schema's list plus `shortBreaks` (903 V3/V4, CPPCR reg 48),
 * which the rules engine accepts alongside it.
 */
export type SsdLegalStatus = (typeof LEGAL_STATUSES)[number] | 'shortBreaks';
export type SsdPlacementType = (typeof PLACEMENT_TYPES)[number];

export interface PlacementCode {
  type: SsdPlacementType;
  /** U1 and U4: long-term fostering, intended to last until the child is 18. */
  longTerm: boolean;
}

const PLACEMENT: ReadonlyMap<string, PlacementCode> = new Map([
  ...['U1', 'U2', 'U3', 'U4', 'U5', 'U6'].map((c): [string, PlacementCode] => [
    c,
    { type: 'foster', longTerm: c === 'U1' || c === 'U4' },
  ]),
  ['P1', { type: 'placedWithParent', longTerm: false }],
  ...['K1', 'K2', 'K3', 'R1', 'R2', 'R3', 'R5', 'S1', 'H5'].map((c): [string, PlacementCode] => [
    c,
    { type: 'residential', longTerm: false },
  ]),
  ...['A3', 'A4', 'A5', 'A6', 'P2', 'P3', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14'].map(
    (c): [string, PlacementCode] => [c, { type: 'other', longTerm: false }],
  ),
]);

const LEGAL: ReadonlyMap<string, SsdLegalStatus> = new Map<string, SsdLegalStatus>([
  ['V2', 'section20'],
  ['C1', 'interimCareOrder'],
  ['C2', 'careOrder'],
  ['D1', 'placementOrder'],
  ['E1', 'placementOrder'],
  ['J1', 'remand'],
  ['J2', 'remand'],
  ['J3', 'remand'],
  ['L1', 'other'],
  ['L2', 'other'],
  ['L3', 'other'],
  ['V3', 'shortBreaks'],
  ['V4', 'shortBreaks'],
]);

/** 903 PLACE code (upper case) → placement; undefined for a code not listed (reported as `unknown-code`). */
export function placementOf(code: string): PlacementCode | undefined {
  return PLACEMENT.get(code);
}

/** 903 LS code (upper case) → legal status; undefined for a code not listed (reported as `unknown-code`). */
export function legalStatusOf(code: string): SsdLegalStatus | undefined {
  return LEGAL.get(code);
}

export const CARE_ORDER_CODE = 'C2';

/** clea_care_leaver_eligibility (any case; `-` or `_` may stand for the space) → leaver category. */
export function leaverCategoryOf(word: string): 'relevant' | 'formerRelevant' | undefined {
  const w = word.toLowerCase().replace(/[-_]/g, ' ');
  if (w === 'relevant') return 'relevant';
  if (w === 'former relevant') return 'formerRelevant';
  return undefined;
}

/** clea_care_leaver_activity codes (upper case) meaning full- or part-time education, training or employment. */
const IN_EDUCATION_OR_TRAINING: ReadonlySet<string> = new Set(['F1', 'P1', 'F2', 'P2', 'F5', 'P5']);
export function inEducationOrTrainingOf(code: string): boolean {
  return IN_EDUCATION_OR_TRAINING.has(code);
}

/** invo_professional_role_id (upper case): the allocated social worker and the personal adviser for 16+. */
export const ROLE_SOCIAL_WORKER = 'CW';
export const ROLE_PERSONAL_ADVISER = '16PLUS';

/** What a clah_health_check_type (lower case) records, if it is one the rules use. */
export function healthCheckKindOf(type: string): 'health' | 'dental' | undefined {
  if (type.includes('health assessment')) return 'health';
  if (type.includes('dental')) return 'dental';
  return undefined;
}

export type HealthCheckStatus = 'completed' | 'declined' | 'other';
const DECLINED_STATUSES: ReadonlySet<string> = new Set(['REFUSED', 'DECLINED', 'CONSENT WITHHELD']);

/**
 * clah_health_check_status (upper case, undefined when empty): Completed or empty counts as done; Refused, Declined
 * or Consent withheld as declined by the child; anything else (Booked, Cancelled, Did not attend…) as neither.
 */
export function healthCheckStatusOf(status: string | undefined): HealthCheckStatus {
  if (status === undefined || status === 'COMPLETED') return 'completed';
  return DECLINED_STATUSES.has(status.replace(/\s+/g, ' ')) ? 'declined' : 'other';
}

/** miss_missing_episode_type (upper case) values that are not a missing episode (absent without permission). */
export function isMissingEpisodeType(type: string): boolean {
  return type !== 'AWAY' && type !== 'A';
}

/** events.csv words (lower case) and the record field each feeds. */
export const EVENT_WORDS = [
  'pep',
  'supervision',
  'visit',
  'review',
  'health-assessment',
  'dental-check',
  'pathway-plan-review',
  'pa-contact',
  'needs-assessment',
] as const;
export type EventWord = (typeof EVENT_WORDS)[number];

const EVENT_WORD_SET: ReadonlySet<string> = new Set(EVENT_WORDS);
export function eventWordOf(word: string): EventWord | undefined {
  const w = word.toLowerCase();
  return EVENT_WORD_SET.has(w) ? (w as EventWord) : undefined;
}

/** Which events apply to which kind of record; any other is ignored for that person. */
export const CHILD_EVENTS: ReadonlySet<EventWord> = new Set(EVENT_WORDS.filter((w) => w !== 'pa-contact'));
export const LEAVER_EVENTS: ReadonlySet<EventWord> = new Set(['pathway-plan-review', 'pa-contact', 'needs-assessment']);
