/**
 * The weekly digest: one email to each team manager (a team may have several) with the team's figures beside last
 * week's, what needs the manager (cases reaching no worker grouped by cause and worker, unreadable records), one
 * line per worker, and the most overdue items (policy `digestWorstItems`, default 20) with a count of the rest; and
 * one to each head of service with every team side by side, using the same definitions (overdue items include
 * those on cases with no reachable worker, in both). Last week's figures come from the snapshot stored then.
 * Exactly once per (team, manager, week) and (head of service, week) through the ledger. A digest whose slot falls
 * on a bank holiday or weekend goes out on the next working day (`digestWeekServedOn`).
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { type Figures, computeFigures } from '../domain/digest-figures.js';
import type { Team } from '../domain/directory.js';
import { weekStarting } from '../domain/reminders.js';
import type { EmailIntent } from '../ports/ledger.js';
import { type ServiceDigestView, type WorkerRow, renderServiceDigest, renderTeamDigest } from '../templates/digests.js';
import { type ItemView, worstFirst } from '../templates/reminder-items.js';
import type { RenderedEmail } from '../templates/worker-reminder.js';
import { type DeliveryCounts, deliverAll } from './deliver-all.js';
import type { DailyDeps } from './job-deps.js';
import { recordRun } from './run-record.js';
import { type Caseload, countInvalid, evaluateCaseload } from './evaluate-caseload.js';
import { rerunNote } from './run-day.js';
import {
  FORECAST_MEASURES,
  type Forecast903,
  type ForecastMeasureId,
  forecast903,
  forecastInputFromRecord,
} from '../domain/returns/forecast-903.js';
import { type ToDoChild, childrenToDo } from '../templates/forecast-903-section.js';
import { caseLabel, caseLink } from '../domain/case-reference.js';
import { loadFreshness, staleViewFor } from './data-freshness.js';
import { escaped, ledgerKey, tagged } from '../domain/ledger-key.js';
import {
  findingView,
  groupView,
  itemView,
  mailConventions,
  notReadableView,
  ownerNote,
  unreachableGroups,
  workerWithAbsence,
  caseRefOf,
  worklistLink,
} from './item-views.js';

/**
 * `scheduled` runs come from a team's own schedule, which fires every working day at the team's digest time: the
 * digest goes on its day, or on the next working day when that day is a bank holiday. The service digest's schedule
 * does the same with its `digestDay`.
 */
export type DigestScope =
  | { scope: 'team'; teamId: string; scheduled?: boolean }
  | { scope: 'service'; digestDay?: number }
  | { scope: 'all' };

export interface DigestSummary extends DeliveryCounts {
  job: 'weekly-digest';
  asOf: string;
  weekStarting: string;
  runId: string;
  scope: string;
  skipped?: 'not-digest-day';
  teams: number;
  recordsRead: number;
  invalidRecords: number;
  rerun?: string;
}

/** Items due within this many days are counted per worker in the digest. */
export const DIGEST_DUE_SOON_DAYS = 14;

export async function runWeeklyDigest(asOf: Day, target: DigestScope, deps: DailyDeps): Promise<DigestSummary> {
  const startedAt = deps.clock.now();
  let week = weekStarting(asOf);
  const caseload = await evaluateCaseload(
    deps.store,
    asOf,
    deps.policy,
    deps.settings.scanSegments,
    target.scope === 'team' ? target.teamId : undefined,
  );
  let teams =
    target.scope === 'team'
      ? [caseload.teams.get(target.teamId)].filter((t): t is Team => t !== undefined)
      : [...caseload.teams.values()];
  let skipped: DigestSummary['skipped'];
  if (target.scope === 'team' && target.scheduled) {
    const served = teams[0] ? digestWeekServedOn(asOf, teams[0].digestDay, deps.policy.workingDays) : undefined;
    if (served === undefined) {
      teams = [];
      skipped = 'not-digest-day';
    } else week = served;
  }
  if (target.scope === 'service' && target.digestDay !== undefined) {
    const served = digestWeekServedOn(asOf, target.digestDay, deps.policy.workingDays);
    if (served === undefined) {
      teams = [];
      skipped = 'not-digest-day';
    } else week = served;
  }
  const conventions = mailConventions(deps.settings);
  const freshness = await loadFreshness(asOf, deps.store, deps.policy);
  const plans: { intent: EmailIntent; rendered: RenderedEmail }[] = [];
  const serviceTeams: ServiceDigestView['teams'] = [];
  const forecast = forecastOf(caseload, asOf);

  for (const team of teams) {
    const figures = computeFigures(caseload.cases.filter((c) => c.record.teamId === team.id).map((c) => c.obligations));
    const lastWeek = (await deps.ledger.loadSnapshot(`team:${team.id}`, formatDay(week - 7))) as Figures | undefined;
    await deps.ledger.saveSnapshot(`team:${team.id}`, formatDay(week), figures, deps.clock.now());
    const view = teamView(caseload, team, deps);
    serviceTeams.push({
      name: team.name,
      figures,
      lastWeek,
      overdueItems: view.overdueItems,
      unreachableCases: view.groups.reduce((n, g) => n + g.cases, 0),
      // Records that could not be read: not the values left out of records that were still evaluated.
      unreadableRecords: view.dataQuality.filter((d) => !d.valueLeftOut).length + view.notReadable.length,
      toDo903: toDoCounts(forecast, team.id),
    });
    if (target.scope === 'service') continue;
    const rendered = renderTeamDigest({
      ...view,
      teamName: team.name,
      weekStarting: week,
      asOf,
      figures,
      lastWeek,
      conventions,
      staleData: staleViewFor(freshness, team.id),
      toDo903: teamToDo(forecast, team.id, caseload, deps),
    });
    for (const email of team.managerEmails) {
      plans.push({
        intent: intent(
          ledgerKey('weekly-digest', formatDay(week), escaped(tagged('team', team.id)), email),
          'weekly-digest',
          `team:${team.id}`,
          email,
          asOf,
          deps.runId,
          rendered.subject,
        ),
        rendered,
      });
    }
  }
  if (target.scope !== 'team' && deps.settings.serviceRecipients.length > 0 && serviceTeams.length > 0) {
    const rendered = renderServiceDigest({
      weekStarting: week,
      asOf,
      teams: serviceTeams,
      forecast,
      conventions,
      staleData: staleViewFor(freshness, 'service'),
    });
    for (const email of deps.settings.serviceRecipients) {
      plans.push({
        intent: intent(
          ledgerKey('service-digest', formatDay(week), email),
          'service-digest',
          'service',
          email,
          asOf,
          deps.runId,
          rendered.subject,
        ),
        rendered,
      });
    }
  }
  const counts = await deliverAll(plans, deps);
  const summary: DigestSummary = {
    job: 'weekly-digest',
    asOf: formatDay(asOf),
    weekStarting: formatDay(week),
    runId: deps.runId,
    scope: target.scope === 'team' ? `team:${target.teamId}` : target.scope,
    ...(skipped ? { skipped } : {}),
    teams: teams.length,
    recordsRead: caseload.recordsRead,
    invalidRecords: countInvalid(caseload),
    ...counts,
    ...rerunNote(asOf, startedAt),
  };
  await recordRun(deps, summary, startedAt);
  return summary;
}

function intent(
  key: string,
  kind: EmailIntent['kind'],
  audience: string,
  recipient: string,
  asOf: Day,
  runId: string,
  subject: string,
): EmailIntent {
  return { key, kind, audience, recipient, asOf: formatDay(asOf), runId, subject, noticeKeys: [] };
}

/**
 * Which week's digest a team's schedule serves on `asOf`: its own week's when `asOf` is the first working day on
 * or after the team's digest weekday, last week's when last week's digest day was a holiday carried into this week;
 * undefined when no digest is due today.
 */
export function digestWeekServedOn(asOf: Day, digestDay: number, workingDays: WorkingDayCalendar): Day | undefined {
  if (!workingDays.isWorkingDay(asOf)) return undefined;
  for (const week of [weekStarting(asOf), weekStarting(asOf) - 7]) {
    if (workingDays.nextWorkingDayOnOrAfter(week + digestDay - 1) === asOf) return week;
  }
  return undefined;
}

function teamView(caseload: Caseload, team: Team, deps: DailyDeps) {
  const workers = new Map<string, WorkerRow>();
  const overdue: ItemView[] = [];
  const unreachable: ItemView[] = [];
  const teamCases = caseload.cases.filter((c) => c.record.teamId === team.id);
  for (const c of teamCases) {
    const owner = ownerNote(c, caseload.workers);
    for (const o of c.obligations) {
      const view = itemView(c, o, deps.policy, deps.settings.caseLinkTemplate, owner, DIGEST_DUE_SOON_DAYS);
      if (!view) continue;
      if (view.urgency === 'overdue') overdue.push(view);
      if (c.route.to === 'manager') {
        unreachable.push(view);
        continue;
      }
      // A case covered while its worker is away stays on the worker's row, which names the absence.
      const allocated = c.route.covering?.worker ?? c.route.worker;
      const name = workerWithAbsence(allocated, caseload, caseload.asOf);
      const row = workers.get(allocated.id) ?? { worker: name, overdue: 0, oldestDays: null, dueSoon: 0 };
      if (view.urgency === 'overdue') {
        row.overdue++;
        row.oldestDays = Math.max(row.oldestDays ?? 0, -view.days);
      } else if (view.urgency !== 'coming-up') row.dueSoon++;
      else if (view.days <= DIGEST_DUE_SOON_DAYS) row.dueSoon++;
      workers.set(allocated.id, row);
    }
  }
  return {
    overdueItems: overdue.length,
    groups: unreachableGroups(teamCases, unreachable, caseload.workers, (c) =>
      caseRefOf(c, deps.policy, deps.settings.caseLinkTemplate),
    ).map(groupView),
    workers: [...workers.values()].sort(
      (a, b) => b.overdue - a.overdue || (b.oldestDays ?? 0) - (a.oldestDays ?? 0) || a.worker.localeCompare(b.worker),
    ),
    dueSoonDays: DIGEST_DUE_SOON_DAYS,
    worst: worstFirst(overdue).slice(0, deps.policy.digestWorstItems),
    listLimit: deps.policy.managerListLimit,
    worklistLink: worklistLink(deps.settings),
    dataQuality: caseload.findings
      .filter((f) => f.teamId === team.id)
      .map((f) => findingView(f, deps.settings.caseLinkTemplate)),
    notReadable: (caseload.notReadable ?? [])
      .filter((n) => n.teamId === team.id)
      .map((n) => notReadableView(n, deps.settings.caseLinkTemplate)),
  };
}

/** The 903 forecast from the records the digest reads (forecast-903.ts says what a record can and cannot show). */
function forecastOf(caseload: Caseload, asOf: Day): Forecast903 {
  return forecast903(
    caseload.cases.flatMap((c) => (c.record.kind === 'child' ? [forecastInputFromRecord(c.record)] : [])),
    asOf,
  );
}

/** How many of a team's children in the cohort are still to do, per measure. */
function toDoCounts(forecast: Forecast903, teamId: string): Record<ForecastMeasureId, number> {
  const counts = Object.fromEntries(FORECAST_MEASURES.map((m) => [m.id, 0])) as Record<ForecastMeasureId, number>;
  for (const c of forecast.cohort) {
    if (c.teamId !== teamId) continue;
    for (const m of FORECAST_MEASURES) {
      const f = c.measures[m.id];
      if (f.applicable && !f.met) counts[m.id]++;
    }
  }
  return counts;
}

/** A team's children still to do, by case reference with a link to the case. */
function teamToDo(
  forecast: Forecast903,
  teamId: string,
  caseload: Caseload,
  deps: DailyDeps,
): { children: ToDoChild[]; yearEnd: Day } {
  const records = new Map(caseload.cases.map((c) => [c.record.id, c.record]));
  const children = childrenToDo(
    forecast.cohort.filter((c) => c.teamId === teamId),
    (c) => {
      const r = records.get(c.id);
      return {
        caseLabel: r ? caseLabel(r, deps.policy) : c.id,
        link: caseLink(deps.settings.caseLinkTemplate, c.id),
      };
    },
  );
  return { children, yearEnd: forecast.year.end };
}
