/**
 * Planning the daily run's emails, in named steps:
 *
 * 1. `routeAudiences`: each case to the worker who hears about it (their own, or covered while a colleague is
 *    away), or to its team manager; each unreadable record to its team.
 * 2. `workerDrafts` and `managerDrafts`: everything each audience could be told today, with the ledger keys that
 *    say what it has already been told.
 * 3. One ledger read for every key of every draft (and a second for the caseloads as they were before today's new
 *    cases): what was sent before is the state "since your last email" is measured from, so a re-run of the same
 *    day finds everything recorded and sends nothing.
 * 4. `decide`: for each draft, what changed since the reader's last email; an email only when something did
 *    (or, with `workerEmailWhen: every-working-day`, whenever a worker has something due or overdue).
 * 5. Rendering, with each changed row marked.
 *
 * What makes a worker's email worth sending: an item entered a reminder stage or became overdue, a case was
 * allocated to them or moved away, a decline was recorded, or they came back from leave. An overdue item's weekly
 * repeat is listed but is not, on its own, a reason to write.
 */
import { createHash } from 'node:crypto';
import { returnedFrom } from '../domain/absences.js';
import { type Day, formatDay, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import type { DataFreshness } from '../domain/import/freshness.js';
import type { Team, Worker } from '../domain/directory.js';
import { escaped, ledgerKey, tagged } from '../domain/ledger-key.js';
import { isNewlyOverdue, noticeKey, stageOf, weekStarting } from '../domain/reminders.js';
import { deliveryLog } from '../observability/redaction.js';
import type { EmailIntent } from '../ports/ledger.js';
import { type DataQualityView, renderManagerDaily } from '../templates/manager-daily.js';
import type { ItemChange, ItemView } from '../templates/reminder-items.js';
import { type RenderedEmail, type WorkerReminderView, renderWorkerReminder } from '../templates/worker-reminder.js';
import { staleViewFor } from './data-freshness.js';
import type { PlannedEmail } from './deliver-all.js';
import type { Caseload, CoverNote, EvaluatedCase, Finding, NotReadable } from './evaluate-caseload.js';
import {
  caseRefOf,
  findingView,
  groupView,
  itemView,
  mailConventions,
  notReadableView,
  ownerNote,
  unreachableGroups,
  worklistLink,
} from './item-views.js';
import type { DailyDeps } from './job-deps.js';
import { NO_TEAM_NAME } from '../domain/ssd/derive.js';

/** A worker's return is led with in their first email within this many days of it. */
const RETURN_NOTICE_DAYS = 14;

export interface EmailPlan {
  plans: PlannedEmail[];
  /** Keys of today's emails with nothing new: if one exists it was sent by an earlier run of the day. */
  settled: string[];
  toHeadsOfService: number;
}

export async function planEmails(
  caseload: Caseload,
  asOf: Day,
  deps: DailyDeps,
  freshness?: DataFreshness,
): Promise<EmailPlan> {
  const routed = routeAudiences(caseload);
  const context = { caseload, asOf, deps, freshness };
  const drafts = workerDrafts(routed, context);
  const managers = await managerDrafts(routed, context);
  drafts.push(...managers.drafts);
  const notified = await deps.ledger.notified(drafts.flatMap(keysOf));
  for (const k of await deps.ledger.notified(caseloadKeysToCheck(drafts, notified))) notified.add(k);
  const plans: PlannedEmail[] = [];
  const settled: string[] = [];
  for (const d of drafts) {
    const plan = decide(d, notified, context);
    if (plan) plans.push(plan);
    else settled.push(d.intentBase.key);
  }
  return { plans, settled, toHeadsOfService: managers.toHeadsOfService };
}

interface Context {
  caseload: Caseload;
  asOf: Day;
  deps: DailyDeps;
  freshness?: DataFreshness | undefined;
}

// ---- 1. Who hears about what ----------------------------------------------------------------------------------

interface WorkerAudience {
  worker: Worker;
  own: EvaluatedCase[];
  /** Cases of colleagues who are away, by the colleague's id. */
  covering: Map<string, { note: CoverNote; cases: EvaluatedCase[] }>;
}

interface Routed {
  byWorker: Map<string, WorkerAudience>;
  unreachableByTeam: Map<string, EvaluatedCase[]>;
  findingsByTeam: Map<string, Finding[]>;
  /** Cases the export named but could not read, by the team to tell ('' when the team is unknown: the service). */
  notReadableByTeam: Map<string, NotReadable[]>;
}

export function routeAudiences(caseload: Caseload): Routed {
  const byWorker = new Map<string, WorkerAudience>();
  const unreachableByTeam = new Map<string, EvaluatedCase[]>();
  for (const c of caseload.cases) {
    if (c.route.to === 'worker') {
      const { worker, covering } = c.route;
      const entry: WorkerAudience = byWorker.get(worker.id) ?? { worker, own: [], covering: new Map() };
      if (covering) {
        const section = entry.covering.get(covering.worker.id) ?? { note: covering, cases: [] };
        section.cases.push(c);
        entry.covering.set(covering.worker.id, section);
      } else entry.own.push(c);
      byWorker.set(worker.id, entry);
    } else {
      const list = unreachableByTeam.get(c.record.teamId) ?? [];
      list.push(c);
      unreachableByTeam.set(c.record.teamId, list);
    }
  }
  const findingsByTeam = new Map<string, Finding[]>();
  for (const f of caseload.findings) {
    const team = f.teamId !== undefined ? caseload.teams.get(f.teamId) : undefined;
    const key = team ? team.id : '';
    const list = findingsByTeam.get(key);
    if (list) list.push(f);
    else findingsByTeam.set(key, [f]);
  }
  const notReadableByTeam = new Map<string, NotReadable[]>();
  for (const n of caseload.notReadable ?? []) {
    const key = n.teamId !== undefined && caseload.teams.has(n.teamId) ? n.teamId : '';
    const list = notReadableByTeam.get(key) ?? [];
    list.push(n);
    notReadableByTeam.set(key, list);
  }
  return { byWorker, unreachableByTeam, findingsByTeam, notReadableByTeam };
}

// ---- 2. What each audience could be told, and the keys that record it -----------------------------------------

interface Candidate {
  view: ItemView;
  /** Which section of the email: the reader's own cases, or those of a colleague they cover (by id). */
  section: string;
  stage: string | undefined;
  /** The reminder-stage notice: a new one is a stage entered, or an item become overdue or overdue again. */
  notice: string | undefined;
  /** "This audience has been shown this item with this due date". */
  seen: string;
  /** "This audience has been shown this obligation of this case", whatever its due date. */
  shown: string;
  /** "This case has been this audience's": missing, it was allocated to them since their last email. */
  holds: string;
  /** "This audience has been told of this decline". */
  declinedKey: string | undefined;
}

interface ExtraKey {
  key: string;
  kind: 'caseload' | 'caseload-tracked' | 'returned';
}

interface Draft {
  intentBase: Omit<EmailIntent, 'noticeKeys' | 'subject'>;
  audience: 'worker' | 'manager';
  /** Every case of the audience (some have nothing to list) and its "holds" key. */
  cases: { recordId: string; holds: string }[];
  items: Candidate[];
  findings: { f: Finding; key: string }[];
  /** A case the export named but could not read: repeated once a week, like a finding, until an export reads it. */
  notReadableKeys: string[];
  extra: ExtraKey[];
  render: (state: DraftState) => RenderedEmail;
}

/** What `decide` found, handed to the renderer. */
interface DraftState {
  items: ItemView[];
  comingUp: ItemView[];
  dq: DataQualityView[];
  firstEmail: boolean;
  movedAway: boolean;
  returned: boolean;
}

const key = (kind: string, audience: string, ...rest: (string | number)[]) =>
  ledgerKey(kind, escaped(audience), ...rest);

function candidates(
  cases: readonly EvaluatedCase[],
  audience: string,
  section: string,
  { deps }: Context,
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
        section,
        stage,
        notice: stage ? noticeKey(audience, o, stage) : undefined,
        seen: key('seen', audience, c.record.id, o.obligation, formatDay(o.due)),
        shown: key('shown', audience, c.record.id, o.obligation),
        holds: key('holds', audience, c.record.id),
        declinedKey:
          o.declined !== undefined
            ? key('declined', audience, c.record.id, o.obligation, formatDay(o.declined))
            : undefined,
      });
    }
  }
  return out;
}

/** A short fingerprint of a set of case ids: a different set, a different key. */
function caseSetKey(audience: string, ids: Iterable<string>): string {
  const hash = createHash('sha256')
    .update([...new Set(ids)].sort().join('\n'))
    .digest('hex')
    .slice(0, 20);
  return key('caseload', audience, hash);
}

function workerDrafts(routed: Routed, context: Context): Draft[] {
  const { asOf, deps, caseload, freshness } = context;
  const conventions = mailConventions(deps.settings);
  const worklist = worklistLink(deps.settings);
  const asOfText = formatDay(asOf);
  const drafts: Draft[] = [];
  for (const { worker, own, covering } of routed.byWorker.values()) {
    const audience = tagged('worker', worker.id);
    const items = candidates(own, audience, '', context);
    for (const [id, s] of covering) items.push(...candidates(s.cases, audience, id, context));
    const ids = [...own, ...[...covering.values()].flatMap((s) => s.cases)].map((c) => c.record.id);
    const sectionOf = new Map(items.map((i) => [i.view.recordId, i.section]));
    const back = returnedFrom(caseload.absences.get(worker.id) ?? [], asOf, RETURN_NOTICE_DAYS);
    const extra: ExtraKey[] = [
      { key: caseSetKey(audience, ids), kind: 'caseload' },
      // Marks that this worker's caseload is recorded with their emails, from the first one onwards.
      { key: key('caseload-tracked', audience), kind: 'caseload-tracked' },
      ...(back ? [{ key: key('returned', audience, formatDay(back.until)), kind: 'returned' as const }] : []),
    ];
    drafts.push({
      intentBase: {
        key: ledgerKey('daily-reminder', asOfText, escaped(audience)),
        kind: 'daily-reminder',
        audience,
        recipient: worker.email!,
        asOf: asOfText,
        runId: deps.runId,
      },
      audience: 'worker',
      cases: ids.map((id) => ({ recordId: id, holds: key('holds', audience, id) })),
      items,
      findings: [],
      notReadableKeys: [],
      extra,
      render: (state) => {
        const section = (id: string) => ({
          items: state.items.filter((i) => (sectionOf.get(i.recordId) ?? '') === id),
          comingUp: state.comingUp.filter((i) => (sectionOf.get(i.recordId) ?? '') === id),
        });
        const view: WorkerReminderView = {
          workerName: worker.name,
          asOf,
          ...section(''),
          comingUpDays: deps.policy.comingUpDays,
          collapseOverdueAfterDays: deps.policy.collapseOverdueAfterDays,
          worklistLink: worklist,
          firstEmail: state.firstEmail,
          conventions,
          staleData: staleViewFor(freshness, worker.teamId),
          covering: [...covering.entries()].map(([id, s]) => ({
            name: s.note.worker.name,
            until: s.note.absence.until,
            ...section(id),
          })),
          ...(state.movedAway ? { casesMovedAway: true } : {}),
          ...(state.returned && back
            ? { returnedFrom: { from: back.from, until: back.until, changesMarked: !state.firstEmail } }
            : {}),
        };
        return renderWorkerReminder(view);
      },
    });
  }
  return drafts;
}

async function managerDrafts(routed: Routed, context: Context): Promise<{ drafts: Draft[]; toHeadsOfService: number }> {
  const { asOf, deps, caseload, freshness } = context;
  const conventions = mailConventions(deps.settings);
  const worklist = worklistLink(deps.settings);
  const asOfText = formatDay(asOf);
  const week = formatDay(weekStarting(asOf));
  const teamIds = new Set([
    ...routed.unreachableByTeam.keys(),
    ...routed.findingsByTeam.keys(),
    ...routed.notReadableByTeam.keys(),
  ]);
  const suppressed = await deps.ledger.suppressedAddresses([
    ...new Set([...caseload.teams.values()].flatMap((t) => t.managerEmails)),
  ]);
  const log = deliveryLog(deps.log);
  const caseRef = (c: EvaluatedCase) => caseRefOf(c, deps.policy, deps.settings.caseLinkTemplate);
  const drafts: Draft[] = [];
  let toHeadsOfService = 0;
  for (const teamId of teamIds) {
    const team: Team | undefined = caseload.teams.get(teamId);
    const cases = routed.unreachableByTeam.get(teamId) ?? [];
    const findings = routed.findingsByTeam.get(teamId) ?? [];
    const notReadable = (routed.notReadableByTeam.get(teamId) ?? []).map((n) =>
      notReadableView(n, deps.settings.caseLinkTemplate),
    );
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
      : teamId === deps.policy.noTeamId
        ? NO_TEAM_NAME
        : teamId
          ? `Team ${teamId} (not in the directory)`
          : 'Records with no known team';
    for (const email of recipients) {
      const audience = tagged('manager', email);
      // Each team the directory does not know has an email of its own: one key for all of them would settle the
      // second team's email as sent and its cases would reach nobody.
      const scope = team ? tagged('team', team.id) : teamId ? tagged('team', teamId) : 'service';
      drafts.push({
        intentBase: {
          key: ledgerKey('manager-daily', asOfText, escaped(scope), email),
          kind: 'manager-daily',
          audience: scope,
          recipient: email,
          asOf: asOfText,
          runId: deps.runId,
        },
        audience: 'manager',
        cases: cases.map((c) => ({ recordId: c.record.id, holds: key('holds', audience, c.record.id) })),
        items: candidates(cases, audience, '', context, (c) => ownerNote(c, caseload.workers)),
        // Data-quality findings are repeated once a week until fixed.
        findings: findings.map((f) => ({
          f,
          key: ledgerKey('finding', escaped(audience), f.recordId ?? 'unidentified', f.problem, week),
        })),
        notReadableKeys: notReadable.map((n) =>
          ledgerKey('finding', escaped(audience), n.recordId, 'not-readable-in-snapshot', week),
        ),
        extra: [],
        render: (state) =>
          renderManagerDaily({
            teamName,
            asOf,
            groups: unreachableGroups(cases, [...state.items, ...state.comingUp], caseload.workers, caseRef).map(
              groupView,
            ),
            dataQuality: state.dq,
            listLimit: deps.policy.managerListLimit,
            worklistLink: worklist,
            conventions,
            staleData: staleViewFor(freshness, team?.id),
            notReadable,
          }),
      });
    }
  }
  return { drafts, toHeadsOfService };
}

// ---- 3. The ledger keys of a draft ----------------------------------------------------------------------------

function keysOf(d: Draft): string[] {
  const out: string[] = [];
  for (const i of d.items) {
    if (i.notice) out.push(i.notice);
    out.push(i.seen, i.shown, i.holds);
    if (i.declinedKey) out.push(i.declinedKey);
  }
  for (const c of d.cases) out.push(c.holds);
  for (const f of d.findings) out.push(f.key);
  for (const k of d.notReadableKeys) out.push(k);
  for (const x of d.extra) out.push(x.key);
  return out;
}

// ---- 4. What changed since the reader's last email, and whether to write -------------------------------------

/** The stages worth an email of their own: a reminder stage entered, or the day an item first becomes overdue. */
const isEntryStage = (stage: string | undefined) =>
  stage !== undefined && (stage.startsWith('before-') || stage === 'overdue-0');

/** How a row changed since the reader's last email (undefined: it did not, or this is their first email). */
function changeOf(i: Candidate, known: (k: string) => boolean, caseKnown: boolean): ItemChange | undefined {
  if (!caseKnown) return 'new';
  if (!known(i.shown) && !known(i.seen)) return 'new';
  // A decline moves the due date to the re-offer date: it is the decline that the reader needs to hear of.
  if (i.declinedKey && !known(i.declinedKey)) return 'declined';
  if (!known(i.seen)) return 'due date moved';
  if (i.stage === 'overdue-0' && i.notice && !known(i.notice)) return 'now overdue';
  return undefined;
}

/** The reader's cases already in an earlier email. Before the "holds" keys existed, a seen item says so too. */
function casesSeenOf(d: Draft, known: (k: string) => boolean): Set<string> {
  return new Set([
    ...d.cases.filter((c) => known(c.holds)).map((c) => c.recordId),
    ...d.items.filter((i) => known(i.seen)).map((i) => i.view.recordId),
  ]);
}

/** The caseload is compared with the reader's last email only once it has been recorded with one. */
function isTracking(d: Draft, known: (k: string) => boolean, firstEmail: boolean): boolean {
  const tracked = d.extra.find((x) => x.kind === 'caseload-tracked');
  return !firstEmail && tracked !== undefined && known(tracked.key);
}

/**
 * The key of the reader's caseload as it was before today's new cases: unknown to the ledger, their last email had
 * a case that is not theirs now (it moved away). A set of cases exactly as an earlier email had it (a case lent
 * and taken back) reads as unchanged: the ledger answers "was this ever recorded", not "was it the last".
 */
function caseloadBeforeKey(d: Draft, casesSeen: Set<string>): string {
  return caseSetKey(
    d.intentBase.audience,
    d.cases.filter((c) => casesSeen.has(c.recordId)).map((c) => c.recordId),
  );
}

/** The second ledger read: the caseload keys that depend on what the first one found. */
function caseloadKeysToCheck(drafts: readonly Draft[], notified: Set<string>): string[] {
  const known = (k: string) => notified.has(k);
  const out: string[] = [];
  for (const d of drafts) {
    if (d.audience !== 'worker') continue;
    const seen = casesSeenOf(d, known);
    if (!isTracking(d, known, seen.size === 0)) continue;
    const key = caseloadBeforeKey(d, seen);
    if (!known(key)) out.push(key);
  }
  return out;
}

function decide(d: Draft, notified: Set<string>, { asOf, deps }: Context): PlannedEmail | undefined {
  const known = (k: string) => notified.has(k);
  const casesSeen = casesSeenOf(d, known);
  const firstEmail = casesSeen.size === 0;
  const newFindings = [...d.findings.map((f) => f.key), ...d.notReadableKeys].filter((k) => !known(k));
  const newNotices = d.items.filter((i) => i.notice && !known(i.notice));
  const returnedKey = d.extra.find((x) => x.kind === 'returned');
  const tracking = isTracking(d, known, firstEmail);
  const allocated = tracking ? d.cases.filter((c) => !casesSeen.has(c.recordId)) : [];
  const movedAway = tracking && !known(caseloadBeforeKey(d, casesSeen));
  const returned = returnedKey !== undefined && !known(returnedKey.key);

  let worthSending: boolean;
  if (d.audience === 'manager') {
    worthSending = newNotices.length > 0 || newFindings.length > 0;
  } else {
    // A notice of a stage entered, or of any stage of an item the reader has never been shown (on their first
    // email, everything).
    const changed =
      newNotices.some(
        (i) => isEntryStage(i.stage) || firstEmail || !casesSeen.has(i.view.recordId) || !known(i.seen),
      ) ||
      allocated.length > 0 ||
      d.items.some((i) => i.declinedKey && !known(i.declinedKey)) ||
      movedAway ||
      returned;
    const repeats = newNotices.length > 0;
    const urgentNow = d.items.some((i) => i.view.urgency !== 'coming-up');
    worthSending = deps.policy.workerEmailWhen === 'every-working-day' ? changed || repeats || urgentNow : changed;
  }
  if (!worthSending) return undefined;

  const view = (i: Candidate): ItemView => {
    const change = firstEmail ? undefined : changeOf(i, known, casesSeen.has(i.view.recordId));
    const newlyOverdue =
      i.view.urgency === 'overdue' &&
      (change === 'now overdue' ||
        (change === undefined && isNewlyOverdue(i.view.due, asOf, deps.policy.workingDays)) ||
        (change !== undefined && i.stage === 'overdue-0'));
    return { ...i.view, isNew: change === 'new', ...(change ? { change } : {}), newlyOverdue };
  };
  const urgent = d.items.filter((i) => i.view.urgency !== 'coming-up');
  const comingUp = d.items.filter((i) => i.view.urgency === 'coming-up');
  const dq = d.findings.map(({ f }) => findingView(f, deps.settings.caseLinkTemplate));
  // A manager email about unreachable cases lists only what needs them: not for coming-up items alone.
  if (d.audience === 'manager' && urgent.length === 0 && newFindings.length === 0) return undefined;
  const rendered = d.render({
    items: urgent.map(view),
    comingUp: comingUp.map(view),
    dq,
    firstEmail,
    movedAway,
    returned,
  });
  const record = new Set<string>(newFindings);
  for (const c of d.cases) if (!known(c.holds)) record.add(c.holds);
  for (const i of d.items) {
    for (const k of [i.notice, i.seen, i.shown, i.holds, i.declinedKey]) if (k && !known(k)) record.add(k);
  }
  for (const x of d.extra) if (!known(x.key)) record.add(x.key);
  return {
    intent: { ...d.intentBase, subject: rendered.subject, noticeKeys: [...record] },
    rendered,
  };
}

/** "Mon 1 Dec 2025 to Fri 12 Dec 2025". */
export function periodInWords(from: Day, until: Day): string {
  return `${humanDayWithWeekday(from)} to ${humanDayWithWeekday(until)}`;
}
