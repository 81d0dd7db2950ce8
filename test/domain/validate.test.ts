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
    ['child aged 18 on the as-of date (rules.md §2)', child({ dateOfBirth: '2006-06-03' }), 'aged-18-or-over'],
    [
      'relevant leaver aged 18 (a relevant child is 16–17, rules.md §3)',
      leaver({ category: 'relevant', dateOfBirth: '2006-06-03' }),
      'relevant-aged-18-or-over',
    ],
    ['visit before the date of birth', child({ visits: ['2012-03-31'] }), 'date-before-birth'],
    ['SDQ before the date of birth', child({ sdqs: ['2011-01-01'] }), 'date-before-birth'],
    [
      'missing episode before the date of birth',
      child({ missingEpisodes: [{ start: '2012-03-01', end: '2012-03-02' }] }),
      'date-before-birth',
    ],
    ['leaver contact before the date of birth', leaver({ contacts: ['2005-02-28'] }), 'date-before-birth'],
    [
      'missing episode ending in the future',
      child({ missingEpisodes: [{ start: '2024-06-01', end: '2024-06-04' }] }),
      'date-after-as-of',
    ],
    [
      'return to education asked in the future',
      leaver({ returnToEducationRequested: '2024-06-04' }),
      'date-after-as-of',
    ],
  ])('%s → %s', (_name, raw, problem) => {
    expect(problemsOf(raw)).toContain(problem);
  });

  it.each([
    ['child the day before the 18th birthday', child({ dateOfBirth: '2006-06-04' })],
    ['relevant leaver the day before the 18th birthday', leaver({ category: 'relevant', dateOfBirth: '2006-06-04' })],
    ['former relevant leaver aged 19', leaver({ category: 'formerRelevant', dateOfBirth: '2005-01-01' })],
    ['events on the date of birth', child({ healthAssessments: ['2012-04-01'] })],
    ['a record with none of the new fields', child()],
  ])('%s: no problem', (_name, raw) => {
    expect(problemsOf(raw)).toEqual([]);
  });

  it('a 29 Feb birthday turns 18 on 28 Feb in a common year (6,573 days)', () => {
    const record = child({
      dateOfBirth: '2000-02-29',
      periodOfCareStart: '2016-01-10',
      placement: { start: '2016-01-10' },
    });
    expect(validateRecord(record, day('2018-02-28')).problems.map((p) => p.problem)).toEqual(['aged-18-or-over']);
    expect(validateRecord(record, day('2018-02-27')).problems).toEqual([]);
  });

  it('names every field before birth, and leaves the start of care to birth-after-care', () => {
    const v = validateRecord(
      child({ dateOfBirth: '2023-02-01', visits: ['2023-03-01', '2023-01-20'], placement: { start: '2023-01-15' } }),
      asOf,
    );
    expect(v.problems).toEqual([
      { recordId: 'C-1', problem: 'birth-after-care', detail: 'dateOfBirth is after periodOfCareStart' },
      { recordId: 'C-1', problem: 'date-before-birth', detail: 'placement.start, visits[1] before dateOfBirth' },
    ]);
  });

  it.each([
    [
      { ...child(), placement: { start: '2023-01-10', type: 'foster', intendedUntil18: 'yes' } },
      'placement.intendedUntil18: expected true or false, got text',
    ],
    [{ ...child(), visits: '2024-01-01' }, 'visits: expected a list, got text'],
    [{ ...child(), dateOfBirth: undefined }, 'dateOfBirth: required, expected a date YYYY-MM-DD'],
    [{ ...child(), dateOfBirth: null }, 'dateOfBirth: expected a date YYYY-MM-DD, got null'],
    [{ ...child(), placement: undefined }, 'placement: required, expected an object'],
    [{ ...child(), kind: undefined }, 'kind: required, expected one of "child", "leaver"'],
    [{ ...child(), kind: 'adult' }, 'kind: expected one of "child", "leaver"'],
    [{ ...child(), legalStatus: 'wardship' }, 'legalStatus: expected one of "section20", "interimCareOrder"'],
    [
      { ...child(), weeksLookedAfterSince14BeforePeriod: 1.5 },
      'weeksLookedAfterSince14BeforePeriod: expected a whole number',
    ],
    [{ ...child(), shortBreakVisitWeeks: 0 }, 'shortBreakVisitWeeks: expected at least 1'],
    [{ ...child(), id: ' ' }, 'id: expected non-empty text'],
    [{ ...leaver(), supportRequested: 'yes' }, 'supportRequested: expected true, false or a date YYYY-MM-DD'],
    [{ ...child(), flags: ['lost'] }, 'flags: expected a list of "missing", "custody"'],
  ])('says what was expected: %o → %s', (raw, message) => {
    const v = validateRecord(raw, asOf);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]!.problem).toBe('invalid-record');
    expect(v.problems[0]!.detail).toContain(message);
    expect(v.problems[0]!.detail).not.toMatch(/Invalid input|received/);
  });

  it('never says "required" for a value that is present but of the wrong kind', () => {
    const v = validateRecord({ ...child(), placement: { start: 20240101, type: 'foster' } }, asOf);
    expect(v.problems[0]!.detail).toBe('placement.start: expected a date YYYY-MM-DD, got a number');
  });

  it('names fields, never values, in problem details (they reach logs)', () => {
    const v = validateRecord(child({ dateOfBirth: '2023-02-01', givenName: 'Amelia', visits: ['2024-06-04'] }), asOf);
    const details = v.problems.map((p) => p.detail).join(' ');
    expect(details).toContain('visits[0]');
    expect(details).not.toContain('2023-02-01');
    expect(details).not.toContain('Amelia');
  });

  it.each([
    // [the bad value, the record carrying it, problem, detail]: the detail names the field and never the value
    [
      '2024-02-30',
      child({ visits: ['2024-05-01', '2024-02-30'] }),
      'invalid-value',
      'visits[1]: expected a real date YYYY-MM-DD; left out',
    ],
    [
      '2031-07-19',
      child({ visits: ['2031-07-19'] }),
      'date-after-as-of',
      'visits[0] after the as-of date 2024-06-03: a future date is a data error, not a completion; left out',
    ],
    ['2001-09-11', child({ visits: ['2001-09-11'] }), 'date-before-birth', 'visits[0] before dateOfBirth; left out'],
    [
      '2012-13-01',
      child({ dateOfBirth: '2012-13-01' }),
      'invalid-record',
      'dateOfBirth: expected a real date YYYY-MM-DD (years 1900 to 2199)',
    ],
    [
      '20120401',
      child({ dateOfBirth: 20120401 as never }),
      'invalid-record',
      'dateOfBirth: expected a date YYYY-MM-DD, got a number',
    ],
    [
      '2031-07-19',
      child({ personalAdviserAllocated: '2031-07-19' }),
      'date-after-as-of',
      'personalAdviserAllocated after the as-of date 2024-06-03: a future date is a data error, not a completion; left out',
    ],
    [
      'last Tuesday',
      child({ placement: { start: 'last Tuesday' } as never }),
      'invalid-record',
      'placement.start: expected a real date YYYY-MM-DD (years 1900 to 2199)',
    ],
    ['2001-09-11', leaver({ ceasedCareDate: '2001-09-11' }), 'birth-after-care', 'dateOfBirth is after ceasedCareDate'],
    [
      '2024-04-31',
      leaver({ contacts: ['2024-04-31'] }),
      'invalid-value',
      'contacts[0]: expected a real date YYYY-MM-DD; left out',
    ],
  ])('a bad date (%s) is reported by its field, never by its value', (value, record, problem, detail) => {
    const problems = validateRecord(record, asOf).problems;
    expect(problems.map((p) => [p.problem, p.detail])).toEqual([[problem, detail]]);
    expect(problems[0]!.detail).not.toContain(value);
  });

  it('still evaluates an unallocated case for the team manager, but flags it', () => {
    const v = validateRecord(child({ workerId: undefined }), asOf);
    expect(v.record).toBeDefined();
    expect(v.problems.map((p) => p.problem)).toEqual(['no-allocated-worker']);
  });

  it('does not evaluate a record with a blocking problem', () => {
    expect(validateRecord(child({ careOrderDate: '2024-06-04' }), asOf).record).toBeUndefined();
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
  it('personalAdviserByAgeMonths defaults to 198 (16½)', () => {
    expect(compilePolicy({}).personalAdviserByAgeMonths).toBe(198);
  });
  it.each([
    [{ dentalIntervalMonths: 18 }, 'dentalIntervalMonths: expected at most 12'],
    [{ showNames: 'no' }, 'showNames: expected true or false, got text'],
    [{ personalAdviserByAgeMonths: 191 }, 'personalAdviserByAgeMonths: expected at least 192'],
    [{ reminderWindowDays: -1 }, 'reminderWindowDays'],
    [{ remiderWindowDays: 7 }, 'expected no other keys, found "remiderWindowDays"'],
    [{ termCalendar: [{ start: '2024-09-01', end: '2024-08-01' }] }, 'ends before it starts'],
    [{ extraNonWorkingDays: ['2024-02-30'] }, 'extraNonWorkingDays'],
  ])('rejects %o with a clear message', (input, fragment) => {
    expect(() => compilePolicy(input)).toThrow(PolicyError);
    expect(() => compilePolicy(input)).toThrow(fragment);
  });
});
