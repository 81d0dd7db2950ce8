/**
 * The SSDA903 forecast for the year ending the next 31 March: the OC2 cohort (oc2-cohort.ts) and, per child,
 * whether each OC2 health measure is already met for the year and, if not, the latest date by which it still can
 * be. Pure: the weekly digest and the `history` command both call it.
 *
 * The measures, as the 903 asks them at 31 March (DfE, Children looked after return guidance, OC2):
 * - health assessment up to date: one in the 12 months to 31 March; for a child under 5 at 31 March, in the
 *   6 months to 31 March (their assessments are six-monthly, CPPCR reg 7);
 * - teeth checked: a dental check in the 12 months to 31 March;
 * - SDQ: a Strengths and Difficulties Questionnaire completed in the year, for a child aged 4 or over on 1 April
 *   and under 17 on 31 March (validator rule 186); not applicable otherwise.
 * A measure not yet met can still be met by anything recorded up to and including 31 March, so the latest date is
 * 31 March; a child who was never going to be counted (not in the cohort) is not listed.
 */
import { type Day, addDays, addMonths, ageOn } from '../calendar/local-date.js';
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
  | { applicable: true; met: false; latestBy: Day };

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

/** The latest event in [from, to], if any. */
function latestIn(events: readonly Day[], from: Day, to: Day): Day | undefined {
  let best: Day | undefined;
  for (const e of events) if (e >= from && e <= to && (best === undefined || e > best)) best = e;
  return best;
}

function measure(events: readonly Day[], from: Day, asOf: Day, year: CollectionYear): MeasureForecast {
  const metOn = latestIn(events, from, asOf);
  return metOn !== undefined
    ? { applicable: true, met: true, metOn }
    : { applicable: true, met: false, latestBy: year.end };
}

export function forecastChild(child: Forecast903Child, asOf: Day, year: CollectionYear): ChildForecast {
  const under5 = ageOn(child.dateOfBirth, year.end) < 5;
  const healthFrom = under5 ? addDays(addMonths(year.end, -6), 1) : year.start;
  const sdqApplies = ageOn(child.dateOfBirth, year.start) >= 4 && ageOn(child.dateOfBirth, year.end) < 17;
  return {
    id: child.id,
    teamId: child.teamId,
    measures: {
      healthAssessment: measure(child.healthAssessments, healthFrom, asOf, year),
      dentalCheck: measure(child.dentalChecks, year.start, asOf, year),
      sdq: sdqApplies ? measure(child.sdqs, year.start, asOf, year) : { applicable: false },
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
