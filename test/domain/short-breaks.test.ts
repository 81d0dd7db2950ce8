import { describe, expect, it } from 'vitest';
import { child, evaluateAll, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';

describe('short breaks (CPPCR 2010 reg 48)', () => {
  it.each([
    {
      name: 'reg 48: first review within 3 months of the first short break',
      record: child({
        legalStatus: 'shortBreaks',
        periodOfCareStart: '2024-03-15',
        placement: { start: '2024-03-15', type: 'foster' },
      }),
      kind: 'review',
      due: '2024-06-15',
      status: 'due-soon',
      rule: 'review-short-breaks-first',
    },
    {
      name: 'reg 48: then at most every 6 months',
      record: child({ legalStatus: 'shortBreaks', reviews: ['2023-04-01', '2024-01-31'] }),
      kind: 'review',
      due: '2024-07-31',
      status: 'upcoming',
      rule: 'review-short-breaks',
    },
    {
      name: 'reg 48: visits at the agreed interval after the last visit',
      record: child({ legalStatus: 'shortBreaks', shortBreakVisitWeeks: 12, visits: ['2024-04-01'] }),
      kind: 'visit',
      due: '2024-06-24',
      status: 'upcoming',
      rule: 'visit-short-breaks',
    },
    {
      name: 'reg 48: with no visit recorded, the agreed interval after the placement started',
      record: child({
        legalStatus: 'shortBreaks',
        shortBreakVisitWeeks: 4,
        placement: { start: '2024-05-01', type: 'foster' },
      }),
      kind: 'visit',
      due: '2024-05-29',
      status: 'overdue',
      rule: 'visit-short-breaks-first',
    },
  ])('$name', ({ record, kind, due, status, rule }) => {
    expect(obligation(record, asOf, kind)).toMatchObject({
      dueDate: due,
      status,
      rule,
      citation: 'CPPCR 2010 reg 48',
      force: 'statutory',
    });
  });

  it('reg 48: no visit obligation without shortBreakVisitWeeks; no health, dental, PEP, SDQ, supervision or eligibility duties', () => {
    // An eligible 16-year-old, so every child duty would otherwise apply.
    const record = child({
      legalStatus: 'shortBreaks',
      dateOfBirth: '2007-09-01',
      periodOfCareStart: '2021-01-10',
      placement: { start: '2021-01-10', type: 'foster' },
    });
    expect(evaluateAll(record, asOf).map((o) => o.obligation)).toEqual(['review']);
    const regular = evaluateAll({ ...record, legalStatus: 'section20' }, asOf).map((o) => o.obligation);
    expect(regular).toEqual(
      expect.arrayContaining(['visit', 'health-assessment', 'sdq', 'needs-assessment', 'personal-adviser']),
    );
  });

  it('shortBreakVisitWeeks on any other legal status is ignored (reg 28 applies)', () => {
    const record = child({ shortBreakVisitWeeks: 26, placement: { start: '2024-05-24', type: 'foster' } });
    expect(obligation(record, asOf, 'visit')).toMatchObject({
      dueDate: '2024-05-31',
      citation: 'CPPCR 2010 reg 28(2)(a)',
    });
  });
});
