import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { LineEvaluator, type OutputLine } from '../../shared/use-cases/evaluate-lines.js';
import { child, leaver } from '../helpers/records.js';

function run(lines: unknown[]): { out: OutputLine[]; evaluator: LineEvaluator } {
  const out: OutputLine[] = [];
  const evaluator = new LineEvaluator(day('2024-06-03'), compilePolicy({}), (l) => out.push(l));
  for (const [i, l] of lines.entries()) evaluator.push(typeof l === 'string' ? l : JSON.stringify(l), i + 1);
  return { out, evaluator };
}

const problems = (out: OutputLine[]) => out.filter((l) => 'problem' in l);
const recordsEvaluated = (out: OutputLine[]) =>
  out.filter((l) => 'obligation' in l).map((l) => (l as { recordId: string }).recordId);

describe('duplicate ids in one input', () => {
  it('the first line wins; each later line with the id gets one duplicate-id problem naming it', () => {
    const { out, evaluator } = run([
      child({ id: 'C-1', placement: { start: '2024-05-24' } }),
      leaver({ id: 'L-1' }),
      child({ id: 'C-1', placement: { start: '2024-05-30' } }),
      leaver({ id: 'C-1' }),
    ]);
    expect(problems(out)).toEqual([
      {
        recordId: 'C-1',
        line: 3,
        problem: 'duplicate-id',
        detail: 'line 1 already has this id and is the one evaluated; this line is not',
      },
      {
        recordId: 'C-1',
        line: 4,
        problem: 'duplicate-id',
        detail: 'line 1 already has this id and is the one evaluated; this line is not',
      },
    ]);
    const visit = out.find((l) => 'obligation' in l && l.recordId === 'C-1' && l.obligation === 'visit');
    expect(visit).toMatchObject({ dueDate: '2024-05-31' });
    expect(new Set(recordsEvaluated(out))).toEqual(new Set(['C-1', 'L-1']));
    expect(evaluator.summary).toMatchObject({ lines: 4, records: 4, problems: 2 });
  });

  it('an id is compared after trimming', () => {
    const { out } = run([child({ id: 'C-1' }), child({ id: ' C-1 ' })]);
    expect(problems(out).map((p) => (p as { problem: string }).problem)).toEqual(['duplicate-id']);
  });

  it('a line the schema rejects claims no id: a later good line with it is evaluated', () => {
    const { out } = run([{ ...child({ id: 'C-1' }), legalStatus: 'wardship' }, child({ id: 'C-1' })]);
    expect(problems(out).map((p) => (p as { problem: string; line: number }).line)).toEqual([1]);
    expect(recordsEvaluated(out)).toContain('C-1');
  });

  it('a record that cannot be evaluated still claims its id, as the import keeps it', () => {
    const { out } = run([child({ id: 'C-1', careOrderDate: '2024-06-04' }), child({ id: 'C-1' })]);
    expect(problems(out).map((p) => (p as { problem: string }).problem)).toEqual(['date-after-as-of', 'duplicate-id']);
    expect(recordsEvaluated(out)).toEqual([]);
  });

  it('a record with a value left out claims its id and is evaluated from the rest (rules.md §4 item 10)', () => {
    const { out } = run([child({ id: 'C-1', visits: ['2024-06-04'] }), child({ id: 'C-1' })]);
    expect(problems(out).map((p) => (p as { problem: string; line: number }).line)).toEqual([1, 2]);
    expect(new Set(recordsEvaluated(out))).toEqual(new Set(['C-1']));
    expect(out.filter((l) => 'obligation' in l && l.obligation === 'visit')).toHaveLength(1);
  });
});
