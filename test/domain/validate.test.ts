import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { PolicyError, compilePolicy } from '../../shared/domain/policy.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { child, leaver } from '../helpers/records.js';

const asOf = day('2024-06-03');
const problemsOf = (raw: unknown) => validateRecord(raw, asOf).problems.map((p) => p.problem);

describe('record validation (rules.md §4.10)', () => {
  it('accepts a complete record', () => {
    const v = validateRecord(child(), asOf);
    expect(v.problems).toEqual([]);
    expect(v.record?.id).toBe('C-1');
  });

  it.each([
    ['missing placement start', { ...child(), placement: { type: 'foster' } }, 'invalid-record'],
    ['impossible date', child({ dateOfBirth: '2012-02-30' }), 'invalid-record'],
    ['unknown legal status', child({ legalStatus: 'wardship' as never }), 'invalid-record'],
    ['unknown kind', { ...child(), kind: 'adult' }, 'invalid-record'],
    ['not an object', [1, 2, 3], 'invalid-record'],
    ['visit after the as-of date', child({ visits: ['2024-06-04'] }), 'date-after-as-of'],
    [
      'period of care in the future',
      child({ periodOfCareStart: '2024-07-01', placement: { start: '2024-07-01', type: 'foster' } }),
      'date-after-as-of',
    ],
    ['date of birth after entering care', child({ dateOfBirth: '2023-02-01' }), 'birth-after-care'],
    ['no allocated worker', child({ workerId: null }), 'no-allocated-worker'],
    ['blank worker', child({ workerId: '  ' }), 'no-allocated-worker'],
    [
      'LA accommodation without a start date',
      leaver({ accommodationProvidedByLA: true }),
      'missing-accommodation-start',
    ],
  ])('%s → %s', (_name, raw, problem) => {
    expect(problemsOf(raw)).toContain(problem);
  });

  it('names fields, never values, in problem details (they reach logs)', () => {
    const v = validateRecord(child({ dateOfBirth: '2023-02-01', givenName: 'Amelia', visits: ['2024-06-04'] }), asOf);
    const details = v.problems.map((p) => p.detail).join(' ');
    expect(details).toContain('visits[0]');
    expect(details).not.toContain('2023-02-01');
    expect(details).not.toContain('Amelia');
  });

  it('still evaluates an unallocated case for the team manager, but flags it', () => {
    const v = validateRecord(child({ workerId: undefined }), asOf);
    expect(v.record).toBeDefined();
    expect(v.problems.map((p) => p.problem)).toEqual(['no-allocated-worker']);
  });

  it('does not evaluate a record with a blocking problem', () => {
    expect(validateRecord(child({ visits: ['2024-06-04'] }), asOf).record).toBeUndefined();
  });

  it('accepts flags as a list or as booleans, and nulls for optional fields', () => {
    expect(validateRecord(child({ flags: { missing: true, custody: false } as never }), asOf).record?.flags).toEqual([
      'missing',
    ]);
    expect(
      validateRecord({ ...child(), careOrderDate: null, needsAssessment: null, visits: null }, asOf).problems,
    ).toEqual([]);
  });
});

describe('policy', () => {
  it('has the documented defaults', () => {
    const p = compilePolicy({});
    expect(p).toMatchObject({
      reminderWindowDays: 14,
      dentalIntervalMonths: 6,
      dentalFirstCheckWorkingDays: 40,
      pepInitialWorkingDays: 20,
      paContactWeeks: 8,
      supervisionEnabled: true,
      supervisionIntervalWeeks: 8,
      pathwayPlanBy16thBirthday: false,
    });
  });
  it.each([
    [{ dentalIntervalMonths: 18 }, 'dentalIntervalMonths'],
    [{ reminderWindowDays: -1 }, 'reminderWindowDays'],
    [{ remiderWindowDays: 7 }, 'remiderWindowDays'],
    [{ termCalendar: [{ start: '2024-09-01', end: '2024-08-01' }] }, 'ends before it starts'],
    [{ extraNonWorkingDays: ['2024-02-30'] }, 'extraNonWorkingDays'],
  ])('rejects %o with a clear message', (input, fragment) => {
    expect(() => compilePolicy(input)).toThrow(PolicyError);
    expect(() => compilePolicy(input)).toThrow(fragment);
  });
});
