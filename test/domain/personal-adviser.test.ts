import { describe, expect, it } from 'vitest';
import { child, evaluate, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';
// 16 on 1 Sep 2023, looked after since 2021: eligible from the 16th birthday.
const eligible = {
  dateOfBirth: '2007-09-01',
  periodOfCareStart: '2021-01-10',
  placement: { start: '2021-01-10', type: 'foster' as const },
};

describe('personal adviser for an eligible child (CA 1989 Sch 2 para 19C; local timing)', () => {
  it('local default 198 months: due at 16½', () => {
    expect(obligation(child(eligible), asOf, 'personal-adviser')).toMatchObject({
      dueDate: '2024-03-01',
      status: 'overdue',
      rule: 'personal-adviser',
      force: 'local',
      citation: 'CA 1989 Sch 2 para 19C; local policy: personal adviser by age 16½',
    });
  });

  it('policy personalAdviserByAgeMonths 204: due at 17', () => {
    expect(obligation(child(eligible), asOf, 'personal-adviser', { personalAdviserByAgeMonths: 204 })).toMatchObject({
      dueDate: '2024-09-01',
      status: 'upcoming',
      citation: expect.stringContaining('by age 17'),
    });
  });

  it('due on the eligibility date when that is later than the policy age', () => {
    // In care from 1 Feb 2024 with no earlier weeks: eligible 13 weeks later, on 2 May 2024, after 16½ (1 Mar).
    const record = child({
      dateOfBirth: '2007-09-01',
      periodOfCareStart: '2024-02-01',
      placement: { start: '2024-02-01', type: 'foster' },
    });
    const o = obligation(record, asOf, 'personal-adviser');
    expect(o).toMatchObject({ dueDate: '2024-05-02', status: 'overdue' });
    expect(o?.explanation).toContain('on becoming an eligible child on 2 May 2024');
  });

  it('not before the child is eligible', () => {
    const record = child({
      dateOfBirth: '2007-09-01',
      periodOfCareStart: '2024-04-01',
      placement: { start: '2024-04-01', type: 'foster' },
    });
    expect(evaluate(record, asOf)['personal-adviser']).toBeUndefined();
    expect(evaluate(child({ dateOfBirth: '2009-01-01' }), asOf)['personal-adviser']).toBeUndefined();
  });

  it('done when personalAdviserAllocated is recorded', () => {
    expect(evaluate(child({ ...eligible, personalAdviserAllocated: '2024-02-01' }), asOf)['personal-adviser']).toBe(
      undefined,
    );
  });

  it('rejects a policy age outside 16 to 17 years 11 months', () => {
    expect(() => obligation(child(eligible), asOf, 'personal-adviser', { personalAdviserByAgeMonths: 216 })).toThrow(
      'personalAdviserByAgeMonths',
    );
  });
});
