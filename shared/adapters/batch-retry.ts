/**
 * The one retry loop for DynamoDB batch calls (BatchWriteItem, BatchGetItem), which may process only part of a
 * request and hand the rest back. The rest is retried with exponential backoff; after `maxAttempts` the call fails
 * with an `UnprocessedBatchError` naming the operation and how much was left, never silently.
 */
import { AdapterError } from './errors.js';
import { sleep } from '../util/sleep.js';

export class UnprocessedBatchError extends AdapterError {
  override readonly name = 'UnprocessedBatchError';
  constructor(
    readonly operation: string,
    readonly unprocessed: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`DynamoDB left ${unprocessed} ${operation} unprocessed after ${attempts} attempts`, options);
  }
}

export interface BatchRetryOptions {
  maxAttempts?: number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Sends `items` through `call`, which returns what was left unprocessed, until nothing is left.
 * Backoff: 100 ms, 200 ms, 400 ms … capped at 2 s.
 */
export async function retryUnprocessed<T>(
  operation: string,
  items: T[],
  call: (batch: T[]) => Promise<T[]>,
  { maxAttempts = 8, wait = sleep }: BatchRetryOptions = {},
): Promise<void> {
  let batch = items;
  for (let attempt = 0; batch.length > 0; attempt++) {
    if (attempt >= maxAttempts) throw new UnprocessedBatchError(operation, batch.length, attempt);
    if (attempt > 0) await wait(Math.min(2000, 50 * 2 ** attempt));
    batch = await call(batch);
  }
}
