import { describe, expect, it } from 'vitest';
import { UnprocessedBatchError, retryUnprocessed } from '../../shared/adapters/batch-retry.js';

describe('retryUnprocessed', () => {
  it('retries what comes back unprocessed, with growing waits, until nothing is left', async () => {
    const waits: number[] = [];
    const seen: number[][] = [];
    await retryUnprocessed(
      'items',
      [1, 2, 3, 4],
      async (batch) => {
        seen.push(batch);
        return batch.slice(Math.ceil(batch.length / 2));
      },
      { wait: async (ms) => void waits.push(ms) },
    );
    expect(seen).toEqual([[1, 2, 3, 4], [3, 4], [4]]);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up with a typed error naming what was left', async () => {
    const error = await retryUnprocessed('notices', [1, 2, 3], async (b) => b.slice(1), {
      maxAttempts: 2,
      wait: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessedBatchError);
    expect(error).toMatchObject({ operation: 'notices', unprocessed: 1, attempts: 2 });
    expect((error as Error).message).toBe('DynamoDB left 1 notices unprocessed after 2 attempts');
  });
});
