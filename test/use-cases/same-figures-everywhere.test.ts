/**
 * rules.md §4 item 10: an unallocated child and a child with one bad visit date count in the same figures
 * everywhere: the caseload the daily run, escalations and digests read, the history, and `evaluate`.
 */
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { computeFigures } from '../../shared/domain/digest-figures.js';
import { replayHistory } from '../../shared/domain/history/replay.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { countInvalid, evaluateCaseload } from '../../shared/use-cases/evaluate-caseload.js';
import { LineEvaluator, type OutputLine } from '../../shared/use-cases/evaluate-lines.js';
import { InMemoryStore } from '../helpers/fakes.js';
import { child } from '../helpers/records.js';

const asOf = day('2024-06-03');
const policy = compilePolicy({});
const placement = { start: '2023-01-10', type: 'residential' as const };
/** Last visit 2024-05-01: due 2024-06-12 (reg 28(2)(c)(ii)), in time. */
const clean = child({ id: 'A', teamId: 'T-H', placement, visits: ['2024-05-01'] });
/** The same, with nobody allocated: in time. */
const unallocated = { ...child({ id: 'B', teamId: 'T-H', placement, visits: ['2024-05-01'] }), workerId: null };
/** Last readable visit 2024-03-01: due 2024-04-12, overdue; the visit re-saved in US form is left out. */
const badVisit = {
  ...child({ id: 'C', teamId: 'T-H', placement }),
  visits: ['2024-03-01', '10/13/2026 1:00 PM'],
};
/** A record that cannot be evaluated (its placement start is unreadable): in no figure. */
const blocked = { ...child({ id: 'D', teamId: 'T-H' }), placement: { start: '13/01/2023', type: 'foster' } };
const records = [clean, unallocated, badVisit, blocked];

describe('a child counts in the same figures everywhere', () => {
  it('the caseload (daily run, escalations, digests): all three evaluable children, the blocked one a finding', async () => {
    const caseload = await evaluateCaseload(new InMemoryStore(records), asOf, policy, 1);
    expect(caseload.cases.map((c) => c.record.id)).toEqual(['A', 'B', 'C']);
    expect(caseload.cases.find((c) => c.record.id === 'B')?.route).toEqual({
      to: 'manager',
      reason: 'no allocated worker',
    });
    expect(caseload.cases.find((c) => c.record.id === 'C')?.problems?.map((p) => p.problem)).toEqual(['invalid-value']);
    expect(caseload.findings.map((f) => [f.recordId, f.problem, f.evaluated])).toEqual([
      ['C', 'invalid-value', true],
      ['D', 'invalid-record', false],
    ]);
    expect(countInvalid(caseload)).toBe(1);
    const figures = computeFigures(caseload.cases.map((c) => c.obligations));
    expect(figures.visits).toEqual({ applicable: 3, inTime: 2, percent: 66.7 });
  });

  it('the history: the same visit figure for the team on that date', () => {
    const h = replayHistory({ persons: records, recordAsOf: (r) => r }, [asOf], policy);
    expect(h.lines).toHaveLength(1);
    expect(h.lines[0]!.measures.visit).toEqual({ onTime: 2, applicable: 3 });
  });

  it('evaluate: a visit obligation for each of the three, none for the blocked record', () => {
    const out: OutputLine[] = [];
    const ev = new LineEvaluator(asOf, policy, (l) => out.push(l));
    for (const [i, r] of records.entries()) ev.push(JSON.stringify(r), i + 1);
    const visits = out.filter((l) => 'obligation' in l && l.obligation === 'visit');
    expect(visits.map((l) => [l.recordId, 'dueDate' in l && l.dueDate])).toEqual([
      ['A', '2024-06-12'],
      ['B', '2024-06-12'],
      ['C', '2024-04-12'],
    ]);
  });
});
