import { describe, expect, it } from 'vitest';
import { child, evaluate, obligation } from '../helpers/records.js';

// An authority's own calendar, so the expected dates do not depend on the default.
const termCalendar = [
  { start: '2023-09-04', end: '2023-12-20' },
  { start: '2024-01-04', end: '2024-03-28' },
  { start: '2024-04-15', end: '2024-07-23' },
  { start: '2024-09-03', end: '2024-12-20' },
];

describe('personal education plans (guidance, DfE 2018)', () => {
  const base = { dateOfBirth: '2012-04-01', periodOfCareStart: '2023-01-10' };
  it.each([
    {
      name: 'initial PEP within 20 WD of becoming looked after',
      extra: { periodOfCareStart: '2024-05-01' },
      asOf: '2024-06-03',
      due: '2024-05-31',
      rule: 'pep-initial',
    },
    {
      name: 'initial PEP working days is a setting (10)',
      extra: { periodOfCareStart: '2024-05-01' },
      asOf: '2024-06-03',
      due: '2024-05-16',
      rule: 'pep-initial',
      policy: { pepInitialWorkingDays: 10 },
    },
    {
      name: 'none this term: due on the last day of the current term',
      extra: { peps: ['2024-02-01'] },
      asOf: '2024-06-03',
      due: '2024-07-23',
      rule: 'pep-termly',
    },
    {
      name: 'one this term: due by the end of next term',
      extra: { peps: ['2024-02-01', '2024-05-10'] },
      asOf: '2024-06-03',
      due: '2024-12-20',
      rule: 'pep-termly-next-term',
    },
    {
      name: 'in the holiday after a term without a PEP: overdue from the term end',
      extra: { peps: ['2024-02-01'] },
      asOf: '2024-08-10',
      due: '2024-07-23',
      rule: 'pep-termly',
    },
    {
      name: 'in the holiday after a term with a PEP: due at the end of next term',
      extra: { peps: ['2024-06-01'] },
      asOf: '2024-08-10',
      due: '2024-12-20',
      rule: 'pep-termly-next-term',
    },
  ])('$name', ({ extra, asOf, due, rule, policy }) => {
    const record = child({
      ...base,
      ...extra,
      placement: { start: extra.periodOfCareStart ?? base.periodOfCareStart, type: 'foster' },
    });
    expect(obligation(record, asOf, 'pep', { termCalendar, ...policy })).toMatchObject({
      dueDate: due,
      rule,
      force: 'guidance',
    });
  });

  it.each([
    ['2021-07-01', false, 'aged 2'],
    ['2021-06-03', true, 'aged 3 today'],
    ['2006-06-04', true, 'aged 17'],
  ])('applies by age on the as-of date (dob %s → %s, %s)', (dob, applies) => {
    const record = child({
      dateOfBirth: dob,
      periodOfCareStart: '2024-05-01',
      placement: { start: '2024-05-01', type: 'foster' },
    });
    expect(obligation(record, '2024-06-03', 'pep') !== undefined).toBe(applies);
  });

  it('uses the default England calendar when none is configured', () => {
    const record = child({ ...base, peps: ['2024-02-01'], placement: { start: '2023-01-10', type: 'foster' } });
    const o = obligation(record, '2024-06-03', 'pep');
    expect(o?.rule).toBe('pep-termly');
    expect(o?.dueDate).toBe('2024-07-22'); // last weekday on or before 22 July
  });
});

describe('supervision (local policy)', () => {
  it('first supervision 8 weeks after the period of care began', () => {
    const record = child({ periodOfCareStart: '2024-05-01', placement: { start: '2024-05-01', type: 'foster' } });
    expect(obligation(record, '2024-06-03', 'supervision')).toMatchObject({ dueDate: '2024-06-26', force: 'local' });
  });
  it('then every 8 weeks, or the configured interval', () => {
    const record = child({ supervisions: ['2024-04-15', '2024-05-20'] });
    expect(obligation(record, '2024-06-03', 'supervision')?.dueDate).toBe('2024-07-15');
    expect(obligation(record, '2024-06-03', 'supervision', { supervisionIntervalWeeks: 6 })?.dueDate).toBe(
      '2024-07-01',
    );
  });
  it('can be turned off', () => {
    expect(evaluate(child(), '2024-06-03', { supervisionEnabled: false }).supervision).toBeUndefined();
  });
});
