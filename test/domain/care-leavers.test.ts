import { describe, expect, it } from 'vitest';
import { evaluate, leaver, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';

describe('care leavers (Care Leavers (England) Regulations 2010)', () => {
  it.each([
    {
      name: 'CLR reg 7: first pathway plan review 3 months after leaving care',
      record: leaver({ ceasedCareDate: '2024-03-31' }),
      kind: 'pathway-plan',
      due: '2024-06-30',
      force: 'statutory',
    },
    {
      name: 'CLR reg 7: then 6 months after the last review',
      record: leaver({ pathwayPlanReviews: ['2023-06-01', '2024-01-31'] }),
      kind: 'pathway-plan',
      due: '2024-07-31',
      force: 'statutory',
    },
    {
      name: 'local: first PA contact 8 weeks after leaving care',
      record: leaver({ ceasedCareDate: '2024-04-15' }),
      kind: 'pa-contact',
      due: '2024-06-10',
      force: 'local',
    },
    {
      name: 'local: PA contact every 8 weeks',
      record: leaver({ contacts: ['2024-04-01', '2024-05-13'] }),
      kind: 'pa-contact',
      due: '2024-07-08',
      force: 'local',
    },
    {
      name: 'CLR reg 8(2): LA accommodation, visit within 7 days of it starting',
      record: leaver({ accommodationProvidedByLA: true, accommodationStart: '2024-05-30', contacts: ['2024-05-20'] }),
      kind: 'pa-contact',
      due: '2024-06-06',
      force: 'statutory',
    },
    {
      name: 'CLR reg 8(2): LA accommodation, then every 2 months',
      record: leaver({
        accommodationProvidedByLA: true,
        accommodationStart: '2024-01-05',
        contacts: ['2024-01-08', '2024-03-31'],
      }),
      kind: 'pa-contact',
      due: '2024-05-31',
      force: 'statutory',
    },
    {
      name: 'CLR reg 5(2)(a): relevant child without a pathway plan, needs assessment in 3 months',
      record: leaver({ category: 'relevant', dateOfBirth: '2007-09-01', ceasedCareDate: '2024-04-10' }),
      kind: 'needs-assessment',
      due: '2024-07-10',
      force: 'statutory',
    },
    {
      name: 'CLR reg 5(2)(b): former relevant asks to return to education',
      record: leaver({ dateOfBirth: '2001-01-01', supportRequested: '2024-05-15' }),
      kind: 'needs-assessment',
      due: '2024-08-15',
      force: 'statutory',
    },
  ])('$name', ({ record, kind, due, force }) => {
    expect(obligation(record, asOf, kind)).toMatchObject({ dueDate: due, force });
  });

  it('a relevant child with a pathway plan needs no new assessment', () => {
    expect(
      evaluate(leaver({ category: 'relevant', dateOfBirth: '2007-09-01', pathwayPlanReviews: ['2024-01-10'] }), asOf)[
        'needs-assessment'
      ],
    ).toBeUndefined();
  });

  it('aged 22, not in education, no request for support: nothing due (worked example)', () => {
    const result = evaluate(
      leaver({ dateOfBirth: '2002-01-01', ceasedCareDate: '2020-01-01', contacts: ['2024-01-01'] }),
      asOf,
    );
    expect(Object.values(result).length).toBeGreaterThan(0);
    for (const o of Object.values(result)) expect(o.status).toBe('not-applicable');
  });

  it.each<[Partial<Parameters<typeof leaver>[0]>, string]>([
    [{ inEducationOrTraining: true }, 'in education or training'],
    [{ supportRequested: true }, 'asked for support'],
  ])('support continues to 25 when %o (%s)', (extra) => {
    const result = evaluate(
      leaver({ dateOfBirth: '2002-01-01', ceasedCareDate: '2020-01-01', contacts: ['2024-01-01'], ...extra }),
      asOf,
    );
    expect(result['pa-contact']).toMatchObject({ dueDate: '2024-02-26', status: 'overdue' });
  });

  it('support ends on the 21st birthday: due on or after it is not applicable, before it still counts', () => {
    const record = leaver({ dateOfBirth: '2003-07-01', contacts: ['2024-05-06'] });
    expect(obligation(record, asOf, 'pa-contact')).toMatchObject({ dueDate: '2024-07-01', status: 'not-applicable' });
    const before = leaver({ dateOfBirth: '2003-07-01', contacts: ['2024-05-05'] });
    expect(obligation(before, asOf, 'pa-contact')).toMatchObject({ dueDate: '2024-06-30', status: 'upcoming' });
  });
});
