import { describe, expect, it } from 'vitest';
import { child, obligation } from '../helpers/records.js';

describe('statutory reviews (CPPCR 2010 reg 33)', () => {
  it.each([
    {
      name: 'reg 33(1): 20 working days, skipping 6 May and 27 May (worked example)',
      start: '2024-05-01',
      reviews: [],
      asOf: '2024-06-03',
      due: '2024-05-31',
      status: 'overdue',
      days: -3,
      citation: 'CPPCR 2010 reg 33(1)',
    },
    {
      name: 'reg 33(1): over Easter 2024',
      start: '2024-03-01',
      reviews: [],
      asOf: '2024-03-20',
      due: '2024-04-02',
      status: 'due-soon',
      days: 13,
      citation: 'CPPCR 2010 reg 33(1)',
    },
    {
      name: 'reg 33(1): over Christmas 2022 with substitute days and 2 Jan 2023',
      start: '2022-12-09',
      reviews: [],
      asOf: '2022-12-09',
      due: '2023-01-11',
      status: 'upcoming',
      days: 33,
      citation: 'CPPCR 2010 reg 33(1)',
    },
    {
      name: 'reg 33(2): second review 3 months after the first (worked example)',
      start: '2024-02-20',
      reviews: ['2024-03-15'],
      asOf: '2024-06-03',
      due: '2024-06-15',
      status: 'due-soon',
      days: 12,
      citation: 'CPPCR 2010 reg 33(2)',
    },
    {
      name: 'reg 33(2): later reviews 6 months apart, month-end clamped',
      start: '2023-01-10',
      reviews: ['2023-02-01', '2023-05-01', '2023-08-31'],
      asOf: '2024-02-01',
      due: '2024-02-29',
      status: 'upcoming',
      days: 28,
      citation: 'CPPCR 2010 reg 33(2)',
    },
    {
      name: 'new period of care: earlier reviews do not count (rules.md §4.3)',
      start: '2024-05-01',
      reviews: ['2023-01-01', '2023-07-01'],
      asOf: '2024-06-03',
      due: '2024-05-31',
      status: 'overdue',
      days: -3,
      citation: 'CPPCR 2010 reg 33(1)',
    },
  ])('$name', ({ start, reviews, asOf, due, status, days, citation }) => {
    const record = child({ periodOfCareStart: start, placement: { start, type: 'foster' }, reviews });
    expect(obligation(record, asOf, 'review')).toMatchObject({ dueDate: due, status, days, citation });
  });

  it('is not restarted by a placement move', () => {
    const record = child({
      periodOfCareStart: '2024-01-02',
      placement: { start: '2024-05-20', type: 'foster' },
      reviews: ['2024-01-25'],
    });
    expect(obligation(record, '2024-06-03', 'review')?.dueDate).toBe('2024-04-25');
  });
});
