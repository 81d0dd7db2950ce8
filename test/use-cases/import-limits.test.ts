/** What DynamoDB would refuse, found before writing; and what an import keeps of a line (the schema's fields). */
import { describe, expect, it } from 'vitest';
import { childSchema } from '../../shared/domain/records/schema.js';
import { MAX_NESTING, storageProblem } from '../../shared/domain/records/storable.js';
import { checkLine, storedFields } from '../../shared/use-cases/import-records.js';
import { child } from '../helpers/records.js';

const nested = (levels: number) => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('storageProblem', () => {
  it.each([
    [
      'a 400 KB field',
      { id: 'A', note: 'x'.repeat(400 * 1024) },
      /the record is about 401 KB; DynamoDB stores at most 400 KB per item/,
    ],
    ['multi-byte text over the limit', { id: 'A', note: 'é'.repeat(200 * 1024) }, /about 401 KB/],
    ['a number beyond 2^53', { id: 'A', n: 2 ** 53 + 2 }, /^n: a number beyond 2\^53 cannot be stored exactly$/],
    ['a non-finite number', { id: 'A', list: [1, Number.NaN] }, /^list\[1\]: not a finite number$/],
    ['nesting too deep', { id: 'A', deep: nested(MAX_NESTING) }, /^deep(\[0\])+: nested more than 32 levels deep$/],
  ])('refuses %s, naming the field and never the value', (_name, item, reason) => {
    expect(storageProblem(item)).toMatch(reason);
  });

  it.each([
    ['just under 400 KB', { id: 'A', note: 'x'.repeat(399 * 1024) }],
    ['2^53 - 1', { id: 'A', n: Number.MAX_SAFE_INTEGER }],
    ['31 levels', { id: 'A', deep: nested(MAX_NESTING - 1) }],
  ])('accepts %s', (_name, item) => {
    expect(storageProblem(item)).toBeUndefined();
  });
});

describe('what an import keeps', () => {
  it('only the schema fields, at every level', () => {
    const raw = {
      ...child({ id: 'C-1' }),
      ethnicity: 'x',
      placement: { start: '2023-01-10', type: 'foster', carer: 'y' },
    };
    expect(storedFields(raw, childSchema)).toEqual({ ...child({ id: 'C-1' }) });
  });

  it('never a worker’s suppression from a file, and lists the owned fields the item lacks', () => {
    const r = checkLine(
      JSON.stringify({ kind: 'worker', id: 'W-1', name: 'Sam', teamId: 'T-1', emailSuppressed: false, pin: '1234' }),
      1,
      new Set(),
    );
    expect(r).toEqual({
      kind: 'item',
      item: {
        entity: 'worker',
        id: 'W-1',
        item: { id: 'W-1', name: 'Sam', teamId: 'T-1', active: true },
        absent: ['email', 'away'],
      },
    });
  });

  it.each([
    ['a visit re-saved in US form', { visits: ['2024-04-01', '10/13/2026 1:00 PM'] }],
    ['a visit typed as 2042', { visits: ['2042-04-01'] }],
    ['an unreadable needs assessment', { needsAssessment: '01/03/2024' }],
    ['a decline naming another obligation', { declined: [{ obligation: 'visit', date: '2024-05-20' }] }],
  ])('%s costs that value, not the line: it is stored as given (rules.md §4 item 10)', (_name, change) => {
    const raw = { ...child({ id: 'C-1' }), ...change };
    const r = checkLine(JSON.stringify(raw), 1, new Set());
    expect(r).toMatchObject({ kind: 'item', item: { entity: 'case', id: 'C-1', item: change } });
  });

  it.each([null, '', '   '])(
    'no allocated worker (%j) costs that value, not the line: stored with no worker',
    (workerId) => {
      const r = checkLine(JSON.stringify({ ...child({ id: 'C-1' }), workerId }), 1, new Set());
      expect(r).toMatchObject({ kind: 'item', item: { entity: 'case', id: 'C-1', item: { teamId: 'T-1' } } });
      expect(r.kind === 'item' && 'workerId' in r.item.item).toBe(false);
    },
  );

  it.each([
    ['an unreadable placement start', { placement: { start: '13/01/2023', type: 'foster' } }, 'placement.start'],
    ['visits that are not a list', { visits: '2024-04-01' }, 'visits'],
  ])('%s still rejects the line', (_name, change, field) => {
    const r = checkLine(JSON.stringify({ ...child({ id: 'C-1' }), ...change }), 1, new Set());
    expect(r).toMatchObject({ kind: 'rejected', rejected: { recordId: 'C-1', problem: 'invalid-record' } });
    expect(r.kind === 'rejected' && r.rejected.detail).toContain(field);
  });

  it('an unknown 400 KB field is dropped, not stored, so the line loads', () => {
    const r = checkLine(JSON.stringify({ ...child({ id: 'C-1' }), attachment: 'x'.repeat(400 * 1024) }), 1, new Set());
    expect(r.kind).toBe('item');
  });
});
