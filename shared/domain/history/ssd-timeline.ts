/**
 * The SSD extract as a time-aware model. `readSsdFolder` reads the CSV tables once into per-person typed rows with
 * dates as day numbers; `derivePerson` gives a person's record as it stood on any date (placements, legal statuses,
 * allocations and events as they stood then, ssd.md), so a history never reads a file twice. A person converted
 * on a date is exactly the record line `convert --as-of` writes for that date; a person out of scope or blocked by
 * a problem has no record (an `evaluate` of convert's output evaluates no obligation for a problem line either).
 *
 * The 903 view of the same rows (`episodesFromSsd`): the SSD holds each episode's dates and the period of care's
 * start (clae_entered_care_date), which is enough to tell the validator's cases apart. An episode starts care
 * (RNE `S`) when it starts on the period's entered-care date, or, without one, when no other episode of the person
 * ends on its start date; it ceases with `X1` (the child stays looked after) when another episode starts on its
 * ceased date, otherwise care ended. Its legal status is V3 when a short-break legal status (V3, V4) overlaps it,
 * else the legal status open at its start.
 */
import { type Day, formatDay, parseDay } from '../calendar/local-date.js';
import { type SsdRecord, derivePerson } from '../ssd/derive.js';
import type { SsdExtract, SsdPerson } from '../ssd/extract.js';
import type { Forecast903Child } from '../returns/forecast-903.js';
import type { Episode903 } from '../returns/oc2-cohort.js';
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
  let until = NONE;
  const before = (xs: string[]): string[] => {
    let later = false;
    for (const x of xs)
      if (x > on) {
        later = true;
        if (x < until) until = x;
      }
    return later ? xs.filter((y) => y <= on) : xs;
  };
  const upTo = (d: string | undefined): string | undefined => {
    if (d === undefined || d <= on) return d;
    if (d < until) until = d;
    return undefined;
  };
  const pathwayPlanReviews = before(record.pathwayPlanReviews);
  const needsAssessment = upTo(record.needsAssessment);
  if (record.kind === 'leaver') {
    return { record: { ...record, needsAssessment, pathwayPlanReviews, contacts: before(record.contacts) }, until };
  }
  let missingEpisodes = record.missingEpisodes;
  for (const m of record.missingEpisodes) {
    if (m.start > on && m.start < until) until = m.start;
    if (m.end !== undefined && m.end > on && m.end < until) until = m.end;
  }
  if (record.missingEpisodes.some((m) => m.start > on || (m.end !== undefined && m.end > on)))
    missingEpisodes = record.missingEpisodes
      .filter((m) => m.start <= on)
      .map((m) => (m.end !== undefined && m.end > on ? { ...m, end: undefined } : m));
  const view: SsdRecord = {
    ...record,
    needsAssessment,
    pathwayPlanReviews,
    careOrderDate: upTo(record.careOrderDate),
    personalAdviserAllocated: upTo(record.personalAdviserAllocated),
    visits: before(record.visits),
    reviews: before(record.reviews),
    healthAssessments: before(record.healthAssessments),
    dentalChecks: before(record.dentalChecks),
    peps: before(record.peps),
    supervisions: before(record.supervisions),
    sdqs: before(record.sdqs),
    missingEpisodes,
  };
  return { record: view, until };
}

const SHORT_BREAKS = new Set(['V3', 'V4']);

export function episodesFromSsd(person: SsdPerson): Episode903[] {
  const rows = person.episodes.filter((e) => e.start !== undefined);
  const starts = new Set(rows.map((e) => e.start!));
  const ends = new Set(rows.flatMap((e) => (e.ceased === undefined ? [] : [e.ceased])));
  return rows
    .sort((a, b) => a.start! - b.start! || a.row - b.row)
    .map((e) => {
      const start = e.start!;
      const startsCare = e.enteredCare !== undefined ? e.enteredCare === start : !ends.has(start);
      const overlapping = person.legalStatuses.filter(
        (l) =>
          l.start !== undefined &&
          l.start <= (e.ceased ?? Number.MAX_SAFE_INTEGER) &&
          (l.end === undefined || l.end >= start),
      );
      const shortBreak = overlapping.some((l) => l.code !== undefined && SHORT_BREAKS.has(l.code));
      const atStart = overlapping
        .filter((l) => l.start! <= start)
        .sort((a, b) => b.start! - a.start! || b.row - a.row)[0];
      const legalStatus = shortBreak ? 'V3' : atStart?.code;
      return {
        start,
        ...(e.ceased !== undefined ? { ceased: e.ceased, reasonCeased: starts.has(e.ceased) ? 'X1' : 'E' } : {}),
        reasonNewEpisode: startsCare ? 'S' : 'P',
        ...(legalStatus ? { legalStatus } : {}),
      };
    });
}

const days = (xs: readonly string[] | undefined): Day[] =>
  (xs ?? []).map((x) => parseDay(x)).filter((x): x is Day => x !== undefined);

/** The forecast input for a person looked after on `asOf` (undefined otherwise). */
export function forecastInputFromSsd(person: SsdPerson, asOf: Day): Forecast903Child | undefined {
  const r = derivePerson(person, asOf);
  if (r.outcome !== 'child') return undefined;
  const dateOfBirth = parseDay(r.record.dateOfBirth);
  if (dateOfBirth === undefined) return undefined;
  return {
    id: r.record.id,
    teamId: r.record.teamId,
    dateOfBirth,
    episodes: episodesFromSsd(person),
    healthAssessments: days(r.record.healthAssessments),
    dentalChecks: days(r.record.dentalChecks),
    sdqs: days(r.record.sdqs),
  };
}
