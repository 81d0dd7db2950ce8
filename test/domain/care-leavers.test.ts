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
      name: 'CLR reg 5(2)(b): former relevant tells the LA they want to return to education (returnToEducationRequested)',
      record: leaver({ dateOfBirth: '2001-01-01', returnToEducationRequested: '2024-05-15' }),
      kind: 'needs-assessment',
      due: '2024-08-15',
      force: 'statutory',
    },
    {
      name: 'CLR reg 5(2)(b): 3 calendar months, clamped to the month end (30 Nov 2023 + 3 months = 29 Feb 2024)',
      record: leaver({ dateOfBirth: '2001-01-01', returnToEducationRequested: '2023-11-30' }),
      kind: 'needs-assessment',
      due: '2024-02-29',
      force: 'statutory',
    },
    {
      name: 'CLR reg 8(2): contacts before accommodationStart do not count (issue example: 7 days, not 2 months)',
      record: leaver({ accommodationProvidedByLA: true, accommodationStart: '2024-05-30', contacts: ['2024-04-01'] }),
      kind: 'pa-contact',
      due: '2024-06-06',
      force: 'statutory',
    },
    {
      name: 'CLR reg 8(2): a contact on the day the accommodation starts counts, then 2 months',
      record: leaver({ accommodationProvidedByLA: true, accommodationStart: '2024-05-30', contacts: ['2024-05-30'] }),
      kind: 'pa-contact',
      due: '2024-07-30',
      force: 'statutory',
    },
  ])('$name', ({ record, kind, due, force }) => {
    expect(obligation(record, asOf, kind)).toMatchObject({ dueDate: due, force });
  });

  it('CLR reg 8(2) issue example: due-soon on 6 Jun, not overdue on 1 Jun', () => {
    const record = leaver({
      accommodationProvidedByLA: true,
      accommodationStart: '2024-05-30',
      contacts: ['2024-04-01'],
    });
    expect(obligation(record, asOf, 'pa-contact')).toMatchObject({
      dueDate: '2024-06-06',
      status: 'due-soon',
      days: 3,
      rule: 'pa-contact-la-accommodation-first',
      citation: 'CLR 2010 reg 8(2)',
    });
  });

  it.each([
    ['true', true],
    ['a date', '2024-05-15'],
  ])('supportRequested as %s extends support but starts no reg 5(2)(b) assessment clock', (_name, value) => {
    const record = leaver({ dateOfBirth: '2001-01-01', supportRequested: value as never });
    expect(evaluate(record, asOf)['needs-assessment']).toBeUndefined();
    expect(obligation(record, asOf, 'pathway-plan')?.status).not.toBe('not-applicable');
  });

  it('an assessment on or after the request satisfies reg 5(2)(b); one before it does not', () => {
    const base = { dateOfBirth: '2001-01-01', returnToEducationRequested: '2024-05-15' };
    expect(evaluate(leaver({ ...base, needsAssessment: '2024-05-15' }), asOf)['needs-assessment']).toBeUndefined();
    expect(obligation(leaver({ ...base, needsAssessment: '2024-05-14' }), asOf, 'needs-assessment')?.dueDate).toBe(
      '2024-08-15',
    );
  });

  it('reg 5(2)(b) is for former relevant young people: a relevant child keeps the reg 5(2)(a) clock', () => {
    const record = leaver({
      category: 'relevant',
      dateOfBirth: '2007-09-01',
      ceasedCareDate: '2024-04-10',
      returnToEducationRequested: '2024-05-01',
    });
    expect(obligation(record, asOf, 'needs-assessment')).toMatchObject({
      dueDate: '2024-07-10',
      citation: 'CLR 2010 reg 5(2)(a)',
    });
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
    [{ supportRequested: '2023-12-01' }, 'asked for support on a date'],
    [{ returnToEducationRequested: '2023-12-01', needsAssessment: '2024-01-05' }, 'asked to return to education'],
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

  describe('the 25th birthday ends support (CA 1989 s23C(7), s23CZB)', () => {
    const record = (extra: Partial<Parameters<typeof leaver>[0]> = {}) =>
      leaver({
        dateOfBirth: '1999-06-03',
        ceasedCareDate: '2016-01-01',
        inEducationOrTraining: true,
        contacts: ['2024-01-01'],
        ...extra,
      });
    it('the day before the 25th birthday, an overdue contact is still overdue', () => {
      expect(obligation(record(), '2024-06-02', 'pa-contact')).toMatchObject({
        dueDate: '2024-02-26',
        status: 'overdue',
      });
    });
    it('on the 25th birthday nothing is due and nothing is overdue', () => {
      const all = Object.values(evaluate(record(), '2024-06-03'));
      expect(all.length).toBeGreaterThan(0);
      for (const o of all) expect(o.status).toBe('not-applicable');
    });
    it('an obligation due on the 25th birthday is not applicable, one due the day before applies', () => {
      expect(obligation(record({ contacts: ['2024-04-08'] }), '2024-04-10', 'pa-contact')).toMatchObject({
        dueDate: '2024-06-03',
        status: 'not-applicable',
      });
      expect(obligation(record({ contacts: ['2024-04-07'] }), '2024-04-10', 'pa-contact')).toMatchObject({
        dueDate: '2024-06-02',
        status: 'upcoming',
      });
    });
    it('a 29 Feb birthday: support ends on 28 Feb in a common year', () => {
      const r = record({ dateOfBirth: '2000-02-29', contacts: ['2024-12-01'] });
      expect(obligation(r, '2025-02-27', 'pa-contact')?.status).toBe('overdue');
      expect(obligation(r, '2025-02-28', 'pa-contact')?.status).toBe('not-applicable');
    });
  });
});
