/**
 * Step two of converting an SSD extract: one person's typed rows (`extract.ts`) → a record as of date A, exactly as
 * ssd.md says, or the one problem that blocks it, or out of scope. Pure and cheap: a history derives the same
 * person for many dates without reading the CSVs again.
 *
 * Who is converted: a `child` when an ssd_cla_episodes row is open on A; else a `leaver` when an ssd_care_leavers
 * row says Relevant or Former Relevant; else out of scope, as is anyone whose pers_death_date is on or before A.
 * Only persons who would be converted get problem lines, plus anyone whose episodes cannot be read (scope
 * undecidable). A person gets a record (with any `unknown-code` lines, which do not block) or one blocking line,
 * the first of: a malformed row, a duplicate row, an unreadable date, an unknown event, no date of birth, no
 * ceased date (leaver), no team, in that order, and within each in table and row order.
 */
import { type Day, day as constantDay, formatDay } from '../calendar/local-date.js';
import {
  CARE_ORDER_CODE,
  CHILD_EVENTS,
  type EventWord,
  LEAVER_EVENTS,
  type SsdLegalStatus,
  type SsdPlacementType,
  legalStatusOf,
  placementOf,
} from './codes.js';
import type { EventRow, ProblemLine, SourceTable, SsdPerson, SsdProblemCode } from './extract.js';

/** The record as written (dates as `YYYY-MM-DD`), with the fields rules.md adds. */
export interface SsdChildRecord {
  id: string;
  kind: 'child';
  givenName?: string;
  familyName?: string;
  dateOfBirth: string;
  workerId: string | null;
  teamId: string;
  periodOfCareStart: string;
  legalStatus: SsdLegalStatus;
  careOrderDate?: string;
  placement: { start: string; type: SsdPlacementType; intendedUntil18?: boolean; longTermFoster?: boolean };
  visits: string[];
  reviews: string[];
  healthAssessments: string[];
  dentalChecks: string[];
  peps: string[];
  pathwayPlanReviews: string[];
  supervisions: string[];
  needsAssessment?: string;
  sdqs: string[];
  missingEpisodes: { start: string; end?: string; interviewOffered?: true }[];
  personalAdviserAllocated?: string;
  flags?: 'missing'[];
}

export interface SsdLeaverRecord {
  id: string;
  kind: 'leaver';
  givenName?: string;
  familyName?: string;
  dateOfBirth: string;
  workerId: string | null;
  teamId: string;
  category: 'relevant' | 'formerRelevant';
  ceasedCareDate: string;
  accommodationProvidedByLA: false;
  inEducationOrTraining: boolean;
  needsAssessment?: string;
  pathwayPlanReviews: string[];
  contacts: string[];
}

export type SsdRecord = SsdChildRecord | SsdLeaverRecord;

export type PersonOutcome =
  | { outcome: 'child'; record: SsdChildRecord; problems: ProblemLine[] }
  | { outcome: 'leaver'; record: SsdLeaverRecord; problems: ProblemLine[] }
  | { outcome: 'out-of-scope' }
  | { outcome: 'not-converted'; problem: ProblemLine };

/** clea_pathway_plan_review_date when the plan was never modified. */
const NO_PATHWAY_PLAN = constantDay('1900-01-01');

interface Dated {
  row: number;
  start?: Day;
  end?: Day;
}

/** Open on A: start ≤ A and no end, or an end after A. */
function isOpen(r: Dated, asOf: Day): boolean {
  return r.start !== undefined && r.start <= asOf && (r.end === undefined || r.end > asOf);
}

/** The row that started last; a tie goes to the later row. Rows without a start never win. */
function latestStarting<T extends Dated>(rows: readonly T[], keep: (r: T) => boolean): T | undefined {
  let best: T | undefined;
  for (const r of rows) {
    if (r.start === undefined || !keep(r)) continue;
    if (!best || r.start > best.start! || (r.start === best.start && r.row > best.row)) best = r;
  }
  return best;
}

function dates(values: Iterable<Day | undefined>): string[] {
  const set = new Set<Day>();
  for (const v of values) if (v !== undefined) set.add(v);
  return [...set].sort((a, b) => a - b).map(formatDay);
}

const TABLES_READ: Record<'child' | 'leaver', readonly SourceTable[]> = {
  child: [
    'ssd_person',
    'ssd_cla_episodes',
    'ssd_legal_status',
    'ssd_cla_placement',
    'ssd_cla_reviews',
    'ssd_cla_visits',
    'ssd_cla_health',
    'ssd_involvements',
    'ssd_missing',
    'ssd_sdq_scores',
    'events',
  ],
  leaver: ['ssd_person', 'ssd_cla_episodes', 'ssd_care_leavers', 'events'],
};

export function derivePerson(p: SsdPerson, asOf: Day): PersonOutcome {
  const line = (source: string, problem: SsdProblemCode, detail: string): ProblemLine => ({
    recordId: p.id,
    source,
    problem,
    detail,
  });
  const blocked = (source: string, problem: SsdProblemCode, detail: string): PersonOutcome => ({
    outcome: 'not-converted',
    problem: line(source, problem, detail),
  });
  const malformedIn = (table: SourceTable) => p.malformed.find((m) => m.table === table);

  // Scope first. Unreadable episodes leave it undecidable: always reported.
  const badEpisode = malformedIn('ssd_cla_episodes');
  if (badEpisode) return blocked(badEpisode.source, 'malformed-row', badEpisode.detail);
  for (const e of p.episodes) if (e.invalid) return blocked(e.source, 'invalid-date', e.invalid[0]!);
  const episode = latestStarting(p.episodes, (e) => isOpen({ row: e.row, start: e.start, end: e.ceased }, asOf));
  let kind: 'child' | 'leaver' | undefined = episode ? 'child' : undefined;
  if (!kind) {
    const badLeaver = malformedIn('ssd_care_leavers');
    if (badLeaver) return blocked(badLeaver.source, 'malformed-row', badLeaver.detail);
    if (p.careLeavers.some((c) => c.category !== undefined)) kind = 'leaver';
  }
  if (!kind) return { outcome: 'out-of-scope' };

  // A malformed ssd_person row, or an unreadable death date, leaves the last scope rule undecidable: reported.
  const badPerson = malformedIn('ssd_person');
  if (badPerson) return blocked(badPerson.source, 'malformed-row', badPerson.detail);
  const person = p.persons[0]!;
  if (person.invalid?.includes('pers_death_date')) return blocked(person.source, 'invalid-date', 'pers_death_date');
  if (person.deathDate !== undefined && person.deathDate <= asOf) return { outcome: 'out-of-scope' };
  for (const table of TABLES_READ[kind]) {
    const bad = malformedIn(table);
    if (bad) return blocked(bad.source, 'malformed-row', bad.detail);
  }

  const second = p.persons[1];
  if (second) return blocked(second.source, 'duplicate-row', 'a second ssd_person row for this pers_person_id');
  if (kind === 'leaver' && p.careLeavers[1]) {
    return blocked(p.careLeavers[1].source, 'duplicate-row', 'a second ssd_care_leavers row for this clea_person_id');
  }

  const fits = kind === 'child' ? CHILD_EVENTS : LEAVER_EVENTS;
  const events = p.events.filter((e) => e.word === undefined || fits.has(e.word));
  const bad = firstInvalidDate(p, kind, episode?.claId, events);
  if (bad) return blocked(bad.source, 'invalid-date', bad.column);
  const unknownEvent = events.find((e) => e.word === undefined);
  if (unknownEvent) {
    return blocked(unknownEvent.source, 'unknown-event', `event ${JSON.stringify(clip(unknownEvent.value))}`);
  }
  const dateOfBirth = person.dob ?? person.expectedDob;
  if (dateOfBirth === undefined) {
    return blocked(person.source, 'no-date-of-birth', 'pers_dob and pers_expected_dob are empty');
  }
  const names = {
    ...(person.forename !== undefined ? { givenName: person.forename } : {}),
    ...(person.surname !== undefined ? { familyName: person.surname } : {}),
  };
  const eventDates = (word: EventWord) => events.filter((e) => e.word === word).map((e) => e.date);
  const latestEvent = (word: EventWord): { needsAssessment?: string } => {
    const all = eventDates(word).filter((d): d is Day => d !== undefined);
    return all.length > 0 ? { needsAssessment: formatDay(Math.max(...all)) } : {};
  };

  if (kind === 'leaver') {
    const leaver = p.careLeavers[0]!;
    const ceased = p.episodes.reduce<Day | undefined>(
      (max, e) => (e.ceased !== undefined && (max === undefined || e.ceased > max) ? e.ceased : max),
      undefined,
    );
    if (ceased === undefined) {
      return blocked(leaver.source, 'no-ceased-date', 'no clae_cla_episode_ceased_date for this person');
    }
    if (leaver.team === undefined) return blocked(leaver.source, 'no-team', 'clea_care_leaver_allocated_team is empty');
    const record: SsdLeaverRecord = {
      id: p.id,
      kind: 'leaver',
      ...names,
      dateOfBirth: formatDay(dateOfBirth),
      workerId: leaver.personalAdviser ?? leaver.workerId ?? null,
      teamId: leaver.team,
      category: leaver.category!,
      ceasedCareDate: formatDay(ceased),
      accommodationProvidedByLA: false,
      inEducationOrTraining: leaver.inEducationOrTraining,
      ...latestEvent('needs-assessment'),
      pathwayPlanReviews: dates([
        leaver.pathwayPlanReview === NO_PATHWAY_PLAN ? undefined : leaver.pathwayPlanReview,
        ...eventDates('pathway-plan-review'),
      ]),
      contacts: dates([leaver.latestContact, ...eventDates('pa-contact')]),
    };
    return { outcome: 'leaver', record, problems: [] };
  }

  // A child: the open episode decides the period of care and which placements belong to it.
  const open = episode!;
  const social = p.involvements.filter((i) => i.role === 'CW');
  const allocation = latestStarting(social, (i) => isOpen(i, asOf));
  const teamId = allocation?.team ?? latestStarting(social, (i) => i.team !== undefined)?.team;
  if (teamId === undefined) {
    return blocked(person.source, 'no-team', 'no ssd_involvements row with role CW names an invo_professional_team');
  }
  const problems: ProblemLine[] = [];
  const sameCla = p.episodes.filter((e) => open.claId !== undefined && e.claId === open.claId);
  const periodOfCareStart =
    open.enteredCare ??
    sameCla.reduce((min, e) => (e.start !== undefined && e.start < min ? e.start : min), open.start!);

  const placementRow = latestStarting(placementsOf(p, open.claId), (r) => isOpen(r, asOf));
  let placement: SsdChildRecord['placement'] = { start: formatDay(open.start!), type: 'other' };
  if (placementRow) {
    const code = placementRow.code === undefined ? undefined : placementOf(placementRow.code);
    if (placementRow.code !== undefined && !code) {
      problems.push(unknownCode(p.id, placementRow.source, 'clap_cla_placement_type', placementRow.value));
    }
    placement = {
      start: formatDay(placementRow.start!),
      type: code?.type ?? 'other',
      ...(code?.longTerm ? { intendedUntil18: true, longTermFoster: true } : {}),
    };
  }
  const legalRow = latestStarting(p.legalStatuses, (r) => isOpen(r, asOf));
  let legalStatus: SsdLegalStatus = 'other';
  if (legalRow?.code !== undefined) {
    const status = legalStatusOf(legalRow.code);
    if (status) legalStatus = status;
    else problems.push(unknownCode(p.id, legalRow.source, 'lega_legal_status', legalRow.value));
  }
  const careOrder = latestStarting(p.legalStatuses, (r) => r.code === CARE_ORDER_CODE);
  const adviser = latestStarting(p.involvements, (i) => i.role === '16PLUS' && isOpen(i, asOf));
  const missingEpisodes = p.missing
    .filter((m) => m.isEpisode && m.start !== undefined)
    .sort((a, b) => a.start! - b.start! || a.row - b.row)
    .map((m) => ({
      start: formatDay(m.start!),
      ...(m.end !== undefined ? { end: formatDay(m.end) } : {}),
      ...(m.interviewOffered ? { interviewOffered: true as const } : {}),
    }));
  const isMissing = p.missing.some((m) => isOpen(m, asOf));

  const record: SsdChildRecord = {
    id: p.id,
    kind: 'child',
    ...names,
    dateOfBirth: formatDay(dateOfBirth),
    workerId: allocation?.professionalId ?? null,
    teamId,
    periodOfCareStart: formatDay(periodOfCareStart),
    legalStatus,
    ...(careOrder ? { careOrderDate: formatDay(careOrder.start!) } : {}),
    placement,
    visits: dates([...p.visits.filter((v) => v.seen).map((v) => v.date), ...eventDates('visit')]),
    reviews: dates([...p.reviews.filter((r) => !r.cancelled).map((r) => r.date), ...eventDates('review')]),
    healthAssessments: dates([
      ...p.health.filter((h) => h.kind === 'health' && h.completed).map((h) => h.date),
      ...eventDates('health-assessment'),
    ]),
    dentalChecks: dates([
      ...p.health.filter((h) => h.kind === 'dental' && h.completed).map((h) => h.date),
      ...eventDates('dental-check'),
    ]),
    peps: dates(eventDates('pep')),
    pathwayPlanReviews: dates(eventDates('pathway-plan-review')),
    supervisions: dates(eventDates('supervision')),
    ...latestEvent('needs-assessment'),
    sdqs: dates(p.sdqs.map((s) => s.date)),
    missingEpisodes,
    ...(adviser ? { personalAdviserAllocated: formatDay(adviser.start!) } : {}),
    ...(isMissing ? { flags: ['missing' as const] } : {}),
  };
  return { outcome: 'child', record, problems };
}

/** A child's placements for the open episode: its clae_cla_id as clap_cla_id, or no clap_cla_id at all. */
function placementsOf(p: SsdPerson, claId: string | undefined) {
  return p.placements.filter((r) => (r.claId === undefined ? true : claId !== undefined && r.claId === claId));
}

/** The first unreadable date among the rows read for the person, in table and row order. */
function firstInvalidDate(
  p: SsdPerson,
  kind: 'child' | 'leaver',
  claId: string | undefined,
  events: readonly EventRow[],
): { source: string; column: string } | undefined {
  // An event's date is read only for a word the converter knows: an unknown word is its own problem.
  const known = events.filter((e) => e.word !== undefined);
  const groups: readonly { source: string; invalid?: string[] }[][] =
    kind === 'child'
      ? [
          p.persons,
          p.legalStatuses,
          placementsOf(p, claId),
          p.reviews,
          p.visits,
          p.health,
          p.involvements,
          p.missing,
          p.sdqs,
          known,
        ]
      : [p.persons, p.careLeavers, known];
  for (const rows of groups) {
    for (const r of rows) if (r.invalid) return { source: r.source, column: r.invalid[0]! };
  }
  return undefined;
}

function unknownCode(recordId: string, source: string, column: string, value: string | undefined): ProblemLine {
  return { recordId, source, problem: 'unknown-code', detail: `${column} ${JSON.stringify(clip(value ?? ''))}` };
}

/** Codes and event words are short; anything longer is cut so a mis-filled free-text cell never reaches a log whole. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
