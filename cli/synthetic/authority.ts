/**
 * A realistic synthetic authority, reproducible from a seed: teams, workers (social workers and personal
 * advisers), children in care and care leavers with a mix of on-time, due-soon and overdue work, a few unallocated
 * cases and a few malformed records. Every name is invented; nothing here is real data.
 */
import { type Day, addMonths, formatDay } from '../../shared/domain/calendar/local-date.js';
import type { TeamInput, WorkerInput } from '../../shared/domain/directory.js';
import type { ChildRecordInput, LeaverRecordInput } from '../../shared/domain/records/schema.js';
import { prng } from './seeded-random.js';

export interface CaseloadOptions {
  seed?: number;
  asOf: Day;
  children?: number;
  leavers?: number;
  teams?: number;
  workers?: number;
  /** Malformed records mixed in (kept to the end's realistic few by default). */
  malformed?: number;
  /** Email domain for workers and managers. */
  domain?: string;
}

export interface Caseload {
  teams: TeamInput[];
  workers: WorkerInput[];
  records: (ChildRecordInput | LeaverRecordInput)[];
  /** Records as a faulty export or integration would produce them: the system must report them and carry on. */
  malformed: Record<string, unknown>[];
}

export { prng } from './seeded-random.js';

const GIVEN = [
  'Amelia',
  'Noah',
  'Olivia',
  'Muhammad',
  'Isla',
  'George',
  'Ava',
  'Leo',
  'Freya',
  'Oscar',
  'Ivy',
  'Arthur',
  'Sofia',
  'Theo',
  'Zara',
  'Jayden',
  'Maya',
  'Kacper',
  'Aisha',
  'Reuben',
];
const FAMILY = [
  'Okafor',
  'Smith',
  'Nowak',
  'Patel',
  'Jones',
  'Hughes',
  'Khan',
  "O'Brien",
  'Williams',
  'Ahmed',
  'Taylor',
  'Brown',
  'Evans',
  'Murphy',
  'Ali',
  'Wright',
  'Kowalski',
  'Begum',
  'Clarke',
  'Davies',
];
// Staff names come from their own lists, so a child's name can never be mistaken for a worker's (or vice versa).
const STAFF_GIVEN = ['Sam', 'Priya', 'Tom', 'Grace', 'Dev', 'Hannah', 'Kwame', 'Rachel', 'Ewan', 'Nia'];
const STAFF_FAMILY = [
  'Morgan',
  'Sharma',
  'Fletcher',
  'Adeyemi',
  'Lewis',
  'Byrne',
  'Mensah',
  'Collins',
  'Fraser',
  'Rhys',
];
const TEAM_NAMES = [
  'North Locality',
  'South Locality',
  'Permanence',
  'Disabled Children',
  'Adolescents',
  'Leaving Care',
  'East Locality',
  'West Locality',
];

export function syntheticCaseload(options: CaseloadOptions): Caseload {
  const {
    asOf,
    seed = 1,
    children = 900,
    leavers = 300,
    teams: teamCount = 6,
    workers: workerCount = 40,
    malformed = 5,
  } = options;
  const domain = options.domain ?? 'example-council.gov.uk';
  const rnd = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const d = formatDay;

  const teams: TeamInput[] = [];
  for (let i = 0; i < teamCount; i++) {
    const name =
      TEAM_NAMES[i % TEAM_NAMES.length]! + (i >= TEAM_NAMES.length ? ` ${Math.floor(i / TEAM_NAMES.length) + 1}` : '');
    teams.push({
      id: `T${String(i + 1).padStart(2, '0')}`,
      name,
      managerEmails: [`manager.t${i + 1}@${domain}`],
      digestDay: 1,
      digestTime: '08:00',
    });
  }
  // The last team is the leaving-care team: its workers are personal advisers.
  const leavingCare = teams[teams.length - 1]!;
  const workers: WorkerInput[] = [];
  for (let i = 0; i < workerCount; i++) {
    const team = teams[i % teams.length]!;
    const given = pick(STAFF_GIVEN);
    const family = pick(STAFF_FAMILY);
    workers.push({
      id: `W${String(i + 1).padStart(3, '0')}`,
      name: `${given} ${family}`,
      email: i === 7 ? null : `${given}.${family.replace(/'/g, '')}.${i + 1}@${domain}`.toLowerCase(),
      teamId: team.id,
      active: i !== 11, // one worker has left
    });
  }
  const workersOf = (teamId: string) => workers.filter((w) => w.teamId === teamId);
  const childTeams = teams.length > 1 ? teams.slice(0, -1) : teams;

  /** A history of events every ~`interval` days ending near `asOf`, with a realistic share running late. */
  const history = (from: Day, interval: number, lateShare = 0.15): string[] => {
    const out: string[] = [];
    if (from > asOf) return out;
    const late = chance(lateShare);
    // A late item is a few days to a few weeks late: a small, believable backlog, not a service in crisis.
    let last =
      asOf - (late ? int(interval + 1, interval + Math.min(interval, 40)) : int(0, Math.round(interval * 0.9)));
    while (last >= from && out.length < 30) {
      out.push(d(last));
      last -= int(Math.round(interval * 0.6), interval);
    }
    // A recent start whose first event fell before it: the event happened after the start, in time.
    if (out.length === 0 && !late) out.push(d(from + int(0, Math.min(asOf - from, Math.round(interval * 0.9)))));
    return out.reverse();
  };

  const records: Caseload['records'] = [];
  for (let i = 0; i < children; i++) {
    const team = pick(childTeams);
    const ageYears = int(0, 17);
    const dob = asOf - ageYears * 365 - int(0, 364);
    const periodStart = Math.min(asOf, Math.max(dob + int(0, 60), asOf - int(10, 6 * 365)));
    const moved = chance(0.3);
    const placementStart = moved ? int(periodStart, asOf) : periodStart;
    const type = pick([
      'foster',
      'foster',
      'foster',
      'foster',
      'residential',
      'connectedPersonTemporary',
      'placedWithParent',
      'placedWithParentPreAssessment',
      'other',
    ] as const);
    const legalStatus = pick([
      'careOrder',
      'careOrder',
      'interimCareOrder',
      'section20',
      'placementOrder',
      'other',
    ] as const);
    const team_workers = workersOf(team.id);
    const unallocated = chance(0.02);
    const visitInterval = type === 'connectedPersonTemporary' || type === 'placedWithParentPreAssessment' ? 7 : 42;
    records.push({
      id: `LA-C${String(100000 + i)}`,
      kind: 'child',
      givenName: pick(GIVEN),
      familyName: pick(FAMILY),
      dateOfBirth: d(dob),
      workerId: unallocated || team_workers.length === 0 ? null : pick(team_workers).id,
      teamId: team.id,
      periodOfCareStart: d(periodStart),
      legalStatus,
      ...(legalStatus === 'careOrder' && type === 'placedWithParent'
        ? { careOrderDate: d(int(periodStart, asOf)) }
        : {}),
      placement: {
        start: d(placementStart),
        type,
        intendedUntil18: chance(0.4),
        longTermFoster: type === 'foster' && chance(0.2),
        reducedVisitsAgreed: chance(0.1),
      },
      visits: history(placementStart, visitInterval, 0.11),
      reviews: history(periodStart + 20, 182, 0.01),
      healthAssessments: history(periodStart, ageYears < 5 ? 182 : 365, 0.03),
      dentalChecks: history(periodStart + 30, 182, 0.04),
      peps: ageYears >= 3 ? history(periodStart + 20, 100, 0.05) : [],
      pathwayPlanReviews: ageYears >= 16 ? history(Math.max(periodStart, dob + 16 * 365), 182, 0.04) : [],
      supervisions: history(periodStart, 56, 0.07),
      ...(ageYears >= 16 && chance(0.97)
        ? { needsAssessment: d(Math.min(asOf, Math.max(periodStart, dob + 16 * 365) + int(10, 80))) }
        : {}),
      ...(chance(0.01) ? { flags: ['missing'] as ('missing' | 'custody')[] } : {}),
    });
    // SDQs are usually completed with the yearly health assessment: derived, so no random draw is added and every
    // other generated value stays as it was.
    // Likewise a personal adviser is allocated with the needs assessment, where one is recorded.
    const added = records[records.length - 1] as {
      healthAssessments?: string[];
      sdqs?: string[];
      needsAssessment?: string;
      personalAdviserAllocated?: string;
    };
    if (ageYears >= 4) added.sdqs = (added.healthAssessments ?? []).filter((h) => h >= d(dob + 4 * 365 + 1));
    if (added.needsAssessment) added.personalAdviserAllocated = added.needsAssessment;
  }
  const advisers = workersOf(leavingCare.id);
  for (let i = 0; i < leavers; i++) {
    const ageYears = int(18, 24);
    const dob = asOf - ageYears * 365 - int(0, 364);
    const ceased = Math.min(asOf, dob + 18 * 365 + int(0, 10));
    const laAccommodation = chance(0.25);
    records.push({
      id: `LA-L${String(200000 + i)}`,
      kind: 'leaver',
      givenName: pick(GIVEN),
      familyName: pick(FAMILY),
      dateOfBirth: d(dob),
      workerId: advisers.length ? pick(advisers).id : null,
      teamId: leavingCare.id,
      ceasedCareDate: d(ceased),
      category: ageYears < 18 ? 'relevant' : 'formerRelevant',
      accommodationProvidedByLA: laAccommodation,
      ...(laAccommodation ? { accommodationStart: d(int(ceased, asOf)) } : {}),
      inEducationOrTraining: chance(0.35),
      supportRequested: chance(0.15),
      pathwayPlanReviews: history(ceased - 180, 182, 0.04),
      contacts: history(ceased, laAccommodation ? 60 : 56, 0.04),
    });
  }
  // A few records as a real export would contain them: the run must report these and carry on.
  const broken: Record<string, unknown>[] = [
    {
      id: 'LA-C900001',
      kind: 'child',
      teamId: childTeams[0]!.id,
      workerId: 'W001',
      dateOfBirth: '2015-02-30',
      periodOfCareStart: '2023-01-01',
      legalStatus: 'careOrder',
      placement: { start: '2023-01-01', type: 'foster' },
    },
    {
      id: 'LA-C900002',
      kind: 'child',
      teamId: childTeams[0]!.id,
      workerId: 'W001',
      dateOfBirth: '2014-05-01',
      periodOfCareStart: '2023-01-01',
      legalStatus: 'careOrder',
    },
    {
      id: 'LA-C900003',
      kind: 'child',
      teamId: childTeams[1 % childTeams.length]!.id,
      workerId: 'W002',
      dateOfBirth: d(asOf - 1000),
      periodOfCareStart: d(asOf - 2000),
      legalStatus: 'section20',
      placement: { start: d(asOf - 900), type: 'foster' },
    },
    {
      id: 'LA-C900004',
      kind: 'child',
      teamId: childTeams[1 % childTeams.length]!.id,
      workerId: 'W002',
      dateOfBirth: '2012-01-01',
      periodOfCareStart: '2022-01-01',
      legalStatus: 'fostered',
      placement: { start: '2022-01-01', type: 'foster' },
    },
    {
      id: 'LA-L900005',
      kind: 'leaver',
      teamId: leavingCare.id,
      workerId: advisers[0]?.id ?? 'W001',
      dateOfBirth: '2004-01-01',
      ceasedCareDate: '2022-01-01',
      category: 'formerRelevant',
      // A date that starts a clock, in the future: the record cannot be evaluated (a future contact would only be
      // left out, rules.md §4 item 10).
      returnToEducationRequested: d(addMonths(asOf, 1)),
    },
  ];
  // Leave, set after every random draw so that nothing else generated changes: one worker away with a colleague
  // covering, one away with nobody named (their manager is told), one back from a week off yesterday, and one whose
  // leave starts tomorrow, with a colleague covering.
  const away = (index: number, from: Day, until: Day, cover?: number) => {
    const w = workers[index];
    const c = cover === undefined ? undefined : workers[cover];
    if (!w || (cover !== undefined && (!c || c.teamId !== w.teamId))) return;
    w.away = [...(w.away ?? []), { from: d(from), until: d(until), ...(c ? { coverWorkerId: c.id } : {}) }];
  };
  away(1, asOf - 1, asOf + 11, 1 + teams.length * 2);
  away(4, asOf - 3, asOf + 4);
  away(2, asOf - 8, asOf - 1);
  away(3, asOf + 1, asOf + 4, 3 + teams.length);
  // Refusals: a dental check and a health assessment declined (rules.md, "Declined health assessments").
  const declines: [number, 'dental-check' | 'health-assessment', number][] = [
    [3, 'dental-check', 7],
    [10, 'health-assessment', 30],
    [25, 'dental-check', 2],
  ];
  for (const [index, obligation, daysAgo] of declines) {
    const r = records[index] as Record<string, unknown> | undefined;
    if (r && r.kind === 'child') r.declined = [{ obligation, date: d(asOf - daysAgo) }];
  }
  // Values an export can garble without losing the child (rules.md §4 item 10): a visit re-saved by Excel in US form
  // and a review typed with next year's date. Each is left out and listed to the manager; the rest is evaluated.
  const garbled: [number, 'visits' | 'reviews', string][] = [
    [40, 'visits', '10/13/2026 1:00 PM'],
    [41, 'reviews', d(asOf + 365)],
  ];
  for (const [index, field, value] of garbled) {
    const r = records[index] as Record<string, unknown> | undefined;
    if (r && r.kind === 'child' && Array.isArray(r[field])) r[field] = [...(r[field] as unknown[]), value];
  }
  return { teams, workers, records, malformed: broken.slice(0, malformed) };
}
