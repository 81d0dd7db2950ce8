/**
 * A synthetic SSD extract (the CSV tables of ssd.md) for an authority of any size, reproducible from a seed: six
 * years of periods of care, episodes (with the 903 start and ceased reasons), legal statuses (a few short breaks),
 * placements, visits, reviews, health and dental checks, SDQs, social-worker and personal-adviser involvements, and
 * care leavers. Work is mostly on time with realistic slips, so a history has something to show. Every name and id
 * is invented; nothing here is real data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { type Day, addDays, addMonths, addYears, formatDay } from '../../shared/domain/calendar/local-date.js';
import { prng } from './authority.js';

export interface SsdExtractOptions {
  seed?: number;
  /** People in ssd_person. */
  persons: number;
  /** The last day the extract holds data for. */
  extractedOn: Day;
  teams?: number;
}

type Row = (string | null)[];
interface Table {
  /** Columns of shared/domain/ssd/columns.ts, in the order this extract writes them. */
  header: readonly SsdColumn[];
  rows: Row[];
}

const PLACEMENTS = ['U1', 'U3', 'U4', 'U5', 'U6', 'K2', 'R1', 'P1', 'S1'];
const CEASED = ['E4A', 'E13', 'E11', 'E12', 'E41'];

export function syntheticSsdExtract(o: SsdExtractOptions): Record<string, Table> {
  const rnd = prng(o.seed ?? 903);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const teams = o.teams ?? 6;
  const end = o.extractedOn;
  const windowStart = addYears(end, -6);
  const d = formatDay;
  const t = (header: readonly SsdColumn[]): Table => ({ header, rows: [] });
  const person = t([
    'pers_person_id',
    'pers_forename',
    'pers_surname',
    'pers_dob',
    'pers_expected_dob',
    'pers_death_date',
  ]);
  const episodes = t([
    'clae_cla_episode_id',
    'clae_person_id',
    'clae_cla_episode_start_date',
    'clae_cla_episode_start_reason',
    'clae_cla_episode_ceased_date',
    'clae_cla_episode_ceased_reason',
    'clae_cla_id',
    'clae_entered_care_date',
  ]);
  const legal = t([
    'lega_legal_status_id',
    'lega_person_id',
    'lega_legal_status',
    'lega_legal_status_start_date',
    'lega_legal_status_end_date',
  ]);
  const placement = t([
    'clap_cla_placement_id',
    'clap_cla_id',
    'clap_person_id',
    'clap_cla_placement_type',
    'clap_cla_placement_start_date',
    'clap_cla_placement_end_date',
  ]);
  const visits = t([
    'clav_cla_visit_id',
    'clav_cla_id',
    'clav_person_id',
    'clav_cla_visit_date',
    'clav_cla_visit_seen',
  ]);
  const reviews = t([
    'clar_cla_review_id',
    'clar_cla_id',
    'clar_cla_person_id',
    'clar_cla_review_date',
    'clar_cla_review_cancelled',
  ]);
  const health = t([
    'clah_health_check_id',
    'clah_person_id',
    'clah_health_check_type',
    'clah_health_check_date',
    'clah_health_check_status',
  ]);
  const sdq = t(['csdq_table_id', 'csdq_person_id', 'csdq_sdq_completed_date', 'csdq_sdq_score']);
  const involvements = t([
    'invo_involvements_id',
    'invo_professional_id',
    'invo_professional_role_id',
    'invo_professional_team',
    'invo_involvement_start_date',
    'invo_involvement_end_date',
    'invo_person_id',
  ]);
  const leavers = t([
    'clea_table_id',
    'clea_person_id',
    'clea_care_leaver_eligibility',
    'clea_care_leaver_activity',
    'clea_care_leaver_latest_contact',
    'clea_pathway_plan_review_date',
    'clea_care_leaver_personal_advisor',
    'clea_care_leaver_allocated_team',
  ]);
  let seq = 0;
  const id = (p: string) => `${p}${++seq}`;
  /** Events from `from` to `to`: each `interval` days late by up to `slip` days now and then. */
  const cadence = (from: Day, to: Day, interval: number, slip: number, onTime: number): Day[] => {
    const out: Day[] = [];
    let next = addDays(from, int(1, Math.max(1, Math.floor(interval / 2))));
    while (next <= to) {
      out.push(next);
      next = addDays(next, rnd() < onTime ? int(Math.floor(interval * 0.6), interval) : interval + int(1, slip));
    }
    return out;
  };

  for (let n = 0; n < o.persons; n++) {
    const pid = `P${100000 + n}`;
    const team = `T${(n % teams) + 1}`;
    const worker = `W${int(1, teams * 8)}`;
    const leaver = rnd() < 0.22;
    const dob = leaver ? addDays(end, -int(18 * 365, 21 * 365)) : addDays(end, -int(200, 17 * 365 + 300));
    person.rows.push([pid, 'Test', `Person${n}`, d(dob), null, null]);
    // Period of care: started within the window, after birth; leavers' ended before their 18th birthday.
    const careStart = Math.max(addDays(dob, int(1, 200)), addDays(windowStart, int(0, 5 * 365)));
    if (careStart > end) continue;
    const eighteen = addYears(dob, 18);
    const careEnd: Day | undefined = leaver
      ? Math.min(addDays(eighteen, -int(0, 30)), end)
      : rnd() < 0.08
        ? addDays(end, -int(10, 300))
        : undefined;
    if (careEnd !== undefined && careEnd <= careStart) continue;
    const cla = id('CLA');
    const until = careEnd ?? end;
    // Episodes: a placement move every year or two, each a new episode (X1) within the period of care.
    const shortBreaks = !leaver && rnd() < 0.03;
    let start = careStart;
    let first = true;
    const legalCode = shortBreaks ? 'V3' : pick(['C2', 'C2', 'C2', 'V2', 'C1', 'E1']);
    while (start <= until) {
      const move = addDays(start, int(180, 720));
      const last = move >= until;
      const stop = last ? careEnd : move;
      const place = shortBreaks ? 'U3' : pick(PLACEMENTS);
      episodes.rows.push([
        id('E'),
        pid,
        d(start),
        first ? 'S' : 'P',
        stop === undefined ? null : d(stop),
        stop === undefined ? null : last ? pick(CEASED) : 'X1',
        cla,
        d(careStart),
      ]);
      placement.rows.push([id('PL'), cla, pid, place, d(start), stop === undefined ? null : d(stop)]);
      const placementEnd = stop ?? end;
      for (const v of cadence(start, placementEnd, 42, 30, 0.85)) visits.rows.push([id('V'), cla, pid, d(v), 'Y']);
      first = false;
      if (last) break;
      start = move;
    }
    legal.rows.push([id('L'), pid, legalCode, d(careStart), careEnd === undefined ? null : d(careEnd)]);
    for (const r of cadence(addDays(careStart, 10), until, 150, 60, 0.8))
      reviews.rows.push([id('R'), cla, pid, d(r), 'N']);
    for (const h of cadence(careStart, until, 330, 90, 0.8))
      health.rows.push([id('H'), pid, 'Health Assessment', d(h), 'Completed']);
    for (const h of cadence(careStart, until, 170, 90, 0.7))
      health.rows.push([id('H'), pid, 'Dental Check', d(h), 'Completed']);
    for (const s of cadence(Math.max(careStart, addYears(dob, 4)), until, 340, 120, 0.75))
      sdq.rows.push([id('S'), pid, d(s), String(int(0, 40))]);
    involvements.rows.push([id('I'), worker, 'CW', team, d(careStart), careEnd === undefined ? null : d(careEnd), pid]);
    const sixteenHalf = addMonths(dob, 198);
    if (!leaver && sixteenHalf <= end && rnd() < 0.7)
      involvements.rows.push([
        id('I'),
        `PA${int(1, teams * 3)}`,
        '16PLUS',
        team,
        d(Math.min(end, addDays(sixteenHalf, int(-60, 90)))),
        null,
        pid,
      ]);
    if (leaver && careEnd !== undefined) {
      const relevant = careEnd >= addYears(dob, 16) && careEnd > addDays(end, -700);
      const contact = addDays(end, -int(1, 90));
      const plan = rnd() < 0.1 ? '1900-01-01' : d(addDays(end, -int(1, 240)));
      leavers.rows.push([
        id('CL'),
        pid,
        relevant ? pick(['Relevant', 'Former Relevant']) : 'Former Relevant',
        pick(['F1', 'G4', 'P2', 'G6']),
        d(Math.max(contact, careEnd)),
        plan,
        `PA${int(1, teams * 3)}`,
        team,
      ]);
    }
  }
  return {
    ssd_person: person,
    ssd_cla_episodes: episodes,
    ssd_legal_status: legal,
    ssd_cla_placement: placement,
    ssd_cla_visits: visits,
    ssd_cla_reviews: reviews,
    ssd_cla_health: health,
    ssd_sdq_scores: sdq,
    ssd_involvements: involvements,
    ssd_care_leavers: leavers,
  };
}

/** Writes the tables as `<table>.csv` into `dir` (RFC 4180: a cell is quoted when it needs to be; null is empty). */
export function writeSsdExtract(dir: string, tables: Record<string, Table>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, table] of Object.entries(tables)) {
    writeFileSync(join(dir, `${name}.csv`), stringify([[...table.header], ...table.rows]));
  }
}
