/** The snapshot guard as a pure function: who would close, by id and over 7 days; what the rejected lines cost. */
import { describe, expect, it } from 'vitest';
import { type ImportState, recentClosures, refusalOf } from '../../shared/domain/import/snapshot-policy.js';

const counts = (cases: number, lines = cases, rejected = 0) => ({ lines, rejected, cases, workers: 0, teams: 0 });

describe('refusalOf', () => {
  it.each([
    ['nothing closes', counts(100), 100, { wouldClose: 0, closedRecently: 0 }, undefined],
    ['10 % closes: allowed', counts(90), 100, { wouldClose: 10, closedRecently: 0 }, undefined],
    [
      'same size, other ids',
      counts(100),
      100,
      { wouldClose: 100, closedRecently: 0 },
      'the snapshot would close 100 of the 100 open cases (100.0 %, more than the 10 % allowed; it holds 100 cases)',
    ],
    [
      'the week adds up',
      counts(92),
      100,
      { wouldClose: 8, closedRecently: 14 },
      'the snapshot would close 8 cases after 14 closed in the last 7 days: 22 of 114 (19.3 %, more than the 19 % allowed in 7 days)',
    ],
    [
      'named lines do not count as rejected',
      counts(90, 100, 8),
      90,
      { wouldClose: 0, closedRecently: 0, notReadable: 4 },
      undefined,
    ],
    [
      'other rejected lines do',
      counts(90, 100, 10),
      90,
      { wouldClose: 0, closedRecently: 0, notReadable: 4 },
      '6 of 100 lines were rejected (6.0 %, more than the 5 % allowed; not counting 4 lines of cases kept open as not readable)',
    ],
  ])('%s', (_name, c, open, closure, reason) => {
    const thresholds = { maxShrinkPercent: 10, maxRejectedPercent: 5, maxClosedWeekPercent: 19 };
    expect(refusalOf(c, open, thresholds, closure)).toBe(reason);
  });

  it('the weekly threshold is a strict upper bound: 22 of 114 passes 19 %, not 20 %', () => {
    const closure = { wouldClose: 8, closedRecently: 14 };
    const t = { maxShrinkPercent: 10, maxRejectedPercent: 5 };
    expect(refusalOf(counts(92), 100, { ...t, maxClosedWeekPercent: 20 }, closure)).toBeUndefined();
    expect(refusalOf(counts(92), 100, { ...t, maxClosedWeekPercent: 19 }, closure)).toMatch(/22 of 114 \(19\.3 %/);
  });
});

describe('recentClosures', () => {
  it('keeps the closures of the last 7 days (7 × 24 hours before now)', () => {
    const state: ImportState = {
      scope: 'all',
      closures: [
        { at: '2024-05-27T05:00:00.000Z', closed: 5 },
        { at: '2024-05-28T05:00:00.000Z', closed: 3 },
        { at: '2024-06-03T05:00:00.000Z', closed: 2 },
      ],
    };
    expect(recentClosures(state, new Date('2024-06-04T04:00:00Z'))).toEqual({
      list: [
        { at: '2024-05-28T05:00:00.000Z', closed: 3 },
        { at: '2024-06-03T05:00:00.000Z', closed: 2 },
      ],
      total: 5,
    });
  });
});
