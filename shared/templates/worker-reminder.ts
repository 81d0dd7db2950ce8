/**
 * The daily email to a social worker or personal adviser, in the order they act on it: what needs doing today (due
 * today, newly overdue), then what is due soon, then the rest of the overdue backlog, worst first, with items overdue
 * longer than the policy's limit (default 90 days) collapsed into a count and a link to their case system, so a
 * worker with a long backlog still sees today's item at the top. Days are calendar days, in words, everywhere.
 */
import { headerSafe } from '../domain/header-text.js';
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { type Block, type MailConventions, type RenderedEmail, renderDocument } from './document.js';
import { type ItemView, countsPhrase, worstFirst } from './reminder-items.js';

export type { RenderedEmail } from './document.js';
import { type StaleDataView, staleDataBlocks } from './stale-data.js';

export interface WorkerReminderView {
  workerName: string;
  asOf: Day;
  /** Overdue, due today and due soon. */
  items: ItemView[];
  comingUp: ItemView[];
  comingUpDays: number;
  /** Overdue items older than this many days are counted, not listed. */
  collapseOverdueAfterDays: number;
  /** Where the worker sees their whole caseload in the case system. */
  worklistLink: string;
  /** No earlier email to this worker: nothing is marked "(new)". */
  firstEmail: boolean;
  conventions: MailConventions;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
}

/** Coming-up items listed before the rest are counted: the email is about today, not next month. */
export const COMING_UP_LISTED = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The worker email's sections, in reading order: pure, so tests can check the order. */
export function workerSections(view: Pick<WorkerReminderView, 'items' | 'collapseOverdueAfterDays'>) {
  const today = view.items.filter((i) => i.urgency === 'due-today' || (i.urgency === 'overdue' && i.newlyOverdue));
  const dueSoon = [...view.items.filter((i) => i.urgency === 'due-soon')].sort((a, b) => a.days - b.days);
  const backlog = worstFirst(view.items.filter((i) => i.urgency === 'overdue' && !i.newlyOverdue));
  const listed = backlog.filter((i) => -i.days <= view.collapseOverdueAfterDays);
  const collapsed = backlog.length - listed.length;
  return { today, dueSoon, listed, collapsed };
}

export function renderWorkerReminder(view: WorkerReminderView): RenderedEmail {
  const subject = headerSafe(
    `${countsPhrase(view.items)}: your statutory deadlines, ${humanDayWithWeekday(view.asOf)}`,
  );
  const { today, dueSoon, listed, collapsed } = workerSections(view);
  const blocks: Block[] = [
    ...staleDataBlocks(view.staleData),
    { kind: 'h1', text: 'Your statutory deadlines' },
    {
      kind: 'p',
      parts: [
        `Hello ${view.workerName}. On ${humanDayWithWeekday(view.asOf)} you have ${countsPhrase(view.items)}. Each case links to your case system.`,
      ],
    },
  ];
  blocks.push({ kind: 'h2', text: `Needs doing today (${today.length})` });
  blocks.push(
    today.length
      ? { kind: 'items', caption: 'Due today or newly overdue', items: today }
      : { kind: 'p', parts: ['Nothing is due today and nothing has newly become overdue.'] },
  );
  if (dueSoon.length) {
    blocks.push({ kind: 'h2', text: `Due soon (${dueSoon.length})` });
    blocks.push({ kind: 'items', caption: 'Soonest first', items: dueSoon, order: 'given' });
  }
  if (listed.length || collapsed) {
    blocks.push({ kind: 'h2', text: `Still overdue (${listed.length + collapsed})` });
    if (listed.length)
      blocks.push({ kind: 'items', caption: 'Overdue, most overdue first', items: listed, order: 'given' });
    if (collapsed)
      blocks.push({
        kind: 'p',
        tone: 'panel',
        parts: [
          `${plural(collapsed, 'more item')} ${collapsed === 1 ? 'is' : 'are'} overdue by more than ${view.collapseOverdueAfterDays} days and not listed here: `,
          { text: 'see your caseload in the case system', href: view.worklistLink },
          '.',
        ],
      });
  }
  if (view.comingUp.length) {
    const title = `Coming up in the next ${Math.round(view.comingUpDays / 7)} weeks (${view.comingUp.length})`;
    const soonest = [...view.comingUp].sort((a, b) => a.days - b.days).slice(0, COMING_UP_LISTED);
    blocks.push({ kind: 'h2', text: title });
    blocks.push({ kind: 'items', caption: 'Soonest first', items: soonest, order: 'given' });
    const later = view.comingUp.length - soonest.length;
    if (later)
      blocks.push({
        kind: 'p',
        parts: [
          `${plural(later, 'more item')} ${later === 1 ? 'falls' : 'fall'} due later in the period: `,
          { text: 'see your caseload in the case system', href: view.worklistLink },
          '.',
        ],
      });
  }
  blocks.push({
    kind: 'p',
    tone: 'small',
    parts: [
      `Sent once a working day when something needs your attention. Days are calendar days. ${
        view.firstEmail
          ? 'From your next email, "(new)" marks items not in an earlier email. '
          : '"(new)" marks items not in an earlier email. '
      }Dates are worked out from what is recorded in the case system: if a date looks wrong, the record needs updating there.`,
    ],
  });
  return renderDocument(subject, blocks, view.conventions);
}
