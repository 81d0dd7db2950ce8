import { describe, expect, it } from 'vitest';
import { child, evaluate, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';
const base = { periodOfCareStart: '2023-01-10', placement: { start: '2023-01-10', type: 'foster' as const } };

describe('Strengths and Difficulties Questionnaire (DfE/DH 2015 guidance; SSDA903)', () => {
  it.each([
    {
      name: 'none recorded: 12 months after the period of care began (later than the 4th birthday)',
      record: child({ ...base }),
      due: '2024-01-10',
      status: 'overdue',
      rule: 'sdq-first',
    },
    {
      name: 'none recorded: 12 months after the 4th birthday when that is later',
      record: child({ ...base, dateOfBirth: '2020-05-01' }),
      due: '2025-05-01',
      status: 'upcoming',
      rule: 'sdq-first',
    },
    {
      name: '12 months after the last SDQ',
      record: child({ ...base, sdqs: ['2022-12-01', '2023-09-15'] }),
      due: '2024-09-15',
      status: 'upcoming',
      rule: 'sdq',
    },
    {
      name: 'an SDQ before this period of care does not count (the period is the scope, as for every child event)',
      record: child({ ...base, sdqs: ['2022-12-01'] }),
      due: '2024-01-10',
      status: 'overdue',
      rule: 'sdq-first',
    },
    {
      name: 'aged 16, due before the 17th birthday: applies',
      record: child({ ...base, dateOfBirth: '2007-09-01', sdqs: ['2023-08-31'] }),
      due: '2024-08-31',
      status: 'upcoming',
      rule: 'sdq',
    },
    {
      name: 'aged 16, due on the 17th birthday: not applicable',
      record: child({ ...base, dateOfBirth: '2007-09-01', sdqs: ['2023-09-01'] }),
      due: '2024-09-01',
      status: 'not-applicable',
      rule: 'sdq',
    },
  ])('$name', ({ record, due, status, rule }) => {
    const o = obligation(record, asOf, 'sdq');
    expect(o).toMatchObject({ dueDate: due, status, rule, force: 'guidance' });
    expect(o?.citation).toContain('Promoting the health and well-being of looked-after children');
  });

  it('says why it is not applicable', () => {
    const o = obligation(child({ ...base, dateOfBirth: '2007-09-01', sdqs: ['2023-09-01'] }), asOf, 'sdq');
    expect(o?.explanation).toContain('17th birthday (1 Sep 2024)');
  });

  it.each([
    ['aged 3', '2020-09-01'],
    ['aged 17', '2007-01-01'],
  ])('%s: no SDQ obligation (ages 4 to 16)', (_name, dateOfBirth) => {
    expect(evaluate(child({ ...base, dateOfBirth }), asOf).sdq).toBeUndefined();
  });

  it('aged 4 today: applies', () => {
    expect(obligation(child({ ...base, dateOfBirth: '2020-06-03' }), asOf, 'sdq')?.dueDate).toBe('2025-06-03');
  });
});
