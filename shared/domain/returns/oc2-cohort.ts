/**
 * The SSDA903 OC2 cohort: children looked after continuously for at least 12 months at 31 March.
 *
 * Follows the DfE's own validator (CLA SSDA903 validation rules, `CONTINUOUSLY_LOOKED_AFTER`) for the collection
 * year 1 April – 31 March. A child is in the cohort when at least one episode falls in the year (started on or
 * before 31 March and ended on or after 1 April, or still open) and no episode
 * - starts a period of care (RNE `S`) after 1 April and on or before 31 March (a child entering care in the year);
 * - ends on or after 1 April and before 31 March with a reason other than `X1` (X1: the episode ends but the child
 *   stays looked after, e.g. a change of placement or legal status; any other reason means care ceased);
 * - falls in the year with legal status V3 or V4 (an agreed series of short breaks).
 * The validator's boundaries are kept exactly: an episode starting care on 1 April itself, or ceasing on 31 March
 * itself, does not take the child out of the cohort.
 */
import { type Day, fromCivil, toCivil } from '../calendar/local-date.js';

/** One 903 episode, as the Episodes table holds it. Codes are upper case. */
export interface Episode903 {
  /** DECOM. */
  start: Day;
  /** DEC; absent while the episode is open. */
  ceased?: Day;
  /** RNE: `S` when the episode starts a new period of care. */
  reasonNewEpisode?: string;
  /** REC: `X1` when the child remains looked after. */
  reasonCeased?: string;
  /** LS: the legal status during the episode (V3, V4: short breaks). */
  legalStatus?: string;
}

export interface CollectionYear {
  /** 1 April. */
  start: Day;
  /** 31 March. */
  end: Day;
}

/** The collection year ending on the first 31 March on or after `on`. */
export function collectionYearEnding(on: Day): CollectionYear {
  const { year, month } = toCivil(on);
  const endYear = month <= 3 ? year : year + 1;
  return { start: fromCivil(endYear - 1, 4, 1), end: fromCivil(endYear, 3, 31) };
}

const SHORT_BREAKS = new Set(['V3', 'V4']);

export type CohortExclusion =
  | 'not-looked-after-in-year'
  | 'entered-care-in-year'
  | 'ceased-care-in-year'
  | 'short-breaks';

/** Why a child is outside the OC2 cohort, or `undefined` when the child is in it. */
export function oc2Exclusion(episodes: readonly Episode903[], year: CollectionYear): CohortExclusion | undefined {
  let inYear = false;
  for (const e of episodes) {
    const duringYear = e.start <= year.end && (e.ceased === undefined || e.ceased >= year.start);
    if (duringYear) inYear = true;
    if (e.reasonNewEpisode === 'S' && e.start > year.start && e.start <= year.end) return 'entered-care-in-year';
    if (e.ceased !== undefined && e.reasonCeased !== 'X1' && e.ceased >= year.start && e.ceased < year.end)
      return 'ceased-care-in-year';
    if (duringYear && e.legalStatus !== undefined && SHORT_BREAKS.has(e.legalStatus)) return 'short-breaks';
  }
  return inYear ? undefined : 'not-looked-after-in-year';
}

export function inOc2Cohort(episodes: readonly Episode903[], year: CollectionYear): boolean {
  return oc2Exclusion(episodes, year) === undefined;
}
