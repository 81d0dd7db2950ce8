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
import type { Forecast903Child } from './forecast-903.js';
import type { Episode903 } from './oc2-cohort.js';
import type { Timeline } from './replay.js';

export function ssdTimeline(extract: SsdExtract): Timeline<SsdPerson> {
  return {
    persons: extract.persons,
    recordAsOf(person, asOf) {
      const r = derivePerson(person, asOf);
      return r.outcome === 'child' || r.outcome === 'leaver' ? asItStood(r.record, formatDay(asOf)) : undefined;
    },
  };
}

const before = (xs: string[], on: string): string[] => {
  for (const x of xs) if (x > on) return xs.filter((y) => y <= on);
  return xs;
};

/**
 * The record as it stood on `on`: what happened later had not been recorded yet. `convert --as-of` keeps later
 * dates (for the engine to report as data errors); on a date no later than every date in the extract the two agree.
 * Dates are `YYYY-MM-DD`, so text order is date order. A missing episode that ended later was still open then.
 */
export function asItStood<R extends SsdRecord>(record: R, on: string): R {
  const r = record as SsdRecord & Record<string, unknown>;
  if (r.needsAssessment !== undefined && r.needsAssessment > on) r.needsAssessment = undefined;
  r.pathwayPlanReviews = before(r.pathwayPlanReviews, on);
  if (r.kind === 'leaver') {
    r.contacts = before(r.contacts, on);
    return record;
  }
  r.visits = before(r.visits, on);
  r.reviews = before(r.reviews, on);
  r.healthAssessments = before(r.healthAssessments, on);
  r.dentalChecks = before(r.dentalChecks, on);
  r.peps = before(r.peps, on);
  r.supervisions = before(r.supervisions, on);
  r.sdqs = before(r.sdqs, on);
  if (r.careOrderDate !== undefined && r.careOrderDate > on) r.careOrderDate = undefined;
  if (r.personalAdviserAllocated !== undefined && r.personalAdviserAllocated > on) r.personalAdviserAllocated = undefined;
  if (r.missingEpisodes.some((m) => m.start > on || (m.end !== undefined && m.end > on)))
    r.missingEpisodes = r.missingEpisodes
      .filter((m) => m.start <= on)
      .map((m) => (m.end !== undefined && m.end > on ? { start: m.start, ...(m.interviewOffered ? { interviewOffered: m.interviewOffered } : {}) } : m));
  return record;
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
