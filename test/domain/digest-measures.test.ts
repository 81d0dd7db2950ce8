import { obligationOf } from '../helpers/records.js';
import { describe, expect, it } from 'vitest';
import { MEASURES, computeFigures } from '../../shared/domain/digest-figures.js';
import { OBLIGATION_LABELS } from '../../shared/domain/labels.js';
import { OBLIGATION_KINDS } from '../../shared/domain/obligations.js';

const o = obligationOf;

describe('digest figures', () => {
  it('has a measure for each new obligation, and an email label for every obligation', () => {
    const measured = MEASURES.map((m) => m.obligation);
    for (const kind of ['return-interview', 'sdq', 'personal-adviser'] as const) expect(measured).toContain(kind);
    for (const kind of OBLIGATION_KINDS) expect(OBLIGATION_LABELS[kind]).toMatch(/\w/);
  });

  it('counts a case once per measure: late when any of its obligations of that kind is overdue', () => {
    const f = computeFigures([
      [o('return-interview', 'overdue'), o('return-interview', 'due-soon')],
      [o('return-interview', 'upcoming'), o('return-interview', 'due-today')],
      [o('return-interview', 'not-applicable')],
      [o('return-interview', 'upcoming')],
    ]);
    expect(f.returnInterviews).toEqual({ applicable: 3, inTime: 2, percent: 66.7 });
  });

  it('due today is in time, not-applicable is not counted, one decimal place', () => {
    const f = computeFigures([
      [o('sdq', 'due-today')],
      [o('sdq', 'overdue')],
      [o('sdq', 'upcoming')],
      [o('sdq', 'not-applicable')],
      [o('sdq', 'overdue')],
      [o('sdq', 'due-soon')],
      [o('sdq', 'upcoming')],
    ]);
    expect(f.sdqs).toEqual({ applicable: 6, inTime: 4, percent: 66.7 });
  });

  it('a measure with nothing applicable has no percentage (the digest says "none applicable")', () => {
    const f = computeFigures([[o('visit', 'overdue')]]);
    expect(f.personalAdvisers).toEqual({ applicable: 0, inTime: 0, percent: null });
    expect(f.visits).toEqual({ applicable: 1, inTime: 0, percent: 0 });
  });
});
