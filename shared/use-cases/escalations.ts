/**
 * Escalations, each morning after the daily run: an item overdue by more than a threshold of working days (policy:
 * 5 for visits and reviews, 20 for the rest) goes once to the team's managers as a short email about that one
 * item; past a second threshold (20) once to the heads of service. Once per (level, item, due date, recipient),
 * by the ledger. A backlog is spread over days (oldest first, a daily limit per recipient) rather than flooding an
 * inbox on the first morning; nothing is dropped, it follows the next day.
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import type { Obligation } from '../domain/obligations.js';
import type { EmailIntent } from '../ports/ledger.js';
import { renderEscalation } from '../templates/escalation.js';
import type { RenderedEmail } from '../templates/worker-reminder.js';
import { type DailyDeps, type DeliveryCounts, deliverAll, noDeliveries, recordRun } from './daily-reminders.js';
import { rerunNote } from './run-day.js';
import { escaped, ledgerKey } from '../domain/ledger-key.js';
import { type EvaluatedCase, evaluateCaseload } from './evaluate-caseload.js';
import { itemView, ownerNote } from './item-views.js';

export interface EscalationSummary extends DeliveryCounts {
  job: 'escalations';
  asOf: string;
  runId: string;
  skipped?: 'non-working-day';
  toManagers: number;
  toHeadsOfService: number;
  deferred: number;
  rerun?: string;
}

interface Candidate {
  key: string;
  recipient: string;
  level: 'manager' | 'head-of-service';
  c: EvaluatedCase;
  o: Obligation;
  workingDaysOverdue: number;
  teamName: string;
}

export async function runEscalations(asOf: Day, deps: DailyDeps): Promise<EscalationSummary> {
  const startedAt = deps.clock.now();
  const { policy } = deps;
  const summary: EscalationSummary = {
    job: 'escalations',
    asOf: formatDay(asOf),
    runId: deps.runId,
    toManagers: 0,
    toHeadsOfService: 0,
    deferred: 0,
    ...noDeliveries(),
    ...rerunNote(asOf, startedAt),
  };
  if (policy.skipNonWorkingDays && !policy.workingDays.isWorkingDay(asOf)) {
    summary.skipped = 'non-working-day';
    await recordRun(deps, summary, startedAt);
    return summary;
  }
  const caseload = await evaluateCaseload(deps.store, asOf, policy, deps.settings.scanSegments);
  const candidates: Candidate[] = [];
  for (const c of caseload.cases) {
    const team = caseload.teams.get(c.record.teamId);
    for (const o of c.obligations) {
      if (o.status !== 'overdue') continue;
      const late = policy.workingDays.workingDaysBetween(o.due, asOf);
      const itemKey = ledgerKey(c.record.id, o.obligation, formatDay(o.due));
      const managerThreshold =
        o.obligation === 'visit' || o.obligation === 'review'
          ? policy.escalateVisitsAndReviewsAfterWorkingDays
          : policy.escalateOthersAfterWorkingDays;
      if (late > managerThreshold && team) {
        for (const email of team.managerEmails)
          candidates.push({
            key: ledgerKey('escalation', 'manager', escaped(itemKey), email),
            recipient: email,
            level: 'manager',
            c,
            o,
            workingDaysOverdue: late,
            teamName: team.name,
          });
      }
      if (late > policy.escalateToHeadOfServiceAfterWorkingDays) {
        for (const email of deps.settings.serviceRecipients)
          candidates.push({
            key: ledgerKey('escalation', 'head-of-service', escaped(itemKey), email),
            recipient: email,
            level: 'head-of-service',
            c,
            o,
            workingDaysOverdue: late,
            teamName: team?.name ?? c.record.teamId,
          });
      }
    }
  }
  const statuses = await deps.ledger.emailStatuses(candidates.map((x) => x.key));
  const pending = candidates.filter((x) => {
    const status = statuses.get(x.key);
    if (status === 'sent') summary.alreadySent++;
    return status !== 'sent' && status !== 'failed';
  });
  // Oldest first, at most the daily limit per recipient.
  pending.sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.key.localeCompare(b.key));
  const perRecipient = new Map<string, number>();
  const plans: { intent: EmailIntent; rendered: RenderedEmail }[] = [];
  for (const x of pending) {
    const n = perRecipient.get(x.recipient) ?? 0;
    if (n >= policy.escalationDailyLimitPerRecipient) {
      summary.deferred++;
      continue;
    }
    perRecipient.set(x.recipient, n + 1);
    const item = itemView(x.c, x.o, policy, deps.settings.caseLinkTemplate, ownerNote(x.c))!;
    const rendered = renderEscalation({
      item,
      workingDaysOverdue: x.workingDaysOverdue,
      level: x.level,
      teamName: x.teamName,
      force: x.o.force,
      serviceName: deps.settings.serviceName,
    });
    plans.push({
      intent: {
        key: x.key,
        kind: 'escalation',
        audience: x.level === 'manager' ? `team:${x.c.record.teamId}` : 'service',
        recipient: x.recipient,
        asOf: formatDay(asOf),
        runId: deps.runId,
        subject: rendered.subject,
        noticeKeys: [],
      },
      rendered,
    });
    if (x.level === 'manager') summary.toManagers++;
    else summary.toHeadsOfService++;
  }
  const counts = await deliverAll(plans, deps);
  Object.assign(summary, { ...counts, alreadySent: summary.alreadySent + counts.alreadySent });
  await recordRun(deps, summary, startedAt);
  return summary;
}
