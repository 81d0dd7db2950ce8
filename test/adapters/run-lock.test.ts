/** The run lock on dynalite: one holder at a time, released or expired, never deleted. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRunLock } from '../../shared/adapters/dynamodb-run-lock.js';
import { RunInProgressError, withRunLock } from '../../shared/ports/run-lock.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

let local: LocalAws;
let lock: DynamoRunLock;
beforeAll(async () => {
  local = await startLocalAws();
  lock = new DynamoRunLock(local.adapters.doc, local.config.LEDGER_TABLE, 30);
});
afterAll(async () => local.stop());

const t = (s: number) => new Date(Date.UTC(2024, 5, 3, 7, 0, s));

describe('run lock', () => {
  it('lets one holder in, refuses another until it is released', async () => {
    expect(await lock.acquire('job-a', 'run-1', t(0), 60)).toBe(true);
    expect(await lock.acquire('job-a', 'run-2', t(1), 60)).toBe(false);
    // Another job's lock is independent.
    expect(await lock.acquire('job-b', 'run-2', t(1), 60)).toBe(true);
    await lock.release('job-a', 'run-1', t(2));
    expect(await lock.acquire('job-a', 'run-2', t(3), 60)).toBe(true);
  });

  it('lapses at its expiry, so a crashed run cannot hold it for ever', async () => {
    expect(await lock.acquire('job-c', 'crashed', t(0), 30)).toBe(true);
    expect(await lock.acquire('job-c', 'next', t(29), 30)).toBe(false);
    expect(await lock.acquire('job-c', 'next', t(30), 30)).toBe(true);
    // The crashed run's late release does not free the new holder's lock.
    await lock.release('job-c', 'crashed', t(31));
    expect(await lock.acquire('job-c', 'third', t(32), 30)).toBe(false);
  });

  it('keeps the item after release (no delete) with a TTL, and withRunLock releases after a failure', async () => {
    await expect(
      withRunLock(lock, 'job-d', 'r1', { now: () => t(0) }, 60, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const item = await local.adapters.doc.send(
      new GetCommand({ TableName: local.config.LEDGER_TABLE, Key: { pk: 'LOCK#job-d', sk: 'LOCK' } }),
    );
    expect(item.Item).toMatchObject({ holder: 'r1', releasedAt: t(0).toISOString() });
    expect(typeof item.Item?.expiresAt).toBe('number');
    expect(await lock.acquire('job-d', 'r2', t(1), 60)).toBe(true);
    await expect(withRunLock(lock, 'job-d', 'r3', { now: () => t(2) }, 60, async () => 1)).rejects.toThrow(
      RunInProgressError,
    );
  });

  it('two overlapping invocations of the daily job: one runs, the other does nothing and says so', async () => {
    await seedSynthetic(local, '2024-06-03', { children: 20, leavers: 5 });
    const { handler } = await import('../../functions/daily-reminders/handler.js');
    const results = (await Promise.all([handler({ asOf: '2024-06-03' }), handler({ asOf: '2024-06-03' })])) as {
      skipped?: string;
      emailsSent?: number;
    }[];
    expect(results.filter((r) => r.skipped === 'run-in-progress')).toHaveLength(1);
    expect(results.find((r) => r.skipped === undefined)!.emailsSent).toBeGreaterThan(0);
  }, 60_000);
});
