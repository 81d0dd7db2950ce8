/**
 * The daily email to a social worker or personal adviser, in the order they act on it: what needs doing today (due
 * today, newly overdue), then the rest of the overdue backlog, worst first, then what is due soon, then what is
 * coming up; items overdue longer than the policy's limit (default 90 days) are collapsed into a count and a link to
 * their case system, so a worker with a long backlog still sees today's item at the top and no overdue visit sits
 * below a list of things not yet due. Each row that changed since the reader's last email says how. The cases of a
 * colleague the reader covers come in a section of their own. Days are calendar days, in words, everywhere.
 */
import { headerSafe } from '../domain/header-text.js';
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { type Block, type MailConventions, type RenderedEmail, renderDocument } from './document.js';
import { type ItemView, changeMark, countsPhrase, worstFirst } from './reminder-items.js';

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
  /** Colleagues away whose cases the reader covers meanwhile, each in a section of its own. */
  covering?: CoveringView[];
  /** A case in the reader's last email is no longer allocated to them. */
  casesMovedAway?: boolean;
  /** The reader's first email after leave: it leads with what changed while they were away. */
  returnedFrom?: {
    from: Day;
    until: Day /** Whether rows are marked (not on a first email). */;
    changesMarked: boolean;
  };
}

export interface CoveringView {
  /** The colleague who is away. */
  name: string;
  until: Day;
  items: ItemView[];
  comingUp: ItemView[];
}

/** Coming-up items listed before the rest are counted: the email is about today, not next month. */
export const COMING_UP_LISTED = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The worker email's sections, in reading order: pure, so tests can check the order. */
export function workerSections(view: Pick<WorkerReminderView, 'items' | 'collapseOverdueAfterDays'>) {
  const today = [
    ...view.items.filter((i) => i.urgency === 'overdue' && i.newlyOverdue),
    ...view.items.filter((i) => i.urgency === 'due-today'),
  ];
  const dueSoon = [...view.items.filter((i) => i.urgency === 'due-soon')].sort((a, b) => a.days - b.days);
  const backlog = worstFirst(view.items.filter((i) => i.urgency === 'overdue' && !i.newlyOverdue));
  const listed = backlog.filter((i) => -i.days <= view.collapseOverdueAfterDays);
  const collapsed = backlog.length - listed.length;
  return { today, dueSoon, listed, collapsed };
}

/** The rows of a section, in reading order: today, the overdue backlog, due soon, coming up. */
function sectionBlocks(
  view: Pick<WorkerReminderView, 'items' | 'comingUp' | 'comingUpDays' | 'collapseOverdueAfterDays' | 'worklistLink'>,
  whose: string,
): Block[] {
  // Declined and not yet at the re-offer date: shown apart, in their own words, never as late.
  const isDeclined = (i: ItemView) => i.declined !== undefined && i.urgency !== 'overdue';
  const declined = [...view.items, ...view.comingUp].filter(isDeclined).sort((a, b) => a.days - b.days);
  const { today, dueSoon, listed, collapsed } = workerSections({
    ...view,
    items: view.items.filter((i) => !isDeclined(i)),
  });
  const comingUp = view.comingUp.filter((i) => !isDeclined(i));
  const h = (text: string): Block => ({ kind: 'h2', text: `${whose}${text}` });
  const blocks: Block[] = [h(`Needs doing today (${today.length})`)];
  blocks.push(
    today.length
      ? { kind: 'items', caption: 'Due today or newly overdue', items: today, order: 'given' }
      : { kind: 'p', parts: ['Nothing is due today and nothing has newly become overdue.'] },
  );
  if (listed.length || collapsed) {
    blocks.push(h(`Still overdue (${listed.length + collapsed})`));
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
  if (dueSoon.length) {
    blocks.push(h(`Due soon (${dueSoon.length})`));
    blocks.push({ kind: 'items', caption: 'Soonest first', items: dueSoon, order: 'given' });
  }
  if (declined.length) {
    blocks.push(h(`Declined: to offer again (${declined.length})`));
    blocks.push({
      kind: 'items',
      caption: 'Refused or consent withheld; offer again by the date shown',
      items: declined,
      order: 'given',
    });
  }
  if (comingUp.length) {
    const soonest = [...comingUp].sort((a, b) => a.days - b.days).slice(0, COMING_UP_LISTED);
    blocks.push(h(`Coming up in the next ${Math.round(view.comingUpDays / 7)} weeks (${comingUp.length})`));
    blocks.push({ kind: 'items', caption: 'Soonest first', items: soonest, order: 'given' });
    const later = comingUp.length - soonest.length;
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
  return blocks;
}

/** "Since your last email: 2 new, 1 now overdue." (nothing when nothing is marked). */
function changesSentence(items: readonly ItemView[]): string {
  const counts = new Map<string, number>();
  for (const i of items) {
    const m = changeMark(i);
    if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const order = ['new', 'now overdue', 'due date moved', 'declined'];
  const parts = order.filter((m) => counts.has(m)).map((m) => `${counts.get(m)} ${m}`);
  return parts.length ? `${parts.join(', ')}, marked below.` : 'Nothing in your cases changed.';
}

export function renderWorkerReminder(view: WorkerReminderView): RenderedEmail {
  const covering = view.covering ?? [];
  // Counted as the reader acts on them: a decline before its re-offer date is not "due soon".
  const everything = [...view.items, ...covering.flatMap((c) => c.items)].filter(
    (i) => i.declined === undefined || i.urgency === 'overdue',
  );
  const subject = headerSafe(
    `${countsPhrase(everything)}: your statutory deadlines, ${humanDayWithWeekday(view.asOf)}`,
  );
  const blocks: Block[] = [...staleDataBlocks(view.staleData)];
  if (view.returnedFrom) {
    const period = `${humanDayWithWeekday(view.returnedFrom.from)} to ${humanDayWithWeekday(view.returnedFrom.until)}`;
    blocks.push({
      kind: 'p',
      tone: 'panel',
      parts: [
        view.returnedFrom.changesMarked
          ? `Welcome back. While you were away (${period}): ${changesSentence([...view.items, ...view.comingUp])}`
          : `Welcome back from your leave (${period}). This is your first email from this service: it lists everything.`,
      ],
    });
  }
  blocks.push(
    { kind: 'h1', text: 'Your statutory deadlines' },
    {
      kind: 'p',
      parts: [
        `Hello ${view.workerName}. On ${humanDayWithWeekday(view.asOf)} you have ${countsPhrase(everything)}. Each case links to your case system.`,
      ],
    },
  );
  if (view.casesMovedAway)
    blocks.push({
      kind: 'p',
      parts: [
        'A case in your last email is no longer allocated to you, so it is not listed here: ',
        { text: 'see your caseload in the case system', href: view.worklistLink },
        '.',
      ],
    });
  blocks.push(...sectionBlocks(view, ''));
  for (const c of covering) {
    blocks.push({ kind: 'h1', text: `Covering for ${c.name} until ${humanDayWithWeekday(c.until)}` });
    blocks.push({
      kind: 'p',
      parts: [`${c.name} is away: their cases come to you until they are back. ${countsPhrase(c.items)}.`],
    });
    blocks.push(...sectionBlocks({ ...view, items: c.items, comingUp: c.comingUp }, `${c.name}: `));
  }
  blocks.push({
    kind: 'p',
    tone: 'small',
    parts: [
      `Sent on a working day when something changed in your cases: an item reached a reminder date or became overdue, a case came or went, a decline was recorded. Days are calendar days. ${
        view.firstEmail
          ? 'From your next email, each row that changed since the one before says how ("new", "now overdue", "due date moved", "declined"). '
          : 'Each row that changed since your last email says how ("new", "now overdue", "due date moved", "declined"). '
      }Dates are worked out from what is recorded in the case system: if a date looks wrong, the record needs updating there.`,
    ],
  });
  return renderDocument(subject, blocks, view.conventions);
}
