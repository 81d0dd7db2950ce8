import { describe, expect, it } from 'vitest';
import { child, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';

describe('statutory visits (CPPCR 2010 reg 28)', () => {
  it.each([
    {
      name: 'reg 28(2)(a): first visit within 1 week of the placement start (rules.md worked example)',
      record: child({ periodOfCareStart: '2024-05-24', placement: { start: '2024-05-24', type: 'foster' } }),
      due: '2024-05-31',
      status: 'overdue',
      days: -3,
      citation: 'CPPCR 2010 reg 28(2)(a)',
    },
    {
      name: 'reg 28(2)(c)(i): after the first year of a placement intended to last until 18, 3 months (worked example)',
      record: child({
        placement: { start: '2023-01-10', type: 'foster', intendedUntil18: true },
        visits: ['2024-03-20'],
      }),
      due: '2024-06-20',
      status: 'upcoming',
      days: 17,
      citation: 'CPPCR 2010 reg 28(2)(c)(i)',
    },
    {
      name: 'reg 28(2)(b): last visit within the first year, 6 weeks even when intended until 18',
      record: child({
        placement: { start: '2023-06-01', type: 'foster', intendedUntil18: true },
        visits: ['2024-05-20'],
      }),
      due: '2024-07-01',
      status: 'upcoming',
      days: 28,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(2)(c)(ii): after the first year, not intended until 18: 6 weeks',
      record: child({ placement: { start: '2023-01-10', type: 'residential' }, visits: ['2024-05-01'] }),
      due: '2024-06-12',
      status: 'due-soon',
      days: 9,
      citation: 'CPPCR 2010 reg 28(2)(c)(ii)',
    },
    {
      name: 'reg 28(3A): long-term foster, over a year, child agreed: 6 months',
      record: child({
        placement: {
          start: '2022-01-10',
          type: 'foster',
          longTermFoster: true,
          reducedVisitsAgreed: true,
          intendedUntil18: true,
        },
        visits: ['2024-01-31'],
      }),
      due: '2024-07-31',
      status: 'upcoming',
      days: 58,
      citation: 'CPPCR 2010 reg 28(3A)',
    },
    {
      name: 'reg 28(3A) does not apply before the placement is a year old',
      record: child({
        placement: { start: '2023-09-01', type: 'foster', longTermFoster: true, reducedVisitsAgreed: true },
        visits: ['2024-05-01'],
      }),
      due: '2024-06-12',
      status: 'due-soon',
      days: 9,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(3A) needs the child to have agreed',
      record: child({
        placement: { start: '2022-01-10', type: 'foster', longTermFoster: true, intendedUntil18: true },
        visits: ['2024-04-01'],
      }),
      due: '2024-07-01',
      status: 'upcoming',
      days: 28,
      citation: 'CPPCR 2010 reg 28(2)(c)(i)',
    },
    {
      name: 'reg 28(3)(a): reg 19 placement, weekly until the first review',
      record: child({
        placement: { start: '2024-05-01', type: 'placedWithParentPreAssessment' },
        visits: ['2024-05-08', '2024-05-29'],
      }),
      due: '2024-06-05',
      status: 'due-soon',
      days: 2,
      citation: 'CPPCR 2010 reg 28(3)(a)',
    },
    {
      name: 'reg 28(3)(b): reg 19 placement after the first review, 6 weeks',
      record: child({
        placement: { start: '2024-04-01', type: 'placedWithParentPreAssessment' },
        visits: ['2024-05-29'],
        reviews: ['2024-04-26'],
      }),
      due: '2024-07-10',
      status: 'upcoming',
      days: 37,
      citation: 'CPPCR 2010 reg 28(3)(b)',
    },
    {
      name: 'reg 28(4)(a): connected person with temporary approval, weekly until the first review',
      record: child({ placement: { start: '2024-05-20', type: 'connectedPersonTemporary' }, visits: ['2024-05-24'] }),
      due: '2024-05-31',
      status: 'overdue',
      days: -3,
      citation: 'CPPCR 2010 reg 28(4)(a)',
    },
    {
      name: 'reg 28(4)(b): connected person after the first review, 4 weeks',
      record: child({
        placement: { start: '2024-04-01', type: 'connectedPersonTemporary' },
        visits: ['2024-05-20'],
        reviews: ['2024-04-29'],
      }),
      due: '2024-06-17',
      status: 'due-soon',
      days: 14,
      citation: 'CPPCR 2010 reg 28(4)(b)',
    },
    {
      name: 'reg 28(4): interim care order and living with a parent',
      record: child({
        legalStatus: 'interimCareOrder',
        placement: { start: '2024-05-01', type: 'placedWithParent' },
        visits: ['2024-05-30'],
      }),
      due: '2024-06-06',
      status: 'due-soon',
      days: 3,
      citation: 'CPPCR 2010 reg 28(4)(a)',
    },
    {
      name: 'reg 28(4): a review before the placement start does not end the weekly visits',
      record: child({
        placement: { start: '2024-05-20', type: 'connectedPersonTemporary' },
        visits: ['2024-05-31'],
        reviews: ['2024-05-10'],
      }),
      due: '2024-06-07',
      status: 'due-soon',
      days: 4,
      citation: 'CPPCR 2010 reg 28(4)(a)',
    },
    {
      name: 'reg 28(5)(a): care order at home, within 1 week of the care order',
      record: child({
        legalStatus: 'careOrder',
        careOrderDate: '2024-05-28',
        placement: { start: '2023-11-01', type: 'placedWithParent' },
        visits: ['2024-05-01'],
      }),
      due: '2024-06-04',
      status: 'due-soon',
      days: 1,
      citation: 'CPPCR 2010 reg 28(5)(a)',
    },
    {
      name: 'reg 28(5)(b): care order at home, then 6 weeks',
      record: child({
        legalStatus: 'careOrder',
        careOrderDate: '2024-03-01',
        placement: { start: '2023-11-01', type: 'placedWithParent' },
        visits: ['2024-03-05', '2024-04-30'],
      }),
      due: '2024-06-11',
      status: 'due-soon',
      days: 8,
      citation: 'CPPCR 2010 reg 28(5)(b)',
    },
    {
      name: 'placement move: visits before the new placement do not count (rules.md §4.1)',
      record: child({ placement: { start: '2024-05-27', type: 'foster' }, visits: ['2024-05-20'] }),
      due: '2024-06-03',
      status: 'due-today',
      days: 0,
      citation: 'CPPCR 2010 reg 28(2)(a)',
    },
    {
      name: 'temporary approval became full approval: the standard cadence applies (rules.md §4.2)',
      record: child({
        placement: { start: '2024-03-01', type: 'foster' },
        visits: ['2024-05-30'],
        reviews: ['2024-03-20'],
      }),
      due: '2024-07-11',
      status: 'upcoming',
      days: 38,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
  ])('$name', ({ record, due, status, days, citation }) => {
    const o = obligation(record, asOf, 'visit');
    expect(o).toMatchObject({ dueDate: due, status, days, citation, force: 'statutory' });
  });

  const flags = { longTermFoster: true, reducedVisitsAgreed: true };
  it.each([
    {
      name: 'reg 28(3A) is for foster placements only: residential with the flags keeps reg 28(2) (issue example)',
      record: child({ placement: { start: '2023-01-10', type: 'residential', ...flags }, visits: ['2024-04-01'] }),
      asOf: '2024-06-10',
      due: '2024-05-13',
      status: 'overdue',
      days: -28,
      citation: 'CPPCR 2010 reg 28(2)(c)(ii)',
    },
    {
      name: 'reg 28(3A) flags on an "other" placement are ignored: reg 28(2)(c)(i) when intended until 18',
      record: child({
        placement: { start: '2022-01-10', type: 'other', intendedUntil18: true, ...flags },
        visits: ['2024-04-01'],
      }),
      asOf,
      due: '2024-07-01',
      status: 'upcoming',
      days: 28,
      citation: 'CPPCR 2010 reg 28(2)(c)(i)',
    },
    {
      name: 'reg 28(3A) flags on a placement with a parent (section 20) are ignored: reg 28(2)',
      record: child({
        legalStatus: 'section20',
        placement: { start: '2022-01-10', type: 'placedWithParent', ...flags },
        visits: ['2024-04-01'],
      }),
      asOf,
      due: '2024-05-13',
      status: 'overdue',
      days: -21,
      citation: 'CPPCR 2010 reg 28(2)(c)(ii)',
    },
    {
      name: 'reg 28(3A) "first year" is judged at the last visit (rules.md example): a last visit inside it, 6 weeks',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2023-12-15'] }),
      asOf: '2024-01-26',
      due: '2024-01-26',
      status: 'due-today',
      days: 0,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(3A) rules.md example: the visit missed in the first year is still overdue the day before the anniversary',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2023-12-15'] }),
      asOf: '2024-03-28',
      due: '2024-01-26',
      status: 'overdue',
      days: -62,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(3A) rules.md example: still overdue on the anniversary (never turns into an upcoming one)',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2023-12-15'] }),
      asOf: '2024-03-29',
      due: '2024-01-26',
      status: 'overdue',
      days: -63,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(3A) rules.md example: still overdue after the anniversary',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2023-12-15'] }),
      asOf: '2024-06-03',
      due: '2024-01-26',
      status: 'overdue',
      days: -129,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(3A) boundary: a last visit on the first anniversary of the placement: 6 months',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2024-03-29'] }),
      asOf: '2024-06-03',
      due: '2024-09-29',
      status: 'upcoming',
      days: 118,
      citation: 'CPPCR 2010 reg 28(3A)',
    },
    {
      name: 'reg 28(3A) boundary: a last visit the day before the anniversary: reg 28(2)(b), 6 weeks, even on a later as-of date',
      record: child({ placement: { start: '2023-03-29', type: 'foster', ...flags }, visits: ['2024-03-28'] }),
      asOf: '2024-06-03',
      due: '2024-05-09',
      status: 'overdue',
      days: -25,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
    {
      name: 'reg 28(2)(b)/(c) boundary: a visit on the first anniversary is after the first year (3 months when intended until 18)',
      record: child({
        placement: { start: '2023-05-01', type: 'foster', intendedUntil18: true },
        visits: ['2024-05-01'],
      }),
      asOf,
      due: '2024-08-01',
      status: 'upcoming',
      days: 59,
      citation: 'CPPCR 2010 reg 28(2)(c)(i)',
    },
    {
      name: 'reg 28(2)(b)/(c) boundary: a visit the day before the anniversary is in the first year (6 weeks)',
      record: child({
        placement: { start: '2023-05-02', type: 'foster', intendedUntil18: true },
        visits: ['2024-05-01'],
      }),
      asOf,
      due: '2024-06-12',
      status: 'due-soon',
      days: 9,
      citation: 'CPPCR 2010 reg 28(2)(b)',
    },
  ])('$name', ({ record, asOf: on, due, status, days, citation }) => {
    const o = obligation(record, on, 'visit');
    expect(o).toMatchObject({ dueDate: due, status, days, citation, force: 'statutory' });
  });

  it('explains the cadence in words a worker understands', () => {
    const o = obligation(
      child({ placement: { start: '2024-01-10', type: 'foster' }, visits: ['2024-03-20'] }),
      asOf,
      'visit',
    );
    expect(o?.explanation).toBe(
      '6 weeks after the last visit on 20 Mar 2024, first year of the placement that started 10 Jan 2024',
    );
  });

  it('keeps visits due for a missing child, and says so (rules.md §4.7)', () => {
    const o = obligation(
      child({ placement: { start: '2024-05-24', type: 'foster' }, flags: ['missing'] }),
      asOf,
      'visit',
    );
    expect(o?.status).toBe('overdue');
    expect(o?.explanation).toContain('recorded as missing: still due');
  });
});
