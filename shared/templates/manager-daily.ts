/**
 * The next-morning email to a team manager about what nobody else will be told: cases that reach no worker,
 * grouped by cause and worker ("W012 (Sam Morgan) has left: 20 cases to reallocate", not 20 rows), and records
 * that could not be read, with the problem in plain English. The same "needs you" blocks open the weekly digest.
 */
import { headerSafe } from '../domain/header-text.js';
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { countOf } from '../domain/wording.js';
import { type Block, type MailConventions, type RenderedEmail, renderDocument } from './document.js';
import { type ItemView, worstFirst } from './reminder-items.js';
import { type StaleDataView, staleDataBlocks } from './stale-data.js';
import { type NotReadableView, notReadableBlocks } from './not-readable.js';

export interface DataQualityView {
  recordId: string | null;
  link?: string;
  /** The problem in plain English (see PROBLEM_WORDS). */
  problem: string;
  /** Which field, never its value. */
  detail: string;
  /**
   * The record was still evaluated without this value (rules.md §4 item 10: a bad or future item of a list, a bad
   * completion date); absent or false: no deadline could be worked out for the record.
   */
  valueLeftOut?: boolean;
}

/** A group of cases reaching nobody, already worded by the use case. */
export interface UnreachableGroupView {
  line: string;
  cases: number;
  overdueItems: number;
  /** Listed under the group line when given, up to the list limit. */
  items?: ItemView[];
  /** Cases of the group with no item listed (nothing due soon): named too, up to the list limit. */
  quietCases?: { recordId: string; caseLabel: string; link: string }[];
  /** What the quiet cases have due, in words (default "nothing in the next weeks"). */
  quietNote?: string;
}

export interface ManagerDailyView {
  teamName: string;
  asOf: Day;
  groups: UnreachableGroupView[];
  dataQuality: DataQualityView[];
  /** Rows listed per group and per unreadable list before the rest is counted. */
  listLimit: number;
  worklistLink: string;
  conventions: MailConventions;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
  /** Cases the export names but could not read. */
  notReadable?: NotReadableView[];
}

/** The "needs you" section shared by the manager's daily email and the weekly digest. */
export function needsYouBlocks(
  groups: UnreachableGroupView[],
  dataQuality: DataQualityView[],
  listLimit: number,
  worklistLink: string,
  notReadable: readonly NotReadableView[] = [],
): Block[] {
  const blocks: Block[] = [];
  if (groups.length) {
    blocks.push({
      kind: 'table',
      caption: 'Cases no worker is being reminded about',
      head: ['Cause', 'Overdue items'],
      rows: groups.map((g) => [g.line, String(g.overdueItems)]),
      widths: [75, 25],
    });
    for (const g of groups) blocks.push(...groupListBlocks(g, listLimit, worklistLink));
  }
  const unreadable = dataQuality.filter((d) => !d.valueLeftOut);
  const leftOut = dataQuality.filter((d) => d.valueLeftOut);
  if (unreadable.length)
    blocks.push(
      {
        kind: 'p',
        parts: ['No deadlines can be worked out for these records until they are corrected in the case system.'],
      },
      ...dataQualityBlocks(
        unreadable,
        `Records that could not be read (${unreadable.length})`,
        listLimit,
        'could not be read',
      ),
    );
  if (leftOut.length)
    blocks.push(
      {
        kind: 'p',
        parts: [
          'These values were left out and every other deadline of the case worked out: correct them in the case system.',
        ],
      },
      ...dataQualityBlocks(leftOut, `Values to correct (${leftOut.length})`, listLimit, 'to correct'),
    );
  blocks.push(...notReadableBlocks(notReadable, listLimit));
  return blocks;
}

function dataQualityBlocks(list: DataQualityView[], caption: string, listLimit: number, more: string): Block[] {
  const shown = list.slice(0, listLimit);
  const blocks: Block[] = [
    {
      kind: 'table',
      caption,
      head: ['Record', 'Problem'],
      rows: shown.map((d) => [
        d.link ? { text: d.recordId ?? 'no reference', href: d.link } : (d.recordId ?? 'no reference'),
        `${d.problem} (${d.detail}).`,
      ]),
      widths: [35, 65],
    },
  ];
  if (list.length > shown.length)
    blocks.push({ kind: 'p', parts: [`${countOf(list.length - shown.length, 'record')} more ${more}, not listed.`] });
  return blocks;
}

/**
 * One group's list: its items worst first, then the cases with nothing listed, together up to the limit; the rest
 * counted with a link to the case system.
 */
export function groupListBlocks(g: UnreachableGroupView, listLimit: number, worklistLink: string): Block[] {
  const items = g.items ?? [];
  const quiet = g.quietCases ?? [];
  if (!items.length && !quiet.length) return [];
  const blocks: Block[] = [];
  const shown = worstFirst(items).slice(0, listLimit);
  if (shown.length) blocks.push({ kind: 'items', caption: g.line, items: shown, order: 'given' });
  const quietShown = quiet.slice(0, Math.max(0, listLimit - shown.length));
  if (quietShown.length)
    blocks.push({
      kind: 'table',
      caption: shown.length ? `${g.line}: cases with nothing due soon` : g.line,
      head: ['Case', 'Due'],
      rows: quietShown.map((c) => [{ text: c.caseLabel, href: c.link }, g.quietNote ?? 'nothing in the next weeks']),
      widths: [60, 40],
    });
  const moreItems = items.length - shown.length;
  const moreCases = quiet.length - quietShown.length;
  if (moreItems || moreCases)
    blocks.push({
      kind: 'p',
      parts: [
        `${[moreItems && `${countOf(moreItems, 'item')}`, moreCases && `${countOf(moreCases, 'case')}`].filter(Boolean).join(' and ')} more not listed: `,
        { text: 'see the team caseload in the case system', href: worklistLink },
        '.',
      ],
    });
  return blocks;
}

const unreadableCount = (list: DataQualityView[]) => list.filter((d) => !d.valueLeftOut).length;
const valuesCount = (list: DataQualityView[]) => list.filter((d) => d.valueLeftOut).length;

export function renderManagerDaily(view: ManagerDailyView): RenderedEmail {
  const cases = view.groups.reduce((n, g) => n + g.cases, 0);
  const parts = [
    cases && `${countOf(cases, 'case')} ${cases === 1 ? 'reaches' : 'reach'} no worker`,
    unreadableCount(view.dataQuality) && `${countOf(unreadableCount(view.dataQuality), 'record')} could not be read`,
    valuesCount(view.dataQuality) && `${countOf(valuesCount(view.dataQuality), 'value')} to correct`,
    view.notReadable?.length && `${countOf(view.notReadable.length, 'case')} not readable in the export`,
  ].filter(Boolean);
  const subject = headerSafe(`${view.teamName}: ${parts.join('; ')}, ${humanDayWithWeekday(view.asOf)}`);
  return renderDocument(
    subject,
    [
      ...staleDataBlocks(view.staleData),
      { kind: 'h1', text: `Needs a manager: ${view.teamName}` },
      {
        kind: 'p',
        parts: [
          cases
            ? 'These cases are not reaching a worker, so nobody else is being reminded about them. Please allocate or reallocate them, or correct the record, in the case system.'
            : 'These records need correcting in the case system: until they are, what they hold cannot be relied on.',
        ],
      },
      ...needsYouBlocks(view.groups, view.dataQuality, view.listLimit, view.worklistLink, view.notReadable),
    ],
    view.conventions,
  );
}
