/**
 * The SSD extract as a time-aware model. `readSsdFolder` reads the CSV tables once into per-person typed rows with
 * dates as day numbers; `derivePerson` gives a person's record as it stood on any date (placements, legal statuses,
 * allocations and events as they stood then, ssd.md), so a history never reads a file twice. A person converted
 * on a date is exactly the record line `convert --as-of` writes for that date; a person out of scope or blocked by
 * a problem has no record (an `evaluate` of convert's output evaluates no obligation for a problem line either).
 *
 * The 903 view of the same rows (`episodesFromSsd`): each episode's dates, its RNE and REC from
 * clae_cla_episode_start_reason and clae_cla_episode_ceased_reason when the extract has them, and otherwise
 * inferred from the rows: an episode starts care (RNE `S`) when it starts on the period's entered-care date, or,
 * without one, when no other episode of the person ends on its start date; it ceases with `X1` (the child stays
 * looked after) when another episode starts on its ceased date, otherwise care ended. Its legal status is V3 when
 * a short-break legal status (V3, V4) covers any of it, else the legal status open at its start.
 */
import { type Day, addDays, formatDay, parseDay } from '../calendar/local-date.js';
import { type SsdChildRecord, type SsdLeaverRecord, type SsdRecord, derivePerson } from '../ssd/derive.js';
import type { SsdExtract, SsdPerson } from '../ssd/extract.js';
import type { Forecast903Child } from '../returns/forecast-903.js';
import { type Episode903, collectionYearEnding } from '../returns/oc2-cohort.js';
import type { Timeline } from './replay.js';

/**
 * `derivePerson` looks at the date only through "is this row open on A" (start ≤ A and no end or an end after A,
 * for episodes, placements, legal statuses, involvements and missing episodes) and "has the death date passed", so
 * its result is the same on any two dates with the same of those start, end and death dates on or before them.
 * The timeline keeps each person's last derivation with that count and derives again only when it changes: a
 * year of weekly dates derives most people a handful of times rather than 53. A property test
 * (test/history/ssd-timeline.test.ts) checks the cache against a fresh derivation on every date.
 */
export function ssdTimeline(extract: SsdExtract): Timeline<SsdPerson> {
  const cache = new Map<SsdPerson, Cached>();
  let lastDay: Day | undefined;
  let lastText = '';
  return {
    persons: extract.persons,
    recordAsOf(person, asOf) {
      let c = cache.get(person);
      if (!c) {
        c = { boundaries: boundariesOf(person), passed: -1, record: undefined, stood: undefined, stoodUntil: '' };
        cache.set(person, c);
      }
      let passed = 0;
      while (passed < c.boundaries.length && c.boundaries[passed]! <= asOf) passed++;
      if (passed !== c.passed) {
        const r = derivePerson(person, asOf);
        c.passed = passed;
        c.record = r.outcome === 'child' || r.outcome === 'leaver' ? r.record : undefined;
        c.stood = undefined;
      }
      if (!c.record) return undefined;
      if (asOf !== lastDay) {
        lastDay = asOf;
        lastText = formatDay(asOf);
      }
      // The same view serves every date before the next event it leaves out.
      if (!c.stood || lastText < c.stood.on || lastText >= c.stoodUntil) {
        const view = asItStood(c.record, lastText);
        c.stood = { on: lastText, record: view.record };
        c.stoodUntil = view.until;
      }
      return c.stood.record;
    },
    changesAfter(person, asOf) {
      const c = cache.get(person);
      if (!c) return asOf + 1;
      // The next start, end or death date, or the next event the view leaves out, whichever is first.
      let next: Day | undefined;
      for (const b of c.boundaries)
        if (b > asOf) {
          next = b;
          break;
        }
      if (c.record && c.stood && c.stoodUntil !== NONE) {
        const u = parseDay(c.stoodUntil);
        if (u !== undefined && u > asOf && (next === undefined || u < next)) next = u;
      }
      return next;
    },
  };
}

interface Cached {
  /** The person's start, end and death dates, sorted. */
  boundaries: Day[];
  /** How many of them are on or before the date `record` was derived for. */
  passed: number;
  record: SsdRecord | undefined;
  stood: { on: string; record: SsdRecord } | undefined;
  /** The earliest date `stood` leaves out (`~` sorts after every date: none). */
  stoodUntil: string;
}

/** Every date on which a row of the person opens or closes, or the death date: sorted, distinct. */
function boundariesOf(p: SsdPerson): Day[] {
  const out = new Set<Day>();
  const add = (d: Day | undefined) => {
    if (d !== undefined) out.add(d);
  };
  for (const e of p.episodes) {
    add(e.start);
    add(e.ceased);
  }
  for (const rows of [p.placements, p.legalStatuses, p.involvements, p.missing])
    for (const r of rows) {
      add(r.start);
      add(r.end);
    }
  for (const r of p.persons) add(r.deathDate);
  return [...out].sort((a, b) => a - b);
}

const NONE = '~';

/**
 * The record as it stood on `on`: what happened later had not been recorded yet. `convert --as-of` keeps later
 * dates (for the engine to report as data errors); on a date no earlier than every date in the extract the two
 * agree. Dates are `YYYY-MM-DD`, so text order is date order. A missing episode that ended later was still open
 * then. A new object (the derived record is shared between dates), with `until`: the earliest date it leaves out.
 */
export function asItStood(record: SsdRecord, on: string): { record: SsdRecord; until: string } {
  const cut = new Cut(on);
  if (record.kind === 'leaver') {
    const leaver: SsdLeaverRecord = {
      ...record,
      needsAssessment: cut.upTo(record.needsAssessment),
      pathwayPlanReviews: cut.before(record.pathwayPlanReviews),
      contacts: cut.before(record.contacts),
    };
    return { record: leaver, until: cut.until };
  }
  let missingEpisodes = record.missingEpisodes;
  let later = false;
  for (let i = 0; i < missingEpisodes.length; i++) {
    const m = missingEpisodes[i]!;
    if (m.start > on) {
      later = true;
      if (m.start < cut.until) cut.until = m.start;
    }
    if (m.end !== undefined && m.end > on) {
      later = true;
      if (m.end < cut.until) cut.until = m.end;
    }
  }
  if (later)
    missingEpisodes = missingEpisodes
      .filter((m) => m.start <= on)
      .map((m) => (m.end !== undefined && m.end > on ? { ...m, end: undefined } : m));
  // Every field spelt out in one literal (the same keys, in the same order, as derivePerson writes them, with
  // the optional ones present): spreading the derived record into a literal that overrides a dozen of its fields
  // took V8's slow path, and made the view slow to read as well as to build.
  const view: SsdChildRecord = {
    id: record.id,
    kind: 'child',
    givenName: record.givenName,
    familyName: record.familyName,
    dateOfBirth: record.dateOfBirth,
    workerId: record.workerId,
    teamId: record.teamId,
    periodOfCareStart: record.periodOfCareStart,
    legalStatus: record.legalStatus,
    careOrderDate: cut.upTo(record.careOrderDate),
    placement: record.placement,
    visits: cut.before(record.visits),
    reviews: cut.before(record.reviews),
    healthAssessments: cut.before(record.healthAssessments),
    dentalChecks: cut.before(record.dentalChecks),
    declined: record.declined,
    peps: cut.before(record.peps),
    pathwayPlanReviews: cut.before(record.pathwayPlanReviews),
    supervisions: cut.before(record.supervisions),
    needsAssessment: cut.upTo(record.needsAssessment),
    sdqs: cut.before(record.sdqs),
    missingEpisodes,
    personalAdviserAllocated: cut.upTo(record.personalAdviserAllocated),
    flags: record.flags,
  };
  return { record: view, until: cut.until };
}

/** What a view leaves out: the values after `on`, and the earliest of them (`until`). */
class Cut {
  until = NONE;
  constructor(private readonly on: string) {}

  before(xs: string[]): string[] {
    const on = this.on;
    let later = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x > on) {
        later = true;
        if (x < this.until) this.until = x;
      }
    }
    return later ? xs.filter((y) => y <= on) : xs;
  }

  upTo(d: string | undefined): string | undefined {
    if (d === undefined || d <= this.on) return d;
    if (d < this.until) this.until = d;
    return undefined;
  }
}

const SHORT_BREAKS = new Set(['V3', 'V4']);

/** Which episode reasons were read from the extract's columns and which were inferred from the rows. */
export interface ReasonSources {
  read: number;
  inferred: number;
}

/** The code a reason cell starts with (`S`, `X1`, `E11`), upper case: `"X1 - Episode ceases…"` reads as `X1`. */
function reasonCode(cell: string | undefined): string | undefined {
  const m = cell === undefined ? null : /^[A-Za-z0-9]+/.exec(cell.trim());
  return m ? m[0].toUpperCase() : undefined;
}

/**
 * The person's 903 episodes. RNE and REC come from clae_cla_episode_start_reason and clae_cla_episode_ceased_reason
 * when the row has them (ssd.md "Episode reasons"); only an absent or empty cell is inferred. `sources` counts each
 * reason read or inferred (a ceased reason only for an episode that ceased).
 *
 * Legal statuses: a row counts for an episode when it is open on the episode's start or starts before the episode
 * ceases. A legal status ends on the day the next one starts, as 903 episodes do: a V3/V4 status ending on the day
 * an episode starts, or starting on the day it ceases, belongs to the neighbouring episode, not to this one.
 */
export function episodesFromSsd(person: SsdPerson, sources?: ReasonSources): Episode903[] {
  const rows = person.episodes.filter((e) => e.start !== undefined);
  const starts = new Set(rows.map((e) => e.start!));
  const ends = new Set(rows.flatMap((e) => (e.ceased === undefined ? [] : [e.ceased])));
  return rows
    .sort((a, b) => a.start! - b.start! || a.row - b.row)
    .map((e) => {
      const start = e.start!;
      const readStart = reasonCode(e.startReason);
      const startsCare = e.enteredCare !== undefined ? e.enteredCare === start : !ends.has(start);
      const reasonNewEpisode = readStart ?? (startsCare ? 'S' : 'P');
      const readCeased = e.ceased === undefined ? undefined : reasonCode(e.ceasedReason);
      if (sources) {
        if (readStart) sources.read++;
        else sources.inferred++;
        if (e.ceased !== undefined) {
          if (readCeased) sources.read++;
          else sources.inferred++;
        }
      }
      const overlapping = person.legalStatuses.filter(
        (l) =>
          l.start !== undefined &&
          (l.start <= start || e.ceased === undefined || l.start < e.ceased) &&
          (l.end === undefined || l.end > start),
      );
      const shortBreak = overlapping.some((l) => l.code !== undefined && SHORT_BREAKS.has(l.code));
      const atStart = overlapping
        .filter((l) => l.start! <= start)
        .sort((a, b) => b.start! - a.start! || b.row - a.row)[0];
      const legalStatus = shortBreak ? 'V3' : atStart?.code;
      return {
        start,
        ...(e.ceased !== undefined
          ? { ceased: e.ceased, reasonCeased: readCeased ?? (starts.has(e.ceased) ? 'X1' : 'E') }
          : {}),
        reasonNewEpisode,
        ...(legalStatus ? { legalStatus } : {}),
      };
    });
}

const days = (xs: readonly string[] | undefined): Day[] =>
  (xs ?? []).map((x) => parseDay(x)).filter((x): x is Day => x !== undefined);

/**
 * The forecast input for a person looked after on `asOf`, or whose care ended in the collection year up to `asOf`
 * (undefined otherwise): the validator keeps a child whose care ends on 31 March itself in the cohort, and
 * `oc2Exclusion` decides the rest. Such a child's record is the one that stood on the last day of care.
 */
export function forecastInputFromSsd(
  person: SsdPerson,
  asOf: Day,
  sources?: ReasonSources,
): Forecast903Child | undefined {
  let r = derivePerson(person, asOf);
  if (r.outcome !== 'child') {
    const year = collectionYearEnding(asOf);
    let lastCeased: Day | undefined;
    for (const e of person.episodes)
      if (e.ceased !== undefined && e.ceased >= year.start && e.ceased <= asOf && e.start !== undefined)
        if (lastCeased === undefined || e.ceased > lastCeased) lastCeased = e.ceased;
    if (lastCeased === undefined) return undefined;
    r = derivePerson(person, addDays(lastCeased, -1));
    if (r.outcome !== 'child') return undefined;
  }
  const dateOfBirth = parseDay(r.record.dateOfBirth);
  if (dateOfBirth === undefined) return undefined;
  return {
    id: r.record.id,
    teamId: r.record.teamId,
    dateOfBirth,
    episodes: episodesFromSsd(person, sources),
    healthAssessments: days(r.record.healthAssessments),
    dentalChecks: days(r.record.dentalChecks),
    sdqs: days(r.record.sdqs),
  };
}
