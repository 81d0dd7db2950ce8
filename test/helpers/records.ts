import { type Day, day } from '../../shared/domain/calendar/local-date.js';
import type { Obligation, ObligationKind } from '../../shared/domain/obligations.js';
import { type ObligationLine, evaluateRecord, toLine } from '../../shared/domain/evaluate.js';
import { type PolicyInput, compilePolicy } from '../../shared/domain/policy.js';
import type { ChildRecordInput, LeaverRecordInput } from '../../shared/domain/records/schema.js';
import { validateRecord } from '../../shared/domain/records/validate.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function child(overrides: DeepPartial<ChildRecordInput> = {}): ChildRecordInput {
  const { placement, ...rest } = overrides;
  return {
    id: 'C-1',
    kind: 'child',
    dateOfBirth: '2012-04-01',
    workerId: 'W-1',
    teamId: 'T-1',
    periodOfCareStart: '2023-01-10',
    legalStatus: 'careOrder',
    placement: { start: '2023-01-10', type: 'foster', ...placement },
    ...rest,
  } as ChildRecordInput;
}

export function leaver(overrides: Partial<LeaverRecordInput> = {}): LeaverRecordInput {
  return {
    id: 'L-1',
    kind: 'leaver',
    dateOfBirth: '2005-03-01',
    workerId: 'PA-1',
    teamId: 'T-9',
    ceasedCareDate: '2023-03-01',
    category: 'formerRelevant',
    ...overrides,
  } as LeaverRecordInput;
}

/** Every obligation line for a record, in output order; throws if the record has problems. */
export function evaluateAll(input: unknown, asOf: string, policy: PolicyInput = {}): ObligationLine[] {
  const v = validateRecord(input, day(asOf));
  if (!v.record || v.problems.length) throw new Error(`record has problems: ${JSON.stringify(v.problems)}`);
  return evaluateRecord(v.record, day(asOf), compilePolicy(policy)).map(toLine);
}

/** Every obligation line of one kind (a record may have several return interviews). */
export function obligationsOf(input: unknown, asOf: string, kind: string, policy: PolicyInput = {}): ObligationLine[] {
  return evaluateAll(input, asOf, policy).filter((o) => o.obligation === kind);
}

/** Every obligation line for a record, keyed by obligation; throws if the record has problems. */
export function evaluate(input: unknown, asOf: string, policy: PolicyInput = {}): Record<string, ObligationLine> {
  const v = validateRecord(input, day(asOf));
  if (!v.record || v.problems.length) throw new Error(`record has problems: ${JSON.stringify(v.problems)}`);
  const out: Record<string, ObligationLine> = {};
  for (const o of evaluateRecord(v.record, day(asOf), compilePolicy(policy))) out[o.obligation] = toLine(o);
  return out;
}

export function obligation(
  input: unknown,
  asOf: string,
  kind: string,
  policy: PolicyInput = {},
): ObligationLine | undefined {
  return evaluate(input, asOf, policy)[kind];
}

/** An obligation of this kind and status and nothing else: for figure and digest tests that only count. */
export function obligationOf(obligation: ObligationKind, status: Obligation['status']): Obligation {
  return {
    obligation,
    status,
    recordId: 'x',
    rule: '',
    citation: '',
    force: 'statutory',
    due: 0 as Day,
    days: 0,
    explanation: '',
    basis: undefined,
  };
}
