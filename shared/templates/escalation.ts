/**
 * The escalation email: one a day per manager or head of service, listing the items newly past the escalation
 * threshold, worst first, capped (the rest counted, with a link), with one line saying what the reader is asked to
 * do. Short enough to read on a phone between meetings; never one email per item.
 */
import { headerSafe } from '../domain/header-text.js';
import { type StaleDataView, staleDataBlocks } from './stale-data.js';
import { type Day, humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { countOf } from '../domain/wording.js';
import { type Block, type MailConventions, type RenderedEmail, renderDocument } from './document.js';
import type { ItemView } from './reminder-items.js';

export interface EscalationView {
  asOf: Day;
  level: 'manager' | 'head-of-service';
  /** The team, or "several teams" for a head of service. */
  scopeName: string;
  /** Worst first, already capped. */
  items: ItemView[];
  /** Escalated items not listed. */
  more: number;
  worklistLink: string;
  conventions: MailConventions;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
}

export const ESCALATION_ASK: Record<EscalationView['level'], string> = {
  manager:
    'Please check each case with its worker today, agree a date for what is overdue, and reallocate any case its worker cannot reach.',
  'head-of-service':
    "Please raise these with the team managers this week: each is long overdue and has already been escalated to the team's managers.",
};

export function renderEscalation(view: EscalationView): RenderedEmail {
  const total = view.items.length + view.more;
  const subject = headerSafe(
    `Escalation: ${countOf(total, 'item')} long overdue in ${view.scopeName}, ${humanDayWithWeekday(view.asOf)}`,
  );
  const blocks: Block[] = [
    ...staleDataBlocks(view.staleData),
    { kind: 'h1', text: `${countOf(total, 'item')} long overdue` },
    { kind: 'p', tone: 'panel', parts: [ESCALATION_ASK[view.level]] },
    {
      kind: 'p',
      parts: [
        `These items in ${view.scopeName} have passed the escalation point today. Statutory duties come first; the citation says which rule each one is.`,
      ],
    },
    {
      kind: 'items',
      caption: 'Escalated items, most overdue first',
      items: view.items,
      withOwner: true,
      order: 'given',
    },
  ];
  if (view.more)
    blocks.push({
      kind: 'p',
      parts: [
        `${view.more} more item${view.more === 1 ? '' : 's'} also passed the escalation point and ${view.more === 1 ? 'is' : 'are'} not listed: `,
        { text: 'see the caseload in the case system', href: view.worklistLink },
        ', and the weekly digest.',
      ],
    });
  blocks.push({
    kind: 'p',
    tone: 'small',
    parts: ['Each item is escalated once; at most one escalation email is sent to you a day. Days are calendar days.'],
  });
  return renderDocument(subject, blocks, view.conventions);
}
