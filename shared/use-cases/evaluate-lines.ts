/**
 * Evaluates JSON-lines records: one output per obligation and one per problem. A bad line is reported and never
 * stops the run. Blank lines are skipped. Shared by the CLI and the benchmark.
 *
 * Duplicate ids: the first line that holds a readable record (one the schema accepts) with an id wins, as in the
 * import, which keeps the first and rejects the rest; each later line with that id is not evaluated and gets one
 * `duplicate-id` problem naming the line that won. The output still streams: nothing waits for the end of the
 * input. A line the schema rejects claims no id, so a later good line with the same id is evaluated.
 *
 * A problem line of the SSD converter (`{"recordId","source","problem","detail"}`, no `kind`) is passed through
 * unchanged and counted as a problem, so that `convert … | evaluate` keeps the converter's findings instead of
 * reporting them as records without a kind.
 */
import type { Day } from '../domain/calendar/local-date.js';
import { type ObligationLine, evaluateRecord, toLine } from '../domain/evaluate.js';
import type { Policy } from '../domain/policy.js';
import { NOT_JSON, parseJsonLine } from '../domain/records/json-lines.js';
import { type ProblemCode, validateRecord } from '../domain/records/validate.js';

export interface ProblemLine {
  recordId: string | null;
  line: number;
  problem: ProblemCode;
  detail: string;
}

/** A converter's problem line, passed through as it came. */
export interface ConverterProblemLine {
  recordId: string | null;
  source: string;
  problem: string;
  detail: string;
}

export type OutputLine = ObligationLine | ProblemLine | ConverterProblemLine;

function isConverterProblem(value: unknown): value is ConverterProblemLine {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    !('kind' in v) &&
    typeof v.source === 'string' &&
    typeof v.problem === 'string' &&
    typeof v.detail === 'string' &&
    (v.recordId === null || typeof v.recordId === 'string')
  );
}

export interface LineSummary {
  lines: number;
  records: number;
  problems: number;
  obligations: number;
}

export class LineEvaluator {
  readonly summary: LineSummary = { lines: 0, records: 0, problems: 0, obligations: 0 };
  /** Record id → the line whose record is evaluated under it. */
  private readonly firstLine = new Map<string, number>();
  constructor(
    private readonly asOf: Day,
    private readonly policy: Policy,
    private readonly emit: (line: OutputLine) => void,
  ) {}

  /** `lineNumber` is 1-based, as an editor shows it. */
  push(line: string, lineNumber: number): void {
    this.summary.lines++;
    const parsed = parseJsonLine(line, lineNumber);
    if (parsed.kind === 'blank') return;
    if (parsed.kind === 'invalid') {
      this.problem({ recordId: null, line: lineNumber, problem: 'invalid-json', detail: NOT_JSON });
      return;
    }
    if (isConverterProblem(parsed.value)) {
      this.summary.problems++;
      this.emit(parsed.value);
      return;
    }
    this.summary.records++;
    const v = validateRecord(parsed.value, this.asOf);
    if (v.recordId !== null && (v.record || v.problems[0]?.problem !== 'invalid-record')) {
      const first = this.firstLine.get(v.recordId);
      if (first !== undefined) {
        this.problem({
          recordId: v.recordId,
          line: lineNumber,
          problem: 'duplicate-id',
          detail: `line ${first} already has this id and is the one evaluated; this line is not`,
        });
        return;
      }
      this.firstLine.set(v.recordId, lineNumber);
    }
    // rules.md §4 item 10: every problem is reported, and whatever the record still supports is evaluated.
    for (const p of v.problems)
      this.problem({ recordId: p.recordId, line: lineNumber, problem: p.problem, detail: p.detail });
    if (!v.record) return;
    for (const o of evaluateRecord(v.record, this.asOf, this.policy)) {
      this.summary.obligations++;
      this.emit(toLine(o));
    }
  }

  private problem(p: ProblemLine): void {
    this.summary.problems++;
    this.emit(p);
  }
}
