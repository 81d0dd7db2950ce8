import { describe, expect, it } from 'vitest';
import { inParallel, rateLimiter, recipientAllowed } from '../../shared/use-cases/deliver.js';

describe('delivery helpers', () => {
  it('inParallel reports a failure only after the work in flight has finished, and starts nothing new', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = inParallel([1, 2, 3, 4, 5, 6], 3, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('boom');
      await new Promise((r) => setTimeout(r, 30));
      finished.push(n);
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished.sort()).toEqual([2, 3]);
    expect(started.sort()).toEqual([1, 2, 3]);
  });

  it('rateLimiter spaces sends at the configured rate', async () => {
    let t = 0;
    const waits: number[] = [];
    const take = rateLimiter(4, () => t, async (ms) => {
      waits.push(ms);
      t += ms;
    });
    for (let i = 0; i < 5; i++) await take();
    expect(waits).toEqual([250, 250, 250, 250]);
  });

  it.each([
    ['sam@council.gov.uk', true],
    ['sam@north.council.gov.uk', true],
    ['sam@evilcouncil.gov.uk', false],
    ['sam@council.gov.uk.evil.com', false],
    ['not-an-address', false],
  ])('recipient %s allowed: %s', (address, allowed) => {
    expect(recipientAllowed(address, ['council.gov.uk'])).toBe(allowed);
  });
});
