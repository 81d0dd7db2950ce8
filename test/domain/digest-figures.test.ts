import { obligationOf } from '../helpers/records.js';
import { describe, expect, it } from 'vitest';
import { type Figure, computeFigures, directionOf } from '../../shared/domain/digest-figures.js';
import type { Obligation } from '../../shared/domain/obligations.js';
import { changeInWords, declinedNote } from '../../shared/templates/digests.js';
import type { Day } from '../../shared/domain/calendar/local-date.js';

const ob = obligationOf;
/** `n` cases, each with one visit of the given status. */
const visits = (...statuses: Obligation['status'][]) => statuses.map((s) => [ob('visit', s)]);

describe('digest figures: share of cases in time', () => {
  it.each([
    // name, cases, applicable, in time, percent
    ['2 of 3 rounds to 66.7 (flooring would give 66.6)', visits('upcoming', 'due-soon', 'overdue'), 3, 2, 66.7],
    ['1 of 3 is 33.3', visits('upcoming', 'overdue', 'overdue'), 3, 1, 33.3],
    ['5 of 6 rounds up to 83.3 (83.33…)', visits(...Array(5).fill('upcoming'), 'overdue'), 6, 5, 83.3],
    [
      '11 of 12 rounds to 91.7 (91.66…, flooring gives 91.6)',
      visits(...Array(11).fill('upcoming'), 'overdue'),
      12,
      11,
      91.7,
    ],
    ['due today is still in time, not late', visits('due-today', 'due-today', 'overdue'), 3, 2, 66.7],
    ['not applicable is left out of both counts', visits('not-applicable', 'upcoming', 'overdue'), 2, 1, 50],
    ['nothing applicable has no percentage', visits('not-applicable'), 0, 0, null],
  ] as const)('%s', (_name, cases, applicable, inTime, percent) => {
    const f = computeFigures(cases as Obligation[][]).visits;
    expect(f).toEqual({ applicable, inTime, percent });
  });

  it('counts each measure from its own obligation only', () => {
    const f = computeFigures([[ob('visit', 'overdue'), ob('review', 'upcoming'), ob('needs-assessment', 'overdue')]]);
    expect(f.visits).toEqual({ applicable: 1, inTime: 0, percent: 0 });
    expect(f.reviews).toEqual({ applicable: 1, inTime: 1, percent: 100 });
  });
});

describe('digest figures: declines', () => {
  const declinedDental = (status: Obligation['status']) => [{ ...ob('dental-check', status), declined: 19_800 as Day }];
  it('counts a declined child as not in time, and how many declined, beside the figure', () => {
    const f = computeFigures([
      ...Array.from({ length: 9 }, () => [ob('dental-check', 'upcoming')]),
      [ob('dental-check', 'overdue')],
      declinedDental('upcoming'),
      declinedDental('due-soon'),
    ]).dentalChecks;
    // 12 children: 9 in time, 1 overdue, 2 declined (not yet at the re-offer date, still not in time).
    expect(f).toEqual({ applicable: 12, inTime: 9, percent: 75, declined: 2 });
  });

  it('shows "N declined" beside the figure in the digests', () => {
    expect(declinedNote({ applicable: 40, inTime: 37, percent: 92.5, declined: 3 })).toBe(' · 3 declined');
    expect(declinedNote({ applicable: 40, inTime: 37, percent: 92.5 })).toBe('');
  });
});

describe('change against last week', () => {
  const fig = (percent: number | null): Figure => ({ applicable: 3, inTime: 2, percent });
  it.each([
    [66.7, 66.7, 'same', 'no change'],
    [66.7, 50, 'up', 'up 16.7 points'],
    [50, 66.7, 'down', 'down 16.7 points'],
    [66.7, null, 'new', 'no figure last week'],
  ] as const)('%s this week against %s last week is %s', (now, last, direction, words) => {
    expect(directionOf(fig(now), fig(last))).toBe(direction);
    expect(changeInWords(fig(now), fig(last))).toBe(words);
  });

  it('an unchanged figure read back from last week\'s stored snapshot is "no change", not "up"', () => {
    const now = computeFigures(visits('upcoming', 'upcoming', 'overdue')).visits;
    const stored = JSON.parse(JSON.stringify(computeFigures(visits('overdue', 'upcoming', 'upcoming')))).visits;
    expect(changeInWords(now, stored)).toBe('no change');
  });
});
