/**
 * Escalations, each morning after the daily run: an item overdue by more than a threshold of working days (policy:
 * 5 for visits and reviews, 20 for the rest) is escalated once to the team's managers; past a second threshold (20)
 * once to the heads of service. Each recipient gets at most ONE escalation email a day, listing the items newly
 * escalated to them, most overdue first, capped at the policy's limit with the rest counted and linked. The daily
 * cap lives in the ledger, not in the run: the email's key is (recipient, day), so a re-run or a retry of the same
 * day finds it sent and sends nothing; each item's escalation is a notice recorded when that email is sent, so an
 * item is escalated once per level and due date, never again the next day.
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import type { Obligation } from '../domain/obligations.js';
import { worstFirst } from '../templates/reminder-items.js';
import type { EmailIntent } from '../ports/ledger.js';
import { renderEscalation } from '../templates/escalation.js';
import type { RenderedEmail } from '../templates/worker-reminder.js';
import { escaped, ledgerKey } from '../domain/ledger-key.js';
import { type DeliveryCounts, deliverAll, noDeliveries } from './deliver-all.js';
import type { DailyDeps } from './job-deps.js';
import { recordRun } from './run-record.js';
import { rerunNote } from './run-day.js';
import { loadFreshness, staleViewFor } from './data-freshness.js';
import { type EvaluatedCase, evaluateCaseload } from './evaluate-caseload.js';
import { itemView, mailConventions, ownerNote, worklistLink } from './item-views.js';

export interface EscalationSummary extends DeliveryCounts {
  job: 'escalations';
  asOf: string;
  runId: string;
  skipped?: 'non-working-day';
  toManagers: number;
  toHeadsOfService: number;
  /** Items escalated today but counted rather than listed (the email's cap). */
  notListed: number;
  rerun?: string;
}

interface Candidate {
  /** The notice "this item was escalated to this recipient at this level". */
  noticeKey: string;
  recipient: string;
  level: 'manager' | 'head-of-service';
  c: EvaluatedCase;
  o: Obligation;
  teamName: string;
}

/** The email key: one escalation email per recipient per day. */
export function escalationEmailKey(asOf: string, recipient: string): string {
  return ledgerKey('escalation', asOf, recipient);
}

export async function runEscalations(asOf: Day, deps: DailyDeps): Promise<EscalationSummary> {
  const startedAt = deps.clock.now();
  const { policy } = deps;
  const asOfText = formatDay(asOf);
  const summary: EscalationSummary = {
    job: 'escalations',
    asOf: asOfText,
    runId: deps.runId,
    toManagers: 0,
    toHeadsOfService: 0,
    notListed: 0,
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
      const teamName = team?.name ?? c.record.teamId;
      if (late > managerThreshold && team)
        for (const email of team.managerEmails)
          candidates.push({
            noticeKey: ledgerKey('escalated', 'manager', escaped(itemKey), email),
            recipient: email,
            level: 'manager',
            c,
            o,
            teamName,
          });
      if (late > policy.escalateToHeadOfServiceAfterWorkingDays)
        for (const email of deps.settings.serviceRecipients)
          candidates.push({
            noticeKey: ledgerKey('escalated', 'head-of-service', escaped(itemKey), email),
            recipient: email,
            level: 'head-of-service',
            c,
            o,
            teamName,
          });
    }
  }
  const notified = await escalatedBefore(candidates, deps);
  const byRecipient = new Map<string, Candidate[]>();
  for (const x of candidates) {
    if (notified.has(x.noticeKey)) continue;
    const list = byRecipient.get(x.recipient);
    if (list) list.push(x);
    else byRecipient.set(x.recipient, [x]);
  }
  // Today's email per recipient: if it exists already (a re-run, a retry), nothing more goes today.
  const recipients = [...new Set(candidates.map((x) => x.recipient))];
  const statuses = await deps.ledger.emailStatuses(recipients.map((r) => escalationEmailKey(asOfText, r)));
  for (const status of statuses.values()) if (status === 'sent') summary.alreadySent++;
  const conventions = mailConventions(deps.settings);
  const freshness = await loadFreshness(asOf, deps.store, policy);
  const worklist = worklistLink(deps.settings);
  const plans: { intent: EmailIntent; rendered: RenderedEmail }[] = [];
  for (const [recipient, list] of byRecipient) {
    const key = escalationEmailKey(asOfText, recipient);
    const status = statuses.get(key);
    if (status === 'sent' || status === 'failed') continue;
    const level = list.some((x) => x.level === 'head-of-service') ? 'head-of-service' : 'manager';
    // A team manager who is also a head of service reaches an item at both levels: it is listed once.
    const listed = new Set<string>();
    const once = list.filter((x) => {
      const item = ledgerKey(x.c.record.id, x.o.obligation, formatDay(x.o.due));
      return !listed.has(item) && listed.add(item);
    });
    const items = worstFirst(
      once.map((x) => itemView(x.c, x.o, policy, deps.settings.caseLinkTemplate, ownerNote(x.c, caseload.workers))!),
    );
    const shown = items.slice(0, policy.escalationDailyLimitPerRecipient);
    summary.notListed += items.length - shown.length;
    const teamNames = [...new Set(list.map((x) => x.teamName))].sort();
    const rendered = renderEscalation({
      asOf,
      level,
      scopeName: teamNames.length === 1 ? teamNames[0]! : `${teamNames.length} teams`,
      items: shown,
      more: items.length - shown.length,
      worklistLink: worklist,
      conventions,
      staleData: staleViewFor(freshness, level === 'manager' ? list[0]!.c.record.teamId : 'service'),
    });
    plans.push({
      intent: {
        key,
        kind: 'escalation',
        audience: level === 'manager' ? `team:${list[0]!.c.record.teamId}` : 'service',
        recipient,
        asOf: asOfText,
        runId: deps.runId,
        subject: rendered.subject,
        noticeKeys: list.map((x) => x.noticeKey),
      },
      rendered,
    });
    if (level === 'manager') summary.toManagers++;
    else summary.toHeadsOfService++;
  }
  const counts = await deliverAll(plans, deps);
  Object.assign(summary, { ...counts, alreadySent: summary.alreadySent + counts.alreadySent });
  await recordRun(deps, summary, startedAt);
  return summary;
}

/**
 * The candidates already escalated: a notice recorded by a daily escalation email, or, for an item escalated before
 * escalations were gathered into one email a day, its own email (`escalation#<level>#<item>#<recipient>`, the
 * notice key's shape under the old first word) sent. Without the second look, every item escalated before an
 * upgrade would be escalated again the morning after it.
 */
async function escalatedBefore(candidates: readonly Candidate[], deps: DailyDeps): Promise<Set<string>> {
  const notified = await deps.ledger.notified(candidates.map((x) => x.noticeKey));
  const legacy = new Map<string, string>();
  for (const x of candidates)
    if (!notified.has(x.noticeKey)) legacy.set(x.noticeKey.replace(/^escalated#/, 'escalation#'), x.noticeKey);
  if (legacy.size === 0) return notified;
  for (const [key, status] of await deps.ledger.emailStatuses([...legacy.keys()]))
    if (status === 'sent') notified.add(legacy.get(key)!);
  return notified;
}
