/**
 * Step two of converting an SSD extract: one person's typed rows (`extract.ts`) → a record as of date A, exactly as
 * ssd.md says, or the one problem that blocks it, or out of scope. Pure and cheap: a history derives the same
 * person for many dates without reading the CSVs again.
 *
 * The steps, each a function below:
 *   1. `scopeOf`: a `child` when an ssd_cla_episodes row is open on A; else a `leaver` when an ssd_care_leavers row
 *      says Relevant or Former Relevant; else out of scope. Unreadable episodes leave scope undecidable: blocked.
 *   2. `identityOf`: the ssd_person row and the date of birth; died on or before A: out of scope.
 *   3. `usableRows`: a bad row costs that row, never the person. Rows with an unreadable date, malformed rows of
 *      the tables read, unknown events and duplicate rows are left out, each with a line that does not block.
 *   4. `deriveLeaver` / `deriveChild`: the record from the usable rows; no team: the authority's team for cases
 *      with no team and a `no-team` line that does not block.
 * Only what identity and scope need blocks a person (one line, recordId set): a malformed or unreadable
 * ssd_cla_episodes row, a malformed ssd_care_leavers row when no episode is open, a malformed ssd_person row, an
 * unreadable death date, no readable date of birth, a leaver with no ceased date. Only persons who would be
 * converted get lines, plus anyone whose episodes cannot be read. A converted person's lines follow the record in
 * table and row order.
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
import type {
  CareLeaverRow,
  EpisodeRow,
  EventRow,
  HealthRow,
  InvolvementRow,
  LegalStatusRow,
  MissingRow,
  PersonRow,
  PlacementRow,
  ProblemLine,
  ReviewRow,
  SdqRow,
  SourceTable,
  SsdPerson,
  SsdProblemCode,
  VisitRow,
} from './extract.js';
import { EVENTS_TABLE, SSD_TABLES } from './extract.js';

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
  /** Health assessments and dental checks the child refused (clah_health_check_status); absent when none. */
  declined?: { obligation: 'health-assessment' | 'dental-check'; date: string }[];
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

/** The authority's team for cases with no team, unless a setting names another (ssd.md "Child", "Leaver"). */
export const DEFAULT_NO_TEAM_ID = 'unassigned';
export const NO_TEAM_NAME = 'Not allocated to a team';

export interface DeriveOptions {
  /** The team id given to a person whose extract names no team (default `unassigned`). */
  noTeamId?: string;
}

/** The order of tables in a person's lines (the extract's table order, then events.csv). */
const TABLE_ORDER: readonly SourceTable[] = [...SSD_TABLES, EVENTS_TABLE];

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

type Kind = 'child' | 'leaver';
type Blocked = { outcome: 'not-converted'; problem: ProblemLine };
type Step<T> = T | Blocked | { outcome: 'out-of-scope' };
const stopped = <T extends object>(s: Step<T>): s is Blocked | { outcome: 'out-of-scope' } => 'outcome' in s;

export function derivePerson(p: SsdPerson, asOf: Day, options: DeriveOptions = {}): PersonOutcome {
  const scope = scopeOf(p, asOf);
  if (stopped(scope)) return scope;
  const identity = identityOf(p, asOf);
  if (stopped(identity)) return identity;
  if (scope.kind === 'leaver') {
    const ceased = latestCeased(p.episodes);
    const leaver = p.careLeavers[0]!;
    if (ceased === undefined) {
      return blocked(p.id, leaver.source, 'no-ceased-date', 'no clae_cla_episode_ceased_date for this person');
    }
    const rows = usableRows(p, 'leaver', undefined, identity.problems);
    return deriveLeaver(p.id, identity, leaver, ceased, rows, options);
  }
  const rows = usableRows(p, 'child', scope.episode.claId, identity.problems);
  return deriveChild(p, asOf, identity, scope.episode, rows, options);
}

function line(recordId: string, source: string, problem: SsdProblemCode, detail: string): ProblemLine {
  return { recordId, source, problem, detail };
}

function blocked(recordId: string, source: string, problem: SsdProblemCode, detail: string): Blocked {
  return { outcome: 'not-converted', problem: line(recordId, source, problem, detail) };
}

/** Step 1: child, leaver or out of scope; an unreadable episode (or care-leaver row, with no episode open) blocks. */
function scopeOf(p: SsdPerson, asOf: Day): Step<{ kind: 'child'; episode: EpisodeRow } | { kind: 'leaver' }> {
  const malformedIn = (table: SourceTable) => p.malformed.find((m) => m.table === table);
  const badEpisode = malformedIn('ssd_cla_episodes');
  if (badEpisode) return blocked(p.id, badEpisode.source, 'malformed-row', badEpisode.detail);
  for (const e of p.episodes) if (e.invalid) return blocked(p.id, e.source, 'invalid-date', e.invalid[0]!);
  const episode = latestStarting(p.episodes, (e) => isOpen({ row: e.row, start: e.start, end: e.ceased }, asOf));
  if (episode) return { kind: 'child', episode };
  const badLeaver = malformedIn('ssd_care_leavers');
  if (badLeaver) return blocked(p.id, badLeaver.source, 'malformed-row', badLeaver.detail);
  if (p.careLeavers.some((c) => c.category !== undefined)) return { kind: 'leaver' };
  return { outcome: 'out-of-scope' };
}

interface Identity {
  person: PersonRow;
  dateOfBirth: Day;
  names: { givenName?: string; familyName?: string };
  /** Lines about the ssd_person rows that do not block (a duplicate row, an unreadable expected date of birth). */
  problems: ProblemLine[];
}

/**
 * Step 2: the person's row and date of birth. A malformed ssd_person row, an unreadable death date (the last scope
 * rule) or date of birth, or none at all, blocks; died on or before A is out of scope.
 */
function identityOf(p: SsdPerson, asOf: Day): Step<Identity> {
  const badPerson = p.malformed.find((m) => m.table === 'ssd_person');
  if (badPerson) return blocked(p.id, badPerson.source, 'malformed-row', badPerson.detail);
  const person = p.persons[0]!;
  const death = unreadable(person, 'pers_death_date');
  if (death) return blocked(p.id, person.source, 'invalid-date', death);
  if (person.deathDate !== undefined && person.deathDate <= asOf) return { outcome: 'out-of-scope' };
  const dob = unreadable(person, 'pers_dob');
  if (dob) return blocked(p.id, person.source, 'invalid-date', dob);
  const expected = unreadable(person, 'pers_expected_dob');
  if (person.dob === undefined && expected) return blocked(p.id, person.source, 'invalid-date', expected);
  const dateOfBirth = person.dob ?? person.expectedDob;
  if (dateOfBirth === undefined) {
    return blocked(p.id, person.source, 'no-date-of-birth', 'pers_dob and pers_expected_dob are empty');
  }
  const problems: ProblemLine[] = [];
  if (expected) problems.push(line(p.id, person.source, 'invalid-date', expected));
  for (const second of p.persons.slice(1)) {
    problems.push(line(p.id, second.source, 'duplicate-row', 'a second ssd_person row for this pers_person_id'));
  }
  return {
    person,
    dateOfBirth,
    names: {
      ...(person.forename !== undefined ? { givenName: person.forename } : {}),
      ...(person.surname !== undefined ? { familyName: person.surname } : {}),
    },
    problems,
  };
}

/** The problem detail for `column` when the row could not read it as a date. */
function unreadable(row: { invalid?: string[] }, column: string): string | undefined {
  return row.invalid?.find((d) => d === column || d.startsWith(`${column}:`));
}

/** The rows a record is built from, each bad one left out; `problems` holds a line for each left out. */
interface UsableRows {
  legalStatuses: readonly LegalStatusRow[];
  placements: readonly PlacementRow[];
  reviews: readonly ReviewRow[];
  visits: readonly VisitRow[];
  health: readonly HealthRow[];
  careLeavers: readonly CareLeaverRow[];
  involvements: readonly InvolvementRow[];
  missing: readonly MissingRow[];
  sdqs: readonly SdqRow[];
  /** Events with a word that fits the person's kind and a readable date. */
  events: readonly EventRow[];
  problems: ProblemLine[];
}

/**
 * Step 3: a bad row costs that row. A row with an unreadable date is left out with an `invalid-date` line (a
 * care leaver's own row keeps its other values: only the unreadable one is lost); a malformed row of a table read
 * for the person, an event word nobody defined, a leaver's second ssd_care_leavers row likewise, each with its line.
 */
function usableRows(p: SsdPerson, kind: Kind, claId: string | undefined, identity: ProblemLine[]): UsableRows {
  const problems = [...identity];
  const read = new Set(TABLES_READ[kind]);
  for (const m of p.malformed) {
    if (m.table === 'ssd_person' || m.table === 'ssd_cla_episodes' || !read.has(m.table)) continue;
    problems.push(line(p.id, m.source, 'malformed-row', m.detail));
  }
  const readable = <T extends { source: string; invalid?: string[] }>(rows: readonly T[]): T[] => {
    const kept: T[] = [];
    for (const r of rows) {
      if (r.invalid) problems.push(line(p.id, r.source, 'invalid-date', r.invalid[0]!));
      else kept.push(r);
    }
    return kept;
  };
  const fits = kind === 'child' ? CHILD_EVENTS : LEAVER_EVENTS;
  const events: EventRow[] = [];
  for (const e of p.events) {
    if (e.word === undefined) {
      problems.push(line(p.id, e.source, 'unknown-event', `event ${JSON.stringify(clip(e.value))}`));
    } else if (fits.has(e.word)) {
      if (e.invalid) problems.push(line(p.id, e.source, 'invalid-date', e.invalid[0]!));
      else events.push(e);
    }
  }
  let careLeavers: CareLeaverRow[] = [];
  if (kind === 'leaver') {
    careLeavers = p.careLeavers.slice(0, 1);
    for (const r of careLeavers) if (r.invalid) problems.push(line(p.id, r.source, 'invalid-date', r.invalid[0]!));
    for (const r of p.careLeavers.slice(1)) {
      problems.push(line(p.id, r.source, 'duplicate-row', 'a second ssd_care_leavers row for this clea_person_id'));
    }
    return { ...NO_CHILD_ROWS, careLeavers, events, problems };
  }
  return {
    legalStatuses: readable(p.legalStatuses),
    placements: readable(placementsOf(p, claId)),
    reviews: readable(p.reviews),
    visits: readable(p.visits),
    health: readable(p.health),
    careLeavers,
    involvements: readable(p.involvements),
    missing: readable(p.missing),
    sdqs: readable(p.sdqs),
    events,
    problems,
  };
}

const NO_CHILD_ROWS = {
  legalStatuses: [],
  placements: [],
  reviews: [],
  visits: [],
  health: [],
  involvements: [],
  missing: [],
  sdqs: [],
} as const;

function eventDates(rows: UsableRows, word: EventWord): Day[] {
  return rows.events.filter((e) => e.word === word && e.date !== undefined).map((e) => e.date!);
}

function latestEvent(rows: UsableRows, word: EventWord): { needsAssessment?: string } {
  const all = eventDates(rows, word);
  return all.length > 0 ? { needsAssessment: formatDay(Math.max(...all)) } : {};
}

function latestCeased(episodes: readonly EpisodeRow[]): Day | undefined {
  return episodes.reduce<Day | undefined>(
    (max, e) => (e.ceased !== undefined && (max === undefined || e.ceased > max) ? e.ceased : max),
    undefined,
  );
}

/** A person's lines in table and row order, after their record. */
function inOrder(problems: ProblemLine[]): ProblemLine[] {
  const key = (source: string) => {
    const colon = source.lastIndexOf(':');
    return [TABLE_ORDER.indexOf(source.slice(0, colon) as SourceTable), Number(source.slice(colon + 1))] as const;
  };
  return problems
    .map((p, i) => ({ p, i, k: key(p.source) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.p);
}

/** Step 4, a leaver: ssd_care_leavers, the latest ceased date, and events. */
function deriveLeaver(
  id: string,
  identity: Identity,
  leaver: CareLeaverRow,
  ceased: Day,
  rows: UsableRows,
  options: DeriveOptions,
): PersonOutcome {
  const problems = rows.problems;
  if (leaver.team === undefined) {
    problems.push(line(id, leaver.source, 'no-team', noTeamDetail('clea_care_leaver_allocated_team is empty')));
  }
  const record: SsdLeaverRecord = {
    id,
    kind: 'leaver',
    ...identity.names,
    dateOfBirth: formatDay(identity.dateOfBirth),
    workerId: leaver.personalAdviser ?? leaver.workerId ?? null,
    teamId: leaver.team ?? options.noTeamId ?? DEFAULT_NO_TEAM_ID,
    category: leaver.category!,
    ceasedCareDate: formatDay(ceased),
    accommodationProvidedByLA: false,
    inEducationOrTraining: leaver.inEducationOrTraining,
    ...latestEvent(rows, 'needs-assessment'),
    pathwayPlanReviews: dates([
      leaver.pathwayPlanReview === NO_PATHWAY_PLAN ? undefined : leaver.pathwayPlanReview,
      ...eventDates(rows, 'pathway-plan-review'),
    ]),
    contacts: dates([leaver.latestContact, ...eventDates(rows, 'pa-contact')]),
  };
  return { outcome: 'leaver', record, problems: inOrder(problems) };
}

function noTeamDetail(why: string): string {
  return `${why}: given the team for cases with no team`;
}

/** Step 4, a child: the open episode decides the period of care and which placements belong to it. */
function deriveChild(
  p: SsdPerson,
  asOf: Day,
  identity: Identity,
  open: EpisodeRow,
  rows: UsableRows,
  options: DeriveOptions,
): PersonOutcome {
  const problems = rows.problems;
  const { workerId, teamId } = allocationOf(rows.involvements, asOf);
  if (teamId === undefined) {
    const why = 'no ssd_involvements row with role CW names an invo_professional_team';
    problems.push(line(p.id, identity.person.source, 'no-team', noTeamDetail(why)));
  }
  const sameCla = p.episodes.filter((e) => open.claId !== undefined && e.claId === open.claId);
  const periodOfCareStart =
    open.enteredCare ??
    sameCla.reduce((min, e) => (e.start !== undefined && e.start < min ? e.start : min), open.start!);
  const careOrder = latestStarting(rows.legalStatuses, (r) => r.code === CARE_ORDER_CODE);
  const adviser = latestStarting(rows.involvements, (i) => i.role === '16PLUS' && isOpen(i, asOf));
  const health = healthChecksOf(rows);
  const record: SsdChildRecord = {
    id: p.id,
    kind: 'child',
    ...identity.names,
    dateOfBirth: formatDay(identity.dateOfBirth),
    workerId,
    teamId: teamId ?? options.noTeamId ?? DEFAULT_NO_TEAM_ID,
    periodOfCareStart: formatDay(periodOfCareStart),
    legalStatus: legalStatusFor(p.id, rows, asOf, problems),
    ...(careOrder ? { careOrderDate: formatDay(careOrder.start!) } : {}),
    placement: placementFor(p.id, open, rows, asOf, problems),
    visits: dates([...rows.visits.filter((v) => v.seen).map((v) => v.date), ...eventDates(rows, 'visit')]),
    reviews: dates([...rows.reviews.filter((r) => !r.cancelled).map((r) => r.date), ...eventDates(rows, 'review')]),
    healthAssessments: health.healthAssessments,
    dentalChecks: health.dentalChecks,
    ...(health.declined.length > 0 ? { declined: health.declined } : {}),
    peps: dates(eventDates(rows, 'pep')),
    pathwayPlanReviews: dates(eventDates(rows, 'pathway-plan-review')),
    supervisions: dates(eventDates(rows, 'supervision')),
    ...latestEvent(rows, 'needs-assessment'),
    sdqs: dates(rows.sdqs.map((s) => s.date)),
    missingEpisodes: missingEpisodesOf(rows),
    ...(adviser ? { personalAdviserAllocated: formatDay(adviser.start!) } : {}),
    ...(rows.missing.some((m) => isOpen(m, asOf)) ? { flags: ['missing' as const] } : {}),
  };
  return { outcome: 'child', record, problems: inOrder(problems) };
}

/**
 * The open CW involvement (latest start wins): its worker (empty: null) and team. None open: no worker, and the
 * team of the latest-starting CW row with a team, even ended. `teamId` undefined: no CW row names a team.
 */
function allocationOf(
  involvements: readonly InvolvementRow[],
  asOf: Day,
): { workerId: string | null; teamId?: string } {
  const social = involvements.filter((i) => i.role === 'CW');
  const allocation = latestStarting(social, (i) => isOpen(i, asOf));
  const teamId = allocation?.team ?? latestStarting(social, (i) => i.team !== undefined)?.team;
  return { workerId: allocation?.professionalId ?? null, ...(teamId !== undefined ? { teamId } : {}) };
}

/** The placement open on A for the open episode; none: the episode's start, `other`. */
function placementFor(
  id: string,
  open: EpisodeRow,
  rows: UsableRows,
  asOf: Day,
  problems: ProblemLine[],
): SsdChildRecord['placement'] {
  const row = latestStarting(rows.placements, (r) => isOpen(r, asOf));
  if (!row) return { start: formatDay(open.start!), type: 'other' };
  const code = row.code === undefined ? undefined : placementOf(row.code);
  if (row.code !== undefined && !code) {
    problems.push(unknownCode(id, row.source, 'clap_cla_placement_type', row.value));
  }
  return {
    start: formatDay(row.start!),
    type: code?.type ?? 'other',
    ...(code?.longTerm ? { intendedUntil18: true, longTermFoster: true } : {}),
  };
}

/** The legal status open on A (latest start wins); none, or a code not listed: `other`. */
function legalStatusFor(id: string, rows: UsableRows, asOf: Day, problems: ProblemLine[]): SsdLegalStatus {
  const row = latestStarting(rows.legalStatuses, (r) => isOpen(r, asOf));
  if (row?.code === undefined) return 'other';
  const status = legalStatusOf(row.code);
  if (!status) problems.push(unknownCode(id, row.source, 'lega_legal_status', row.value));
  return status ?? 'other';
}

/** Completed (or status empty) health assessments and dental checks, and the declined ones, with events. */
function healthChecksOf(rows: UsableRows): {
  healthAssessments: string[];
  dentalChecks: string[];
  declined: NonNullable<SsdChildRecord['declined']>;
} {
  const done = (kind: 'health' | 'dental') =>
    rows.health.filter((h) => h.kind === kind && h.status === 'completed').map((h) => h.date);
  const declined = (kind: 'health' | 'dental', obligation: 'health-assessment' | 'dental-check') =>
    dates(rows.health.filter((h) => h.kind === kind && h.status === 'declined').map((h) => h.date)).map((date) => ({
      obligation,
      date,
    }));
  return {
    healthAssessments: dates([...done('health'), ...eventDates(rows, 'health-assessment')]),
    dentalChecks: dates([...done('dental'), ...eventDates(rows, 'dental-check')]),
    declined: [...declined('health', 'health-assessment'), ...declined('dental', 'dental-check')].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    ),
  };
}

function missingEpisodesOf(rows: UsableRows): SsdChildRecord['missingEpisodes'] {
  return rows.missing
    .filter((m) => m.isEpisode && m.start !== undefined)
    .sort((a, b) => a.start! - b.start! || a.row - b.row)
    .map((m) => ({
      start: formatDay(m.start!),
      ...(m.end !== undefined ? { end: formatDay(m.end) } : {}),
      ...(m.interviewOffered ? { interviewOffered: true as const } : {}),
    }));
}

/** A child's placements for the open episode: its clae_cla_id as clap_cla_id, or no clap_cla_id at all. */
function placementsOf(p: SsdPerson, claId: string | undefined) {
  return p.placements.filter((r) => (r.claId === undefined ? true : claId !== undefined && r.claId === claId));
}

function unknownCode(recordId: string, source: string, column: string, value: string | undefined): ProblemLine {
  return { recordId, source, problem: 'unknown-code', detail: `${column} ${JSON.stringify(clip(value ?? ''))}` };
}

/** Codes and event words are short; anything longer is cut so a mis-filled free-text cell never reaches a log whole. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
