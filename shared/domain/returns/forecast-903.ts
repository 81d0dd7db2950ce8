/**
 * The SSDA903 forecast for the year ending the next 31 March: the OC2 cohort (oc2-cohort.ts) and, per child,
 * whether each OC2 health measure is already met for the year and, if not, the latest date by which it still can
 * be. Pure: the weekly digest and the `history` command both call it.
 *
 * The measures, as the 903 asks them at 31 March (DfE, "Children looked after return 2025 to 2026: guide", OC2
 * section; the validator's rules 186, 191 and 546 decide who is asked):
 * - health assessment up to date (HEALTH_ASSESSMENT): the child's health assessments were up to date at 31 March.
 *   The guide counts one assessment in the year (1 April – 31 March) for a child aged 5 or over at 31 March, and
 *   two in the year for a child under 5 at 31 March (their assessments are six-monthly, Care Planning, Placement
 *   and Case Review (England) Regulations 2010, Schedule 1); "under 5" is the validator's test in rule 546: the
 *   fifth birthday falls after 31 March. An assessment the child declined is not an assessment (not met);
 * - teeth checked (TEETH_CHECK): a dental check in the year; a declined check is not met;
 * - SDQ: a Strengths and Difficulties Questionnaire completed in the year, for a child aged 4 or over on 1 April
 *   and under 17 on 31 March (validator rule 186); not applicable otherwise.
 * A measure not yet met can still be met by anything recorded up to and including 31 March, so the latest date is
 * 31 March, with the number of events still needed; a child who was never going to be counted (not in the cohort)
 * is not listed.
 */
import { type Day, ageOn } from '../calendar/local-date.js';
import {
  type CohortExclusion,
  type CollectionYear,
  type Episode903,
  collectionYearEnding,
  oc2Exclusion,
} from './oc2-cohort.js';

export const FORECAST_MEASURES = [
  { id: 'healthAssessment', label: 'Health assessment up to date' },
  { id: 'dentalCheck', label: 'Teeth checked by a dentist' },
  { id: 'sdq', label: 'SDQ completed' },
] as const;
export type ForecastMeasureId = (typeof FORECAST_MEASURES)[number]['id'];

export interface Forecast903Child {
  id: string;
  teamId: string;
  dateOfBirth: Day;
  episodes: readonly Episode903[];
  healthAssessments: readonly Day[];
  dentalChecks: readonly Day[];
  sdqs: readonly Day[];
}

export type MeasureForecast =
  | { applicable: false }
  /** `metOn`: the event that meets it; `latestBy`: when not yet met, the last day it still can be. */
  | { applicable: true; met: true; metOn: Day }
  /** `needed`: how many more events by `latestBy` (2 for an under-5 with no health assessment in the year). */
  | { applicable: true; met: false; latestBy: Day; needed: number };

export interface ChildForecast {
  id: string;
  teamId: string;
  measures: Record<ForecastMeasureId, MeasureForecast>;
}

export interface MeasureTotal {
  applicable: number;
  met: number;
  /** Applicable and not yet met: the children still to do before 31 March. */
  toDo: number;
  /** met / applicable as a percentage with one decimal, if nothing more is recorded; null when none applies. */
  projectedPercent: number | null;
}

export interface Forecast903 {
  asOf: Day;
  year: CollectionYear;
  cohort: ChildForecast[];
  excluded: Record<CohortExclusion, number>;
  totals: Record<ForecastMeasureId, MeasureTotal>;
}

/** The events in [from, to], latest first. */
function eventsIn(events: readonly Day[], from: Day, to: Day): Day[] {
  return [...new Set(events.filter((e) => e >= from && e <= to))].sort((a, b) => b - a);
}

/** Met when `count` events fall in the year up to `asOf`; the one that meets it is the latest of them. */
function measure(events: readonly Day[], count: number, asOf: Day, year: CollectionYear): MeasureForecast {
  const seen = eventsIn(events, year.start, asOf < year.end ? asOf : year.end);
  return seen.length >= count
    ? { applicable: true, met: true, metOn: seen[0]! }
    : { applicable: true, met: false, latestBy: year.end, needed: count - seen.length };
}

/** Under 5 at 31 March as the validator tests it (rule 546): the fifth birthday is after 31 March. */
export function under5AtYearEnd(dateOfBirth: Day, year: CollectionYear): boolean {
  return ageOn(dateOfBirth, year.end) < 5;
}

export function forecastChild(child: Forecast903Child, asOf: Day, year: CollectionYear): ChildForecast {
  const healthCount = under5AtYearEnd(child.dateOfBirth, year) ? 2 : 1;
  const sdqApplies = ageOn(child.dateOfBirth, year.start) >= 4 && ageOn(child.dateOfBirth, year.end) < 17;
  return {
    id: child.id,
    teamId: child.teamId,
    measures: {
      healthAssessment: measure(child.healthAssessments, healthCount, asOf, year),
      dentalCheck: measure(child.dentalChecks, 1, asOf, year),
      sdq: sdqApplies ? measure(child.sdqs, 1, asOf, year) : { applicable: false },
    },
  };
}

export function forecast903(children: Iterable<Forecast903Child>, asOf: Day): Forecast903 {
  const year = collectionYearEnding(asOf);
  const excluded: Record<CohortExclusion, number> = {
    'not-looked-after-in-year': 0,
    'entered-care-in-year': 0,
    'ceased-care-in-year': 0,
    'short-breaks': 0,
  };
  const cohort: ChildForecast[] = [];
  for (const child of children) {
    const why = oc2Exclusion(child.episodes, year);
    if (why) excluded[why]++;
    else cohort.push(forecastChild(child, asOf, year));
  }
  const totals = {} as Record<ForecastMeasureId, MeasureTotal>;
  for (const { id } of FORECAST_MEASURES) {
    const t: MeasureTotal = { applicable: 0, met: 0, toDo: 0, projectedPercent: null };
    for (const c of cohort) {
      const m = c.measures[id];
      if (!m.applicable) continue;
      t.applicable++;
      if (m.met) t.met++;
      else t.toDo++;
    }
    t.projectedPercent = t.applicable ? Math.round((t.met / t.applicable) * 1000) / 10 : null;
    totals[id] = t;
  }
  return { asOf, year, cohort, excluded, totals };
}

/**
 * A child record as the engine holds it (what the weekly digest reads) as forecast input. A record carries only
 * the current period of care and the current legal status, so it stands for one open episode that started care on
 * `periodOfCareStart`: exact for a child looked after throughout, and it cannot see a short break or a period of
 * care that ended earlier in the year (the SSD extract's episodes can: episodesFromSsd in ssd-timeline.ts).
 */
export function forecastInputFromRecord(record: {
  id: string;
  teamId: string;
  dateOfBirth: Day;
  periodOfCareStart: Day;
  legalStatus: string;
  healthAssessments: readonly Day[];
  dentalChecks: readonly Day[];
  sdqs?: readonly Day[];
}): Forecast903Child {
  return {
    id: record.id,
    teamId: record.teamId,
    dateOfBirth: record.dateOfBirth,
    episodes: [
      {
        start: record.periodOfCareStart,
        reasonNewEpisode: 'S',
        ...(record.legalStatus === 'shortBreaks' ? { legalStatus: 'V3' } : {}),
      },
    ],
    healthAssessments: record.healthAssessments,
    dentalChecks: record.dentalChecks,
    sdqs: record.sdqs ?? [],
  };
}
