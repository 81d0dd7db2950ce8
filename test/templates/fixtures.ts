/** Fixed, fictional views for the email tests and the screenshots: every kind of email, with a realistic backlog. */
import { obligationOf } from '../helpers/records.js';
import { type Day, day } from '../../shared/domain/calendar/local-date.js';
import { type Figures, computeFigures } from '../../shared/domain/digest-figures.js';
import type { MailConventions } from '../../shared/templates/document.js';
import type { ItemView } from '../../shared/templates/reminder-items.js';

export const ASOF = day('2024-06-03');
export const conventions: MailConventions = {
  serviceName: "Example Council children's services",
  contact: 'the performance team (performance@example-council.gov.uk)',
};
const link = (id: string) => `https://case-system.example-council.gov.uk/cases/${id}`;
export const WORKLIST = 'https://case-system.example-council.gov.uk/my-caseload';

export function item(n: number, days: number, over: Partial<ItemView> = {}): ItemView {
  const id = `LA-C${100000 + n}`;
  return {
    recordId: id,
    caseLabel: `${id} (${String.fromCharCode(65 + (n % 26))}.${String.fromCharCode(65 + ((n * 7) % 26))}.)`,
    link: link(id),
    obligation: 'visit',
    label: 'Statutory visit',
    due: (ASOF + days) as Day,
    days,
    citation: 'CPPCR 2010 reg 28(2)(b)',
    urgency: days < 0 ? 'overdue' : days === 0 ? 'due-today' : days <= 14 ? 'due-soon' : 'coming-up',
    isNew: false,
    ...over,
  };
}

/** A worker with a long backlog: 27 overdue items (some over 90 days), one due today, one newly overdue. */
export function backlogWorkerItems(): ItemView[] {
  const items: ItemView[] = [];
  for (let i = 0; i < 27; i++) items.push(item(i, -10 - i * 20, { isNew: false }));
  items.push(item(50, 0, { obligation: 'review', label: 'Statutory review', citation: 'CPPCR 2010 reg 33(2)' }));
  items.push(item(51, -2, { newlyOverdue: true, isNew: true }));
  items.push(item(52, 6, { obligation: 'pep', label: 'Personal education plan', citation: 'PEP guidance (DfE 2018)' }));
  return items;
}

const ob = obligationOf;

/** Figures near a normal authority's: 92 % visits in time this week, 91 % last week. */
export function figuresPair(): { figures: Figures; lastWeek: Figures } {
  const team = (lateVisits: number) =>
    Array.from({ length: 50 }, (_, i) => [
      ob('visit', i < lateVisits ? 'overdue' : 'upcoming'),
      ob('review', i === 0 ? 'overdue' : 'upcoming'),
      ob('pep', i < 2 ? 'overdue' : 'due-today'),
      ob('supervision', i < 3 ? 'overdue' : 'upcoming'),
    ]);
  return { figures: computeFigures(team(4)), lastWeek: computeFigures(team(5)) };
}
