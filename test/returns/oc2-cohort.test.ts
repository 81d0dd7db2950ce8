import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import {
  type Episode903,
  collectionYearEnding,
  inOc2Cohort,
  oc2Exclusion,
} from '../../shared/domain/returns/oc2-cohort.js';

const year = collectionYearEnding(day('2025-11-24')); // 1 Apr 2025 – 31 Mar 2026

const ep = (start: string, ceased?: string, more: Partial<Episode903> = {}): Episode903 => ({
  start: day(start),
  ...(ceased ? { ceased: day(ceased) } : {}),
  ...more,
});

describe('collection year', () => {
  it.each([
    ['2025-11-24', '2025-04-01', '2026-03-31'],
    ['2026-03-31', '2025-04-01', '2026-03-31'],
    ['2026-04-01', '2026-04-01', '2027-03-31'],
    ['2026-01-01', '2025-04-01', '2026-03-31'],
  ])('on %s the year runs %s to %s', (on, start, end) => {
    const y = collectionYearEnding(day(on));
    expect([y.start, y.end]).toEqual([day(start), day(end)]);
  });
});

// Each row is one child's 903 episodes, as the DfE validator's CONTINUOUSLY_LOOKED_AFTER reads them.
describe('OC2 cohort: looked after continuously for 12 months at 31 March', () => {
  it.each<[string, Episode903[], ReturnType<typeof oc2Exclusion>]>([
    [
      'one open episode that started before the year',
      [ep('2023-05-01', undefined, { reasonNewEpisode: 'S' })],
      undefined,
    ],
    [
      'placement change in the year: ceases X1, next episode continues care',
      [
        ep('2022-01-10', '2025-09-01', { reasonNewEpisode: 'S', reasonCeased: 'X1' }),
        ep('2025-09-01', undefined, { reasonNewEpisode: 'P' }),
      ],
      undefined,
    ],
    [
      'ceasing with X1 on 30 March is still continuous',
      [ep('2024-03-01', '2026-03-30', { reasonNewEpisode: 'S', reasonCeased: 'X1' })],
      undefined,
    ],
    [
      'entering care in the year (RNE S after 1 April)',
      [ep('2025-06-15', undefined, { reasonNewEpisode: 'S' })],
      'entered-care-in-year',
    ],
    [
      'entering care on 1 April itself does not count as in the year',
      [ep('2025-04-01', undefined, { reasonNewEpisode: 'S' })],
      undefined,
    ],
    [
      'ceasing care in the year with a reason other than X1 (returned home, E4A)',
      [
        ep('2021-01-10', '2025-07-01', { reasonNewEpisode: 'S', reasonCeased: 'E4A' }),
        ep('2025-10-01', undefined, { reasonNewEpisode: 'S' }),
      ],
      'ceased-care-in-year',
    ],
    [
      'ceasing on 31 March with E11 is outside the validator window',
      [ep('2021-01-10', '2026-03-31', { reasonNewEpisode: 'S', reasonCeased: 'E11' })],
      undefined,
    ],
    [
      'short breaks (V3) in the year',
      [ep('2022-01-10', undefined, { reasonNewEpisode: 'S', legalStatus: 'V3' })],
      'short-breaks',
    ],
    [
      'short breaks (V4) ending before the year do not count',
      [
        ep('2022-01-10', '2024-12-01', { reasonNewEpisode: 'S', legalStatus: 'V4', reasonCeased: 'X1' }),
        ep('2024-12-01', undefined, { reasonNewEpisode: 'L', legalStatus: 'C2' }),
      ],
      undefined,
    ],
    [
      'care ended before the year',
      [ep('2020-01-10', '2025-01-01', { reasonNewEpisode: 'S', reasonCeased: 'E4A' })],
      'not-looked-after-in-year',
    ],
  ])('%s', (_name, episodes, expected) => {
    expect(oc2Exclusion(episodes, year)).toBe(expected);
    expect(inOc2Cohort(episodes, year)).toBe(expected === undefined);
  });
});
