import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { fastParseRecord } from '../../shared/domain/records/fast-parse.js';
import {
  MAX_EVENTS,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SHORT_BREAK_VISIT_WEEKS,
  MAX_WEEKS_BEFORE_PERIOD,
  recordSchema,
} from '../../shared/domain/records/schema.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
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
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('takes the common shape (so the benchmark measures it), with the new fields too', () => {
    expect(fastParseRecord(child())).toBeDefined();
    expect(fastParseRecord(leaver())).toBeDefined();
    expect(
      fastParseRecord(
        child({
          legalStatus: 'shortBreaks',
          missingEpisodes: [
            { start: '2024-01-01', end: '2024-01-02', interviewOffered: true },
            { start: '2024-02-01', end: '2024-02-03', interviewOffered: '2024-02-04' },
            { start: '2024-03-01' },
          ],
          sdqs: ['2024-01-01'],
          personalAdviserAllocated: '2024-01-01',
          shortBreakVisitWeeks: 6,
        }),
      ),
    ).toBeDefined();
    expect(fastParseRecord(leaver({ returnToEducationRequested: '2024-01-01' }))).toBeDefined();
    expect(
      fastParseRecord(
        child({
          declined: [
            { obligation: 'health-assessment', date: '2024-05-20' },
            { obligation: 'dental-check', date: '2024-01-15' },
          ],
        }),
      ),
    ).toMatchObject({
      declined: [
        { obligation: 'health-assessment', date: day('2024-05-20') },
        { obligation: 'dental-check', date: day('2024-01-15') },
      ],
    });
  });

  it('well-formed records never reach zod, including right after a bad record (nothing switches it off)', () => {
    const asOf = day('2024-06-03');
    const zod = vi.spyOn(recordSchema, 'safeParse');
    const bad = [
      { ...child(), visits: ['2024-02-30'] },
      { ...child(), placement: { start: '2024-01-01', type: 'castle' } },
      { ...leaver(), supportRequested: 'yes' },
      { ...child(), missingEpisodes: [{ end: '2024-01-01' }] },
      { ...child(), flags: ['missing'] },
    ];
    for (const b of bad) {
      zod.mockClear();
      validateRecord(b, asOf);
      // At most once: an unreadable item is left out and the rest may then take the fast path.
      expect(zod.mock.calls.length).toBeLessThanOrEqual(1);
      zod.mockClear();
      expect(validateRecord(child(), asOf).record).toBeDefined();
      expect(validateRecord(leaver(), asOf).record).toBeDefined();
      expect(zod).not.toHaveBeenCalled();
    }
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

  it('agrees with zod on the new fields replaced by arbitrary JSON', () => {
    const c = child({ missingEpisodes: [{ start: '2024-01-01', end: '2024-01-02' }], sdqs: ['2024-01-01'] });
    const keys = [
      'missingEpisodes',
      'sdqs',
      'personalAdviserAllocated',
      'shortBreakVisitWeeks',
      'legalStatus',
      'declined',
    ];
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(null, 0, 1, 104, 105, 'shortBreaks', [{ start: '2024-01-01', interviewOffered: false }]),
      fc.record({ start: fc.jsonValue(), end: fc.jsonValue(), interviewOffered: fc.jsonValue() }).map((e) => [e]),
      fc
        .record({
          obligation: fc.oneof(fc.constantFrom('health-assessment', 'dental-check', 'visit'), fc.jsonValue()),
          date: fc.oneof(fc.constantFrom('2024-05-20', '2024-02-30'), fc.jsonValue()),
        })
        .map((e) => [e]),
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), value, (key, v) => {
        agrees({ ...c, [key]: v });
        agrees({ ...leaver(), returnToEducationRequested: v });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('schema size limits, at n and n + 1 (README "Limits")', () => {
  const asOf = day('2024-06-03');
  const dates = (n: number) => Array.from({ length: n }, () => '2024-01-01');
  const text = (n: number) => 'x'.repeat(n);
  it.each([
    ['id', MAX_ID_LENGTH, (n: number) => child({ id: text(n) })],
    ['id, after trimming', MAX_ID_LENGTH, (n: number) => child({ id: `  ${text(n)}  ` })],
    ['teamId', MAX_ID_LENGTH, (n: number) => child({ teamId: text(n) })],
    ['workerId', MAX_ID_LENGTH, (n: number) => leaver({ workerId: text(n) })],
    ['givenName', MAX_NAME_LENGTH, (n: number) => child({ givenName: text(n) })],
    ['visits', MAX_EVENTS, (n: number) => child({ visits: dates(n) })],
    ['sdqs', MAX_EVENTS, (n: number) => child({ sdqs: dates(n) })],
    ['contacts', MAX_EVENTS, (n: number) => leaver({ contacts: dates(n) })],
    [
      'missingEpisodes',
      MAX_EVENTS,
      (n: number) =>
        child({ missingEpisodes: Array.from({ length: n }, () => ({ start: '2024-01-01', interviewOffered: true })) }),
    ],
    [
      'declined',
      MAX_EVENTS,
      (n: number) =>
        child({
          declined: Array.from({ length: n }, () => ({ obligation: 'dental-check' as const, date: '2024-01-01' })),
        }),
    ],
    [
      'weeksLookedAfterSince14BeforePeriod',
      MAX_WEEKS_BEFORE_PERIOD,
      (n: number) => child({ weeksLookedAfterSince14BeforePeriod: n }),
    ],
    ['shortBreakVisitWeeks', MAX_SHORT_BREAK_VISIT_WEEKS, (n: number) => child({ shortBreakVisitWeeks: n })],
  ])('%s: %i accepted, one more rejected', (field, n, make) => {
    const ok = validateRecord(make(n), asOf);
    expect(ok.problems).toEqual([]);
    expect(fastParseRecord(make(n))).toBeDefined();
    const over = validateRecord(make(n + 1), asOf);
    expect(over.problems.map((p) => p.problem)).toEqual(['invalid-record']);
    expect(over.problems[0]!.detail).toMatch(new RegExp(`^${field.split(',')[0]}: expected (at most|less than)`));
    expect(fastParseRecord(make(n + 1))).toBeUndefined();
  });
});
