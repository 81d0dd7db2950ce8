/** Declined health assessments and dental checks (rules.md "Declined health assessments and dental checks"). */
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { PolicyError, compilePolicy } from '../../shared/domain/policy.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { child, obligation } from '../helpers/records.js';

const asOf = '2024-06-03';
const ha = (date: string) => ({ obligation: 'health-assessment' as const, date });
const dental = (date: string) => ({ obligation: 'dental-check' as const, date });

describe('declines (guidance: record the refusal, keep offering)', () => {
  it.each([
    {
      name: 'rules.md example: assessment due 2024-04-01, declined 2024-05-20: offer again by 2024-08-20',
      record: child({ healthAssessments: ['2023-04-01'], declined: [ha('2024-05-20')] }),
      kind: 'health-assessment',
      due: '2024-08-20',
      status: 'upcoming',
      days: 78,
      declined: '2024-05-20',
    },
    {
      name: 'rules.md example: declined 2024-05-20 but assessed 2024-05-25: the decline no longer counts',
      record: child({ healthAssessments: ['2023-04-01', '2024-05-25'], declined: [ha('2024-05-20')] }),
      kind: 'health-assessment',
      due: '2025-05-25',
      status: 'upcoming',
      days: 356,
      declined: undefined,
    },
    {
      name: 'rules.md example: dental check due 2024-04-01, declined 2024-01-15: due 2024-04-15, overdue again',
      record: child({ dentalChecks: ['2023-10-01'], declined: [dental('2024-01-15')] }),
      kind: 'dental-check',
      due: '2024-04-15',
      status: 'overdue',
      days: -49,
      declined: '2024-01-15',
    },
    {
      name: 'a dental decline leaves the health assessment as it was',
      record: child({ healthAssessments: ['2023-04-01'], declined: [dental('2024-05-20')] }),
      kind: 'health-assessment',
      due: '2024-04-01',
      status: 'overdue',
      days: -63,
      declined: undefined,
    },
    {
      name: 'a decline on the day of the last assessment is not after it: it does not count',
      record: child({ healthAssessments: ['2023-04-01'], declined: [ha('2023-04-01')] }),
      kind: 'health-assessment',
      due: '2024-04-01',
      status: 'overdue',
      days: -63,
      declined: undefined,
    },
    {
      name: 'of two declines after the last assessment, the latest counts',
      record: child({ healthAssessments: ['2023-04-01'], declined: [ha('2024-05-20'), ha('2024-02-01')] }),
      kind: 'health-assessment',
      due: '2024-08-20',
      status: 'upcoming',
      days: 78,
      declined: '2024-05-20',
    },
    {
      name: 'none completed: any decline counts (initial assessment due 2024-05-31, declined 2024-05-10)',
      record: child({
        periodOfCareStart: '2024-05-01',
        placement: { start: '2024-05-01' },
        declined: [ha('2024-05-10')],
      }),
      kind: 'health-assessment',
      due: '2024-08-10',
      status: 'upcoming',
      days: 68,
      declined: '2024-05-10',
    },
    {
      name: 'the usual date is later than the re-offer date: the usual date stands, the decline is still shown',
      record: child({ healthAssessments: ['2024-01-10'], declined: [ha('2024-02-01')] }),
      kind: 'health-assessment',
      due: '2025-01-10',
      status: 'upcoming',
      days: 221,
      declined: '2024-02-01',
    },
    {
      name: 'month-end clamping: declined 30 Nov 2023 + 3 months = 29 Feb 2024 (leap year)',
      record: child({ dentalChecks: ['2023-05-31'], declined: [dental('2023-11-30')] }),
      kind: 'dental-check',
      due: '2024-02-29',
      status: 'overdue',
      days: -95,
      declined: '2023-11-30',
    },
  ])('$name', ({ record, kind, due, status, days, declined }) => {
    const o = obligation(record, asOf, kind);
    expect(o).toMatchObject({ dueDate: due, status, days });
    expect(o?.declined).toBe(declined);
  });

  it('reofferAfterDeclineMonths sets the re-offer date (1 month: 2024-06-20)', () => {
    const record = child({ healthAssessments: ['2023-04-01'], declined: [ha('2024-05-20')] });
    expect(obligation(record, asOf, 'health-assessment', { reofferAfterDeclineMonths: 1 })).toMatchObject({
      dueDate: '2024-06-20',
      status: 'upcoming',
      days: 17,
      declined: '2024-05-20',
    });
  });

  it('the explanation says when it was declined and when to offer again', () => {
    const o = obligation(
      child({ healthAssessments: ['2023-04-01'], declined: [ha('2024-05-20')] }),
      asOf,
      'health-assessment',
    );
    expect(o?.explanation).toBe(
      'declined on 20 May 2024; offer again by 20 Aug 2024 (usually due 1 Apr 2024: 12 months after the last health assessment on 1 Apr 2023 (aged 5 or over at that assessment))',
    );
  });

  it.each([
    [
      'dated after the as-of date',
      [ha('2024-06-04')],
      'date-after-as-of',
      'declined[0].date after the as-of date 2024-06-03',
    ],
    [
      'naming another obligation',
      [{ obligation: 'visit', date: '2024-05-20' }],
      'invalid-value',
      'declined[0]: expected an obligation "health-assessment" or "dental-check"',
    ],
    ['not a real date', [{ obligation: 'health-assessment', date: '2024-02-30' }], 'invalid-value', 'declined[0]'],
    ['not an object', ['2024-05-20'], 'invalid-value', 'declined[0]'],
  ])('a decline %s is a problem and is left out; the rest is evaluated', (_name, declined, problem, detail) => {
    const record = { ...child({ healthAssessments: ['2023-04-01'] }), declined };
    const v = validateRecord(record, day(asOf));
    expect(v.problems).toEqual([{ recordId: 'C-1', problem, detail: expect.stringContaining(detail) }]);
    expect(v.record?.kind === 'child' && v.record.declined).toEqual([]);
    const o = obligation({ ...record, declined: [] }, asOf, 'health-assessment');
    expect(o).toMatchObject({ dueDate: '2024-04-01', status: 'overdue' });
  });

  it('a bad decline beside a good one: the good one counts, the bad one is named by its index', () => {
    const record = {
      ...child({ healthAssessments: ['2023-04-01'] }),
      declined: [{ obligation: 'sdq' }, ha('2024-05-20')],
    };
    const v = validateRecord(record, day(asOf));
    expect(v.problems.map((p) => p.detail)).toEqual([expect.stringMatching(/^declined\[0\]: /)]);
    expect(v.record?.kind === 'child' && v.record.declined).toEqual([
      { obligation: 'health-assessment', date: day('2024-05-20') },
    ]);
  });

  it('reofferAfterDeclineMonths: whole months 1 to 12, default 3', () => {
    expect(compilePolicy({}).reofferAfterDeclineMonths).toBe(3);
    expect(compilePolicy({ reofferAfterDeclineMonths: 12 }).reofferAfterDeclineMonths).toBe(12);
    for (const bad of [0, 13, 1.5])
      expect(() => compilePolicy({ reofferAfterDeclineMonths: bad })).toThrow(PolicyError);
  });
});
