/**
 * The weekly digest: one email to each team manager (a team may have several) with the team's compliance figures
 * beside last week's, every overdue item by worker (oldest first), what is due in the next 14 days per worker,
 * cases with no reachable worker and records that could not be read; and one to each head of service with the
 * figures of every team side by side. Last week's figures come from the snapshot the digest stored then.
 * Exactly once per (team, manager, week) and (head of service, week) through the ledger.
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import { caseLink } from '../domain/case-reference.js';
import { type Figures, computeFigures } from '../domain/digest-figures.js';
import type { Team } from '../domain/directory.js';
import { weekStarting } from '../domain/reminders.js';
import type { EmailIntent } from '../ports/ledger.js';
import {
  type ServiceDigestView,
  type WorkerOverdue,
  renderServiceDigest,
  renderTeamDigest,
} from '../templates/digests.js';
import type { ItemView } from '../templates/reminder-items.js';
import type { RenderedEmail } from '../templates/worker-reminder.js';
import { type DailyDeps, type DeliveryCounts, deliverAll, recordRun } from './daily-reminders.js';
import { type Caseload, countInvalid, evaluateCaseload } from './evaluate-caseload.js';
import { itemView, ownerNote } from './item-views.js';
import { rerunNote } from './run-day.js';
import { escaped, ledgerKey, tagged } from '../domain/ledger-key.js';

export type DigestScope = { scope: 'team'; teamId: string } | { scope: 'service' } | { scope: 'all' };

export interface DigestSummary extends DeliveryCounts {
  job: 'weekly-digest';
  asOf: string;
  weekStarting: string;
  runId: string;
  scope: string;
  teams: number;
  recordsRead: number;
  invalidRecords: number;
  rerun?: string;
}

/** Items due within this many days are counted per worker in the digest. */
export const DIGEST_DUE_SOON_DAYS = 14;

export async function runWeeklyDigest(asOf: Day, target: DigestScope, deps: DailyDeps): Promise<DigestSummary> {
  const startedAt = deps.clock.now();
  const week = weekStarting(asOf);
  const caseload = await evaluateCaseload(
    deps.store,
    asOf,
    deps.policy,
    deps.settings.scanSegments,
    target.scope === 'team' ? target.teamId : undefined,
  );
  const teams =
    target.scope === 'team'
      ? [caseload.teams.get(target.teamId)].filter((t): t is Team => t !== undefined)
      : [...caseload.teams.values()];
  const plans: { intent: EmailIntent; rendered: RenderedEmail }[] = [];
  const serviceTeams: ServiceDigestView['teams'] = [];

  for (const team of teams) {
    const figures = computeFigures(caseload.cases.filter((c) => c.record.teamId === team.id).map((c) => c.obligations));
    const lastWeek = (await deps.ledger.loadSnapshot(`team:${team.id}`, formatDay(week - 7))) as Figures | undefined;
    await deps.ledger.saveSnapshot(`team:${team.id}`, formatDay(week), figures, deps.clock.now());
    const view = teamView(caseload, team, deps);
    serviceTeams.push({
      name: team.name,
      figures,
      lastWeek,
      overdue:
        view.overdueByWorker.reduce((n, w) => n + w.items.length, 0) +
        view.unallocated.filter((i) => i.urgency === 'overdue').length,
      unreachable: new Set(view.unallocated.map((i) => i.recordId)).size,
      unreadable: view.dataQuality.length,
    });
    if (target.scope === 'service') continue;
    const rendered = renderTeamDigest({
      ...view,
      teamName: team.name,
      weekStarting: week,
      asOf,
      figures,
      lastWeek,
      serviceName: deps.settings.serviceName,
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
      serviceName: deps.settings.serviceName,
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

function teamView(caseload: Caseload, team: Team, deps: DailyDeps) {
  const overdue = new Map<string, ItemView[]>();
  const dueSoon = new Map<string, number>();
  const unallocated: ItemView[] = [];
  for (const c of caseload.cases) {
    if (c.record.teamId !== team.id) continue;
    for (const o of c.obligations) {
      const view = itemView(c, o, deps.policy, deps.settings.caseLinkTemplate, ownerNote(c), DIGEST_DUE_SOON_DAYS);
      if (!view) continue;
      if (c.route.to === 'manager') {
        unallocated.push(view);
      } else if (view.urgency === 'overdue') {
        overdue.set(c.route.worker.name, [...(overdue.get(c.route.worker.name) ?? []), view]);
      } else {
        dueSoon.set(c.route.worker.name, (dueSoon.get(c.route.worker.name) ?? 0) + 1);
      }
    }
  }
  const overdueByWorker: WorkerOverdue[] = [...overdue.entries()]
    .map(([worker, items]) => ({ worker, items: items.sort((a, b) => a.days - b.days) }))
    .sort((a, b) => a.items[0]!.days - b.items[0]!.days);
  return {
    overdueByWorker,
    dueSoonByWorker: [...dueSoon.entries()]
      .map(([worker, count]) => ({ worker, count }))
      .sort((a, b) => b.count - a.count || a.worker.localeCompare(b.worker)),
    dueSoonDays: DIGEST_DUE_SOON_DAYS,
    unallocated,
    dataQuality: caseload.findings
      .filter((f) => f.teamId === team.id)
      .map((f) => ({
        recordId: f.recordId,
        ...(f.recordId ? { link: caseLink(deps.settings.caseLinkTemplate, f.recordId) } : {}),
        problem: f.problem,
        detail: f.detail,
      })),
  };
}
