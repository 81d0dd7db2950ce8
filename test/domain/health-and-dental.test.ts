import { describe, expect, it } from 'vitest';
import { child, obligation } from '../helpers/records.js';

describe('health assessments (CPPCR 2010 reg 7)', () => {
  it.each([
    {
      name: 'reg 7 + guidance: initial within 20 WD',
      dob: '2015-01-01',
      start: '2024-05-01',
      has: [],
      due: '2024-05-31',
      force: 'guidance',
      rule: 'health-assessment-initial',
    },
    {
      name: 'initial satisfied by one in the 3 months before care; then 12 months (aged 9)',
      dob: '2015-01-01',
      start: '2024-05-01',
      has: ['2024-02-01'],
      due: '2025-02-01',
      force: 'statutory',
      rule: 'health-assessment-review',
    },
    {
      name: 'one more than 3 months before care does not count',
      dob: '2015-01-01',
      start: '2024-05-01',
      has: ['2024-01-31'],
      due: '2024-05-31',
      force: 'guidance',
      rule: 'health-assessment-initial',
    },
    {
      name: 'under 5 at the last assessment: 6 months (worked example)',
      dob: '2019-06-01',
      start: '2023-01-10',
      has: ['2023-12-31'],
      due: '2024-06-30',
      force: 'statutory',
      rule: 'health-assessment-review-under-5',
    },
    {
      name: 'aged 6 at the last assessment: 12 months (worked example)',
      dob: '2017-06-01',
      start: '2023-01-10',
      has: ['2023-12-31'],
      due: '2024-12-31',
      force: 'statutory',
      rule: 'health-assessment-review',
    },
    {
      name: 'turning 5 after the last assessment: interval follows age then (rules.md §4.4)',
      dob: '2019-01-15',
      start: '2023-01-10',
      has: ['2024-01-14'],
      due: '2024-07-14',
      force: 'statutory',
      rule: 'health-assessment-review-under-5',
    },
    {
      name: 'assessed on the 5th birthday: 12 months',
      dob: '2019-01-15',
      start: '2023-01-10',
      has: ['2024-01-15'],
      due: '2025-01-15',
      force: 'statutory',
      rule: 'health-assessment-review',
    },
  ])('$name', ({ dob, start, has, due, force, rule }) => {
    const record = child({
      dateOfBirth: dob,
      periodOfCareStart: start,
      placement: { start, type: 'foster' },
      healthAssessments: has,
    });
    expect(obligation(record, '2024-06-03', 'health-assessment')).toMatchObject({ dueDate: due, force, rule });
  });

  it('an age assessment that changes the date of birth moves the interval (rules.md §4.8)', () => {
    const base = { periodOfCareStart: '2023-01-10', healthAssessments: ['2024-01-10'] };
    expect(obligation(child({ ...base, dateOfBirth: '2019-03-01' }), '2024-06-03', 'health-assessment')?.dueDate).toBe(
      '2024-07-10',
    );
    expect(obligation(child({ ...base, dateOfBirth: '2018-03-01' }), '2024-06-03', 'health-assessment')?.dueDate).toBe(
      '2025-01-10',
    );
  });
});

describe('dental checks (local policy)', () => {
  it.each([
    {
      name: 'first check within 40 WD of becoming looked after',
      checks: [],
      policy: {},
      due: '2024-06-28',
      rule: 'dental-check-first',
    },
    {
      name: 'then every 6 months by default',
      checks: ['2024-05-15'],
      policy: {},
      due: '2024-11-15',
      rule: 'dental-check',
    },
    {
      name: 'interval is a setting (12 months)',
      checks: ['2024-05-15'],
      policy: { dentalIntervalMonths: 12 },
      due: '2025-05-15',
      rule: 'dental-check',
    },
    {
      name: 'first-check working days is a setting',
      checks: [],
      policy: { dentalFirstCheckWorkingDays: 20 },
      due: '2024-05-31',
      rule: 'dental-check-first',
    },
    {
      name: 'checks before the period of care do not count',
      checks: ['2024-04-01'],
      policy: {},
      due: '2024-06-28',
      rule: 'dental-check-first',
    },
  ])('$name', ({ checks, policy, due, rule }) => {
    const record = child({
      periodOfCareStart: '2024-05-01',
      placement: { start: '2024-05-01', type: 'foster' },
      dentalChecks: checks,
    });
    expect(obligation(record, '2024-06-03', 'dental-check', policy)).toMatchObject({
      dueDate: due,
      rule,
      force: 'local',
    });
  });
});
