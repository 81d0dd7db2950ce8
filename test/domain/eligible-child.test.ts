import { day } from '../../shared/domain/calendar/local-date.js';
import { evaluateRecord } from '../../shared/domain/evaluate.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { describe, expect, it } from 'vitest';
import { child, evaluate, obligation } from '../helpers/records.js';

describe('eligible children (CPPCR 2010 regs 40–43)', () => {
  it('turning 16 after 13 weeks looked after since 14: needs assessment 3 months after the birthday (§4.5)', () => {
    const record = child({ dateOfBirth: '2008-03-10', periodOfCareStart: '2023-01-10' });
    expect(obligation(record, '2024-06-03', 'needs-assessment')).toMatchObject({
      dueDate: '2024-06-10',
      status: 'due-soon',
      citation: 'CPPCR 2010 reg 42',
    });
    expect(obligation(record, '2024-06-03', 'pathway-plan')).toMatchObject({
      dueDate: '2024-06-10',
      citation: 'CPPCR 2010 reg 43',
    });
  });

  it('reaching 13 weeks after 16: the clock starts then', () => {
    // 16 on 2024-01-15, looked after from 2024-02-01: 13 weeks reached 2024-05-02.
    const record = child({
      dateOfBirth: '2008-01-15',
      periodOfCareStart: '2024-02-01',
      placement: { start: '2024-02-01', type: 'foster' },
    });
    expect(obligation(record, '2024-06-03', 'needs-assessment')?.dueDate).toBe('2024-08-02');
  });

  it('earlier periods count towards the 13 weeks', () => {
    const record = child({
      dateOfBirth: '2008-01-15',
      periodOfCareStart: '2024-02-01',
      weeksLookedAfterSince14BeforePeriod: 10,
      placement: { start: '2024-02-01', type: 'foster' },
    });
    expect(obligation(record, '2024-06-03', 'needs-assessment')?.dueDate).toBe('2024-05-22'); // 3 weeks → 2024-02-22
  });

  it('not yet eligible: no needs assessment or pathway plan', () => {
    const result = evaluate(child({ dateOfBirth: '2009-01-15' }), '2024-06-03');
    expect(result['needs-assessment']).toBeUndefined();
    expect(result['pathway-plan']).toBeUndefined();
  });

  it('an assessment done is omitted; pathway plan reviews are 6-monthly', () => {
    const record = child({
      dateOfBirth: '2007-06-20',
      needsAssessment: '2023-08-01',
      pathwayPlanReviews: ['2023-08-15', '2024-02-10'],
    });
    const result = evaluate(record, '2024-06-03');
    expect(result['needs-assessment']).toBeUndefined();
    expect(result['pathway-plan']).toMatchObject({ dueDate: '2024-08-10', rule: 'pathway-plan-review-eligible-child' });
  });

  it('local target: pathway plan by the 16th birthday when turned on', () => {
    const record = child({ dateOfBirth: '2008-09-01', periodOfCareStart: '2023-01-10' });
    expect(obligation(record, '2024-06-03', 'pathway-plan')).toBeUndefined();
    expect(obligation(record, '2024-06-03', 'pathway-plan', { pathwayPlanBy16thBirthday: true })).toMatchObject({
      dueDate: '2024-09-01',
      force: 'local',
    });
  });
});

describe('the 18th birthday', () => {
  it('an obligation due on or after the 18th birthday is not applicable', () => {
    const record = child({
      dateOfBirth: '2006-06-20',
      visits: ['2024-05-20'],
      placement: { start: '2023-01-10', type: 'foster', intendedUntil18: true },
    });
    expect(obligation(record, '2024-06-03', 'visit')).toMatchObject({
      dueDate: '2024-08-20',
      status: 'not-applicable',
    });
  });
  it('the day before the 18th birthday still applies', () => {
    const record = child({
      dateOfBirth: '2006-08-21',
      visits: ['2024-05-20'],
      placement: { start: '2023-01-10', type: 'foster', intendedUntil18: true },
    });
    expect(obligation(record, '2024-06-03', 'visit')?.status).toBe('upcoming');
  });
  it('an overdue obligation stays overdue until the 18th birthday', () => {
    const record = child({
      dateOfBirth: '2006-06-04',
      visits: ['2024-01-02'],
      placement: { start: '2023-01-10', type: 'foster' },
    });
    expect(obligation(record, '2024-06-03', 'visit')).toMatchObject({ dueDate: '2024-02-13', status: 'overdue' });
  });
  it('from the 18th birthday on, a child record yields no obligations, only a data-quality problem', () => {
    const record = child({
      dateOfBirth: '2006-06-03',
      visits: ['2024-01-02'],
      placement: { start: '2023-01-10', type: 'foster' },
    });
    const v = validateRecord(record, day('2024-06-03'));
    expect(v.record).toBeUndefined();
    expect(v.problems).toEqual([
      {
        recordId: 'C-1',
        problem: 'aged-18-or-over',
        detail: 'aged 18 or over: record as a care leaver or close the case',
      },
    ]);
    // Even asked directly, the engine gives nothing for an adult's child record.
    const parsed = validateRecord(record, day('2024-06-02')).record!;
    expect(evaluateRecord(parsed, day('2024-06-03'), compilePolicy({}))).toEqual([]);
    expect(evaluateRecord(parsed, day('2024-06-02'), compilePolicy({})).length).toBeGreaterThan(0);
  });
  it('a stale child record of a 21-year-old: no 1,453-day-overdue dental check, one problem', () => {
    const record = child({ dateOfBirth: '2003-01-01', periodOfCareStart: '2019-01-10', dentalChecks: ['2019-06-01'] });
    expect(validateRecord(record, day('2024-06-03')).problems.map((p) => p.problem)).toEqual(['aged-18-or-over']);
  });
  it('a 29 Feb birthday turns 18 on 28 Feb in a common year', () => {
    const record = child({
      dateOfBirth: '2008-02-29',
      visits: ['2026-01-17'],
      placement: { start: '2025-06-01', type: 'foster' },
    });
    expect(obligation(record, '2026-01-20', 'visit')).toMatchObject({
      dueDate: '2026-02-28',
      status: 'not-applicable',
    });
    const earlier = child({
      dateOfBirth: '2008-02-29',
      visits: ['2026-01-16'],
      placement: { start: '2025-06-01', type: 'foster' },
    });
    expect(obligation(earlier, '2026-01-20', 'visit')).toMatchObject({ dueDate: '2026-02-27', status: 'upcoming' });
  });
});
