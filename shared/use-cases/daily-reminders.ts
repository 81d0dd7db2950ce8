/**
 * The daily reminder run: at most one email a day to each worker with something that needs their attention, and
 * one to each team manager about cases that reach nobody (unallocated, inactive worker, no or bouncing address)
 * and records that could not be read. Exactly once per (recipient, day) through the ledger; state-based, so a
 * missed day is caught up and a re-run of the same day sends nothing new.
 */
import { type Day, formatDay } from '../domain/calendar/local-date.js';
import type { DataFreshness } from '../domain/import/freshness.js';
import { loadFreshness, staleViewFor } from './data-freshness.js';
import type { Team, Worker } from '../domain/directory.js';
import { isNewlyOverdue, noticeKey, stageOf, weekStarting } from '../domain/reminders.js';
import type { EmailIntent } from '../ports/ledger.js';
import { renderManagerDaily, type DataQualityView } from '../templates/manager-daily.js';
import type { NotReadableView } from '../templates/not-readable.js';
import type { ItemView } from '../templates/reminder-items.js';
import { type RenderedEmail, renderWorkerReminder } from '../templates/worker-reminder.js';
import { type DeliveryCounts, type PlannedEmail, deliverAll, noDeliveries } from './deliver-all.js';
import {
  type Caseload,
  type EvaluatedCase,
  type Finding,
  countInvalid,
  evaluateCaseload,
} from './evaluate-caseload.js';
import { deliveryLog } from '../observability/redaction.js';
import type { DailyDeps } from './job-deps.js';
import { rerunNote } from './run-day.js';
import { recordRun } from './run-record.js';
import { escaped, ledgerKey, tagged } from '../domain/ledger-key.js';
import {
  findingView,
  groupView,
  itemView,
  mailConventions,
  notReadableView,
  ownerNote,
  unreachableGroups,
  worklistLink,
} from './item-views.js';

/** Rows a manager's list shows before counting the rest. */
export const MANAGER_LIST_LIMIT = 10;

export interface DailySummary extends DeliveryCounts {
  job: 'daily-reminders';
  asOf: string;
  runId: string;
  skipped?: 'non-working-day';
  recordsRead: number;
  invalidRecords: number;
  unreachableCases: number;
  /** Unreachable cases of teams with no usable manager address, sent to the heads of service instead. */
  unreachableToHeadsOfService: number;
  /** Set when this is a re-run of an earlier day (it evaluated today's records). */
  rerun?: string;
  obligations: number;
  overdue: number;
  /** Overdue and due-soon items by obligation kind: the run's metrics and dashboard. */
  overdueByObligation: Record<string, number>;
  dueSoonByObligation: Record<string, number>;
  workersEmailed: number;
  managersEmailed: number;
  /** Whole days since the last complete import (null: none recorded); `staleData` flags it for the alarm. */
  dataAgeDays: number | null;
  staleData: boolean;
}

export async function runDailyReminders(asOf: Day, deps: DailyDeps): Promise<DailySummary> {
  const startedAt = deps.clock.now();
  const summary: DailySummary = {
    job: 'daily-reminders',
    asOf: formatDay(asOf),
    runId: deps.runId,
    recordsRead: 0,
    invalidRecords: 0,
    unreachableCases: 0,
    unreachableToHeadsOfService: 0,
    obligations: 0,
    overdue: 0,
    overdueByObligation: {},
    dueSoonByObligation: {},
    workersEmailed: 0,
    managersEmailed: 0,
    dataAgeDays: null,
    staleData: false,
    ...noDeliveries(),
    ...rerunNote(asOf, startedAt),
  };
  if (deps.policy.skipNonWorkingDays && !deps.policy.workingDays.isWorkingDay(asOf)) {
    summary.skipped = 'non-working-day';
    await recordRun(deps, summary, startedAt);
    return summary;
  }
  const caseload = await evaluateCaseload(
    deps.store,
    asOf,
    deps.policy,
    deps.settings.scanSegments,
    undefined,
    deps.timings,
  );
  summary.recordsRead = caseload.recordsRead;
  summary.invalidRecords = countInvalid(caseload);
  for (const c of caseload.cases) {
    summary.obligations += c.obligations.length;
    for (const o of c.obligations) {
      if (o.status === 'overdue') {
        summary.overdue++;
        summary.overdueByObligation[o.obligation] = (summary.overdueByObligation[o.obligation] ?? 0) + 1;
      } else if (o.status === 'due-soon' || o.status === 'due-today')
        summary.dueSoonByObligation[o.obligation] = (summary.dueSoonByObligation[o.obligation] ?? 0) + 1;
    }
    if (c.route.to === 'manager') summary.unreachableCases++;
  }

  const freshness = await loadFreshness(asOf, deps.store, deps.policy);
  summary.dataAgeDays = freshness?.ageDays ?? null;
  summary.staleData = freshness?.stale ?? false;

  let mark = performance.now();
  const { plans, settled, toHeadsOfService } = await planEmails(caseload, asOf, deps, freshness);
  summary.unreachableToHeadsOfService = toHeadsOfService;
  if (deps.timings) deps.timings.render = performance.now() - mark;
  mark = performance.now();
  summary.workersEmailed = plans.filter((p) => p.intent.kind === 'daily-reminder').length;
  summary.managersEmailed = plans.filter((p) => p.intent.kind === 'manager-daily').length;
  Object.assign(summary, await deliverAll(plans, deps));
  if (deps.timings) deps.timings.send = performance.now() - mark;
  // Audiences with nothing new whose email for today already went: a re-run of the day.
  const statuses = await deps.ledger.emailStatuses(settled);
  for (const status of statuses.values()) if (status === 'sent') summary.alreadySent++;
  await recordRun(deps, summary, startedAt);
  return summary;
}

interface Candidate {
  view: ItemView;
  /** The reminder-stage notice: a new one is what makes an email worth sending. */
  key: string | undefined;
  /** "This audience has seen this item" (any stage): decides "(new)". */
  seenKey: string;
  stage: string | undefined;
}

/** The ledger key for "this audience has been shown this item at all", whatever the stage. */
function seenKey(audience: string, recordId: string, obligation: string, due: Day): string {
  return ledgerKey('seen', escaped(audience), recordId, obligation, formatDay(due));
}

function candidates(
  cases: EvaluatedCase[],
  audience: string,
  deps: DailyDeps,
  ownerOf?: (c: EvaluatedCase) => string,
): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cases) {
    for (const o of c.obligations) {
      const view = itemView(c, o, deps.policy, deps.settings.caseLinkTemplate, ownerOf?.(c));
      if (!view) continue;
      const stage = stageOf(o, deps.policy);
      out.push({
        view,
        key: stage ? noticeKey(audience, o, stage) : undefined,
        seenKey: seenKey(audience, c.record.id, o.obligation, o.due),
        stage,
      });
    }
  }
  return out;
}

/** How old the imported data is, from the import state the imports record; undefined where nothing imports. */
async function planEmails(
  caseload: Caseload,
  asOf: Day,
  deps: DailyDeps,
  freshness?: DataFreshness,
): Promise<{ plans: PlannedEmail[]; settled: string[]; toHeadsOfService: number }> {
  const staleFor = (teamId: string | undefined) => staleViewFor(freshness, teamId);
  const byWorker = new Map<string, { worker: Worker; cases: EvaluatedCase[] }>();
  const unreachableByTeam = new Map<string, EvaluatedCase[]>();
  for (const c of caseload.cases) {
    if (c.route.to === 'worker') {
      const entry = byWorker.get(c.route.worker.id) ?? { worker: c.route.worker, cases: [] };
      entry.cases.push(c);
      byWorker.set(c.route.worker.id, entry);
    } else {
      const list = unreachableByTeam.get(c.record.teamId) ?? [];
      list.push(c);
      unreachableByTeam.set(c.record.teamId, list);
    }
  }
  const notReadableByTeam = notReadableByAudience(caseload, deps.settings.caseLinkTemplate);
  const findingsByAudience = new Map<string, Finding[]>();
  for (const f of caseload.findings) {
    const team = f.teamId !== undefined ? caseload.teams.get(f.teamId) : undefined;
    const key = team ? team.id : '';
    const list = findingsByAudience.get(key);
    if (list) list.push(f);
    else findingsByAudience.set(key, [f]);
  }

  // Everything each audience could be told today, and its ledger key.
  const drafts: {
    intentBase: Omit<EmailIntent, 'noticeKeys' | 'subject'>;
    items: Candidate[];
    findings: { f: Finding; key: string }[];
    notReadableKeys?: string[];
    render: (items: ItemView[], comingUp: ItemView[], dq: DataQualityView[], firstEmail: boolean) => RenderedEmail;
  }[] = [];
  const conventions = mailConventions(deps.settings);
  const worklist = worklistLink(deps.settings);
  const asOfText = formatDay(asOf);
  for (const { worker, cases } of byWorker.values()) {
    const audience = tagged('worker', worker.id);
    drafts.push({
      intentBase: {
        key: ledgerKey('daily-reminder', asOfText, escaped(audience)),
        kind: 'daily-reminder',
        audience,
        recipient: worker.email!,
        asOf: asOfText,
        runId: deps.runId,
      },
      items: candidates(cases, audience, deps),
      findings: [],
      render: (items, comingUp, _dq, firstEmail) =>
        renderWorkerReminder({
          workerName: worker.name,
          asOf,
          items,
          comingUp,
          comingUpDays: deps.policy.comingUpDays,
          collapseOverdueAfterDays: deps.policy.collapseOverdueAfterDays,
          worklistLink: worklist,
          firstEmail,
          conventions,
          staleData: staleFor(worker.teamId),
        }),
    });
  }
  const week = formatDay(weekStarting(asOf));
  const teamIds = new Set([...unreachableByTeam.keys(), ...findingsByAudience.keys(), ...notReadableByTeam.keys()]);
  const suppressed = await deps.ledger.suppressedAddresses([
    ...new Set([...caseload.teams.values()].flatMap((t) => t.managerEmails)),
  ]);
  const log = deliveryLog(deps.log);
  let toHeadsOfService = 0;
  for (const teamId of teamIds) {
    const team: Team | undefined = caseload.teams.get(teamId);
    const cases = unreachableByTeam.get(teamId) ?? [];
    const findings = findingsByAudience.get(teamId) ?? [];
    const notReadable = notReadableByTeam.get(teamId) ?? [];
    const managers = team ? team.managerEmails.filter((e) => !suppressed.has(e.toLowerCase())) : [];
    // A team whose managers cannot be reached (none recorded, or every address bouncing): its unreachable cases
    // go to the heads of service rather than to nobody.
    const rerouted = team !== undefined && managers.length === 0;
    if (rerouted && cases.length + findings.length + notReadable.length > 0) {
      toHeadsOfService += cases.length;
      log.warn('team has no usable manager address: its unreachable cases go to the heads of service', {
        teamId: team.id,
        managerAddresses: team.managerEmails.length,
        suppressedAddresses: team.managerEmails.length - managers.length,
        cases: cases.length,
        recordIds: cases.map((c) => c.record.id),
        headsOfService: deps.settings.serviceRecipients.length,
      });
    }
    const recipients = team && !rerouted ? managers : deps.settings.serviceRecipients;
    const teamName = team
      ? `${team.name}${rerouted ? ' (the team has no manager address that works)' : ''}`
      : 'Records with no known team';
    for (const email of recipients) {
      const audience = tagged('manager', email);
      const scope = team ? tagged('team', team.id) : 'service';
      drafts.push({
        intentBase: {
          key: ledgerKey('manager-daily', asOfText, escaped(scope), email),
          kind: 'manager-daily',
          audience: scope,
          recipient: email,
          asOf: asOfText,
          runId: deps.runId,
        },
        items: candidates(cases, audience, deps, (c) => ownerNote(c, caseload.workers)),
        // Data-quality findings are repeated once a week until fixed.
        findings: findings.map((f) => ({
          f,
          key: ledgerKey('finding', escaped(audience), f.recordId ?? 'unidentified', f.problem, week),
        })),
        // Repeated once a week, like the findings, until an export reads the case again.
        notReadableKeys: notReadable.map((n) =>
          ledgerKey('finding', escaped(audience), n.recordId, 'not-readable-in-snapshot', week),
        ),
        render: (items, _comingUp, dq) =>
          renderManagerDaily({
            teamName,
            asOf,
            groups: unreachableGroups(cases, items, caseload.workers).map(groupView),
            dataQuality: dq,
            listLimit: MANAGER_LIST_LIMIT,
            worklistLink: worklist,
            conventions,
            staleData: staleFor(team?.id),
            notReadable,
          }),
      });
    }
  }

  const allKeys = drafts.flatMap((d) => [
    ...d.items.flatMap((i) => (i.key ? [i.key, i.seenKey] : [i.seenKey])),
    ...d.findings.map((f) => f.key),
    ...(d.notReadableKeys ?? []),
  ]);
  const notified = await deps.ledger.notified(allKeys);
  const plans: PlannedEmail[] = [];
  const settled: string[] = [];
  for (const d of drafts) {
    const newItemKeys = d.items.filter((i) => i.key && !notified.has(i.key)).map((i) => i.key!);
    const newFindingKeys = [...d.findings.map((f) => f.key), ...(d.notReadableKeys ?? [])].filter(
      (k) => !notified.has(k),
    );
    if (newItemKeys.length === 0 && newFindingKeys.length === 0) {
      settled.push(d.intentBase.key);
      continue;
    }
    // "(new)" marks an item this reader has never been shown; on a reader's first email nothing is marked.
    const firstEmail = !d.items.some((i) => notified.has(i.seenKey));
    const view = (i: Candidate): ItemView => ({
      ...i.view,
      isNew: !firstEmail && !notified.has(i.seenKey),
      newlyOverdue: i.view.urgency === 'overdue' && isNewlyOverdue(i.view.due, asOf, deps.policy.workingDays),
    });
    const urgent = d.items.filter((i) => i.view.urgency !== 'coming-up').map(view);
    const comingUp = d.items.filter((i) => i.view.urgency === 'coming-up').map(view);
    const dq: DataQualityView[] = d.findings.map(({ f }) => findingView(f, deps.settings.caseLinkTemplate));
    // A manager email about unreachable cases lists only what needs them; coming-up items stay with the digest.
    if (d.intentBase.kind === 'manager-daily' && urgent.length === 0 && newFindingKeys.length === 0) continue;
    const rendered = d.render(urgent, comingUp, dq, firstEmail);
    const seen = d.items.filter((i) => !notified.has(i.seenKey)).map((i) => i.seenKey);
    plans.push({
      intent: {
        ...d.intentBase,
        subject: rendered.subject,
        noticeKeys: [...newItemKeys, ...newFindingKeys, ...seen],
      },
      rendered,
    });
  }
  return { plans, settled, toHeadsOfService };
}

/** Cases the export named but could not read, by the team to tell ('' when the team is unknown: the service). */
function notReadableByAudience(caseload: Caseload, caseLinkTemplate: string): Map<string, NotReadableView[]> {
  const byTeam = new Map<string, NotReadableView[]>();
  for (const n of caseload.notReadable ?? []) {
    const key = n.teamId !== undefined && caseload.teams.has(n.teamId) ? n.teamId : '';
    const list = byTeam.get(key) ?? [];
    list.push(notReadableView(n, caseLinkTemplate));
    byTeam.set(key, list);
  }
  return byTeam;
}
