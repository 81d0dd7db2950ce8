import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastParseRecord } from '../../shared/domain/records/fast-parse.js';
import { recordSchema } from '../../shared/domain/records/schema.js';
import { validChild, validLeaver } from '../helpers/arbitraries.js';
import { child, leaver } from '../helpers/records.js';

/** Whatever the fast path accepts, the zod schema accepts with the same result. */
function agrees(raw: unknown): void {
  const fast = fastParseRecord(raw);
  if (fast === undefined) return;
  const zod = recordSchema.safeParse(raw);
  expect(zod.success).toBe(true);
  expect(fast).toEqual(zod.data);
}

describe('record fast path', () => {
  it('takes the common shape (so the benchmark measures it)', () => {
    expect(fastParseRecord(child())).toBeDefined();
    expect(fastParseRecord(leaver())).toBeDefined();
  });

  it('agrees with the zod schema on valid records', () => {
    fc.assert(
      fc.property(fc.oneof(validChild, validLeaver), ({ record }) => agrees(record)),
      { numRuns: 300 },
    );
  });

  it('agrees with the zod schema when any field, or any placement field, is replaced by arbitrary JSON', () => {
    const c = child({ visits: ['2024-01-01'], givenName: 'A' });
    const l = leaver({ supportRequested: '2024-01-01', contacts: ['2024-01-01'] });
    const keys = [
      ...Object.keys(c),
      ...Object.keys(l),
      'flags',
      'weeksLookedAfterSince14BeforePeriod',
      'needsAssessment',
      'careOrderDate',
    ];
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(' T1 ', '', '2024-02-30', '2024-02-29', null, [], ['2024-01-01'], 400, 401, -1, 1.5, true),
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), value, fc.boolean(), (key, v, inPlacement) => {
        agrees({ ...l, [key]: v });
        agrees(
          inPlacement
            ? { ...c, placement: { ...c.placement, [key.length % 2 ? 'type' : 'start']: v } }
            : { ...c, [key]: v },
        );
      }),
      { numRuns: 2000 },
    );
  });
});
