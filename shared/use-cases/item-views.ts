/** How an evaluated obligation is shown in any email: the shared view used by reminders, digests and escalations. */
import { caseLabel, caseLink } from '../domain/case-reference.js';
import type { Worker } from '../domain/directory.js';
import { type Absence, absenceOn } from '../domain/absences.js';
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { OBLIGATION_LABELS } from '../domain/labels.js';
import type { Obligation } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { CaseRecord } from '../domain/records/schema.js';
import { urgencyOf } from '../domain/reminders.js';
import type { Problem } from '../domain/records/validate.js';
import { countOf, problemInWords } from '../domain/wording.js';
import type { DataQualityView, UnreachableGroupView } from '../templates/manager-daily.js';
import type { MailConventions } from '../templates/document.js';
import type { ItemView } from '../templates/reminder-items.js';
import type { EvaluatedCase, NotReadable, UnreachableReason } from './evaluate-caseload.js';
import type { NotReadableView } from '../templates/not-readable.js';
import { humanDay, parseDay } from '../domain/calendar/local-date.js';

export function itemView(
  c: EvaluatedCase,
  o: Obligation,
  policy: Policy,
  caseLinkTemplate: string,
  owner?: string,
  horizonDays = policy.comingUpDays,
): ItemView | undefined {
  // A decline is shown, apart, until the re-offer date however far off that is: the reader is told it was recorded.
  const urgency = urgencyOf(o, horizonDays) ?? (o.declined !== undefined ? urgencyOf(o, Infinity) : undefined);
  if (!urgency) return undefined;
  return {
    recordId: c.record.id,
    caseLabel: caseLabel(c.record, policy),
    link: caseLink(caseLinkTemplate, c.record.id),
    obligation: o.obligation,
    label: OBLIGATION_LABELS[o.obligation],
    due: o.due,
    days: o.days,
    citation: o.citation,
    urgency,
    isNew: false,
    ...(o.declined !== undefined ? { declined: o.declined } : {}),
    ...(c.record.flags.length ? { flagNote: flagNote(c.record) } : {}),
    ...(owner ? { owner } : {}),
  };
}

export function flagNote(record: CaseRecord): string {
  const who = record.kind === 'child' ? 'Child' : 'Young person';
  return record.flags
    .map((f) => (f === 'missing' ? `${who} recorded as missing: still due` : `${who} in custody: still due`))
    .join('; ');
}

/** Who a worker is, for a manager: "W012 (Sam Morgan)", or the bare id when the directory does not know them. */
export function workerLabel(workerId: string, workers?: ReadonlyMap<string, Worker>): string {
  const w = workers?.get(workerId);
  return w ? `${w.id} (${w.name})` : workerId;
}

/** Why a case reaches nobody, in words, e.g. "W012 (Sam Morgan) has left"; or whose it is. */
export function ownerNote(c: EvaluatedCase, workers?: ReadonlyMap<string, Worker>): string {
  if (c.route.to === 'worker')
    return c.route.covering
      ? `${c.route.covering.worker.name} (${awayNote(c.route.covering.absence)}, covered by ${c.route.worker.name})`
      : c.route.worker.name;
  const who = c.record.workerId ? workerLabel(c.record.workerId, workers) : '';
  switch (c.route.reason) {
    case 'worker away':
      return `${who} (${c.route.away ? awayNote(c.route.away) : 'away'}, nobody covering)`;
    case 'no allocated worker':
      return 'No allocated worker';
    case 'worker not found':
      return `${who} is not in the staff directory`;
    case 'worker inactive':
      return `${who} has left`;
    case 'worker has no email address':
      return `${who} has no email address`;
    case 'worker email address is bouncing':
      return `${who}: email address is bouncing`;
  }
}

/** "away until Fri 12 Dec 2025". */
export function awayNote(a: Absence): string {
  return `away until ${humanDayWithWeekday(a.until)}`;
}

/** A worker's name as a manager reads it beside their figures: "Sam Morgan (away until Fri 12 Dec 2025, covered by Alex Lee)". */
export function workerWithAbsence(
  worker: Worker,
  directory: { absences: ReadonlyMap<string, readonly Absence[]>; workers: ReadonlyMap<string, Worker> },
  asOf: Day,
): string {
  const a = absenceOn(directory.absences.get(worker.id) ?? [], asOf);
  if (!a) return worker.name;
  const cover = a.coverWorkerId ? directory.workers.get(a.coverWorkerId) : undefined;
  return `${worker.name} (${awayNote(a)}, ${cover ? `covered by ${cover.name}` : 'nobody covering'})`;
}

/** A case as a manager's list names it, from its record. */
export function caseRefOf(c: EvaluatedCase, policy: Policy, caseLinkTemplate: string): CaseRef {
  return {
    recordId: c.record.id,
    caseLabel: caseLabel(c.record, policy),
    link: caseLink(caseLinkTemplate, c.record.id),
  };
}

const ASK: Record<UnreachableReason, string> = {
  'worker away': 'to cover',
  'no allocated worker': 'to allocate',
  'worker not found': 'to check',
  'worker inactive': 'to reallocate',
  'worker has no email address': 'not being reminded (add an address)',
  'worker email address is bouncing': 'not being reminded (fix the address)',
};

/** Cases nobody is reminded about, grouped by cause and worker: "W012 (Sam Morgan) has left: 20 cases to reallocate". */
export interface UnreachableGroup {
  line: string;
  reason: UnreachableReason;
  cases: number;
  overdueItems: number;
  /** Items of the group (for a worker away with nobody covering: those falling due before they are back). */
  items: ItemView[];
  /** Every case of the group, so that a case with nothing due soon is still named. */
  caseList: CaseRef[];
}

/** A case as a manager's list names it. */
export interface CaseRef {
  recordId: string;
  caseLabel: string;
  link: string;
}

export function unreachableGroups(
  cases: readonly EvaluatedCase[],
  items: readonly ItemView[],
  workers?: ReadonlyMap<string, Worker>,
  caseRef?: (c: EvaluatedCase) => CaseRef,
): UnreachableGroup[] {
  type Group = {
    reason: UnreachableReason;
    note: string;
    name: string;
    away?: Absence;
    ids: Set<string>;
    items: ItemView[];
    caseList: CaseRef[];
  };
  const groups = new Map<string, Group>();
  const groupOf = new Map<string, string>();
  for (const c of cases) {
    if (c.route.to !== 'manager') continue;
    const key = `${c.route.reason}#${c.record.workerId ?? ''}`;
    const g: Group = groups.get(key) ?? {
      reason: c.route.reason,
      note: ownerNote(c, workers),
      name: (c.record.workerId && workers?.get(c.record.workerId)?.name) || (c.record.workerId ?? ''),
      ...(c.route.away ? { away: c.route.away } : {}),
      ids: new Set(),
      items: [],
      caseList: [],
    };
    if (!g.ids.has(c.record.id) && caseRef) g.caseList.push(caseRef(c));
    g.ids.add(c.record.id);
    groups.set(key, g);
    groupOf.set(c.record.id, key);
  }
  for (const i of items) {
    const key = groupOf.get(i.recordId);
    if (!key) continue;
    const g = groups.get(key)!;
    // Away with nobody covering: what falls due before they are back (overdue included) is the manager's.
    if (g.away && i.due > g.away.until) continue;
    g.items.push(i);
  }
  return [...groups.values()]
    .map((g) => ({
      line: g.away ? awayLine(g) : `${g.note}: ${countOf(g.ids.size, 'case')} ${ASK[g.reason]}`,
      reason: g.reason,
      cases: g.ids.size,
      overdueItems: g.items.filter((i) => i.urgency === 'overdue').length,
      items: g.items,
      caseList: g.caseList,
    }))
    .sort((a, b) => b.cases - a.cases || a.line.localeCompare(b.line));
}

/** "Sam Morgan is away until Fri 12 Dec 2025: 3 items fall due meanwhile (2 cases)". */
function awayLine(g: { away?: Absence; name: string; items: ItemView[]; ids: Set<string> }): string {
  const n = g.items.length;
  return `${g.name} is away until ${humanDayWithWeekday(g.away!.until)}: ${countOf(n, 'item')} ${n === 1 ? 'falls' : 'fall'} due meanwhile (${countOf(g.ids.size, 'case')}, nobody covering)`;
}

/**
 * Where a reader sees a whole caseload in the case system: the configured page, or else the case link with the
 * record id left off (in most case systems the list of cases).
 */
export function worklistLink(settings: { caseLinkTemplate: string; worklistUrl?: string | undefined }): string {
  return settings.worklistUrl ?? settings.caseLinkTemplate.replace('{id}', '');
}

/** The mail conventions (footer, reply handling) from the settings. */
export function mailConventions(settings: {
  serviceName: string;
  replyTo?: string | undefined;
  contact?: string | undefined;
}): MailConventions {
  return {
    serviceName: settings.serviceName,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    ...(settings.contact ? { contact: settings.contact } : {}),
  };
}

/** A group as the manager emails show it: every group's items listed (up to the cap), and the cases with none. */
export function groupView(g: UnreachableGroup): UnreachableGroupView {
  const withItems = new Set(g.items.map((i) => i.recordId));
  const quiet = g.caseList.filter((c) => !withItems.has(c.recordId));
  return {
    line: g.line,
    cases: g.cases,
    overdueItems: g.overdueItems,
    items: g.items,
    ...(quiet.length ? { quietCases: quiet } : {}),
    ...(quiet.length && g.reason === 'worker away' ? { quietNote: 'nothing before they are back' } : {}),
  };
}

/** A record that could not be read, as a manager reads it: the problem in words, the field named, no values. */
export function findingView(f: Problem & { evaluated?: boolean }, caseLinkTemplate: string): DataQualityView {
  return {
    ...(f.evaluated ? { valueLeftOut: true } : {}),
    recordId: f.recordId,
    ...(f.recordId ? { link: caseLink(caseLinkTemplate, f.recordId) } : {}),
    problem: problemInWords(f.problem),
    // A list of allowed values reads (and wraps on a phone) as a list, not one long word.
    detail: f.detail.replace(/"\|"/g, '", "'),
  };
}

/** A case the export named but could not read, as the manager's lists show it. */
export function notReadableView(n: NotReadable, caseLinkTemplate: string): NotReadableView {
  const day = parseDay(n.since);
  return {
    recordId: n.recordId,
    link: caseLink(caseLinkTemplate, n.recordId),
    since: day === undefined ? n.since : humanDay(day),
    detail: n.detail.replace(/"\|"/g, '", "'),
  };
}
