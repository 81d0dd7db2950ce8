/** How an evaluated obligation is shown in any email: the shared view used by reminders, digests and escalations. */
import { caseLabel, caseLink } from '../domain/case-reference.js';
import { OBLIGATION_LABELS } from '../domain/labels.js';
import type { Obligation } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { CaseRecord } from '../domain/records/schema.js';
import { urgencyOf } from '../domain/reminders.js';
import type { ItemView } from '../templates/reminder-items.js';
import type { EvaluatedCase } from './evaluate-caseload.js';

export function itemView(
  c: EvaluatedCase,
  o: Obligation,
  policy: Policy,
  caseLinkTemplate: string,
  owner?: string,
  horizonDays = policy.comingUpDays,
): ItemView | undefined {
  const urgency = urgencyOf(o, horizonDays);
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

/** Why a case reaches nobody, for a manager: "worker inactive (W012)". */
export function ownerNote(c: EvaluatedCase): string {
  if (c.route.to === 'worker') return c.route.worker.name;
  return `${c.route.reason}${c.record.workerId ? ` (${c.record.workerId})` : ''}`;
}
