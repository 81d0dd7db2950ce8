/** The view of one obligation in an email, and the reading order of a list of them. */
import type { Day } from '../domain/calendar/local-date.js';
import type { ObligationKind } from '../domain/obligations.js';
import type { Urgency } from '../domain/reminders.js';

export interface ItemView {
  recordId: string;
  /** Case reference, with initials if allowed. */
  caseLabel: string;
  link: string;
  obligation: ObligationKind;
  label: string;
  due: Day;
  days: number;
  citation: string;
  urgency: Urgency;
  /** Never announced to this reader before (shown as "(new)"). */
  isNew: boolean;
  /** How the row changed since this reader's last email, when it did. */
  change?: ItemChange;
  /** Refused or consent withheld on this day: `due` is the date to offer again by. */
  declined?: Day;
  /** Overdue and announced as overdue for the first time today. */
  newlyOverdue?: boolean;
  flagNote?: string;
  /** For manager emails: whose it is, or why nobody's. */
  owner?: string;
}

export type ItemChange = 'new' | 'now overdue' | 'due date moved' | 'declined';

/** The row's mark: how it changed since the reader's last email ("new" for an item never shown before). */
export function changeMark(i: ItemView): ItemChange | undefined {
  return i.change ?? (i.isNew ? 'new' : undefined);
}

/** Sorted for reading: by urgency, then grouped by case (cases ordered by their most urgent item), then due date. */
export function sortItems(items: ItemView[]): ItemView[] {
  const firstDue = new Map<string, number>();
  for (const i of items) firstDue.set(i.recordId, Math.min(firstDue.get(i.recordId) ?? Infinity, i.due));
  return [...items].sort(
    (a, b) =>
      firstDue.get(a.recordId)! - firstDue.get(b.recordId)! ||
      a.recordId.localeCompare(b.recordId) ||
      a.due - b.due ||
      a.obligation.localeCompare(b.obligation),
  );
}

/** "1 due today, 2 overdue, 3 due soon": today first, as the email is ordered. */
export function countsPhrase(items: ItemView[]): string {
  const n = (u: Urgency) => items.filter((i) => i.urgency === u).length;
  const parts = [
    n('due-today') && `${n('due-today')} due today`,
    n('overdue') && `${n('overdue')} overdue`,
    n('due-soon') && `${n('due-soon')} due soon`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing urgent';
}

/** Most overdue first (the worst), then by due date: for lists capped to the worst few. */
export function worstFirst(items: readonly ItemView[]): ItemView[] {
  return [...items].sort((a, b) => a.days - b.days || a.recordId.localeCompare(b.recordId));
}
