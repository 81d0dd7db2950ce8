/**
 * Faults injected at the AWS SDK boundary, as middleware on the real clients, driven by a seeded random source:
 * throttling and 5xx answers, partial batch results (unprocessed items and keys), the process being killed at a
 * chosen call (that call and every later one fail, as if the process had died there), SES accepting a message
 * while the caller sees a timeout or a connection reset (ambiguous), and a claimant stalled after SES accepted its
 * message (the `stall` hook) while another run takes over.
 */
import { AdapterError } from '../../shared/adapters/errors.js';

export class ProcessKilled extends AdapterError {
  override readonly name = 'ProcessKilled';
}

export interface FaultWorld {
  random: () => number;
  calls: number;
  /** Kill the "process" at this call number (1-based), if set. */
  killAt: number | undefined;
  dead: boolean;
  /** Probability of a throttling answer per DynamoDB attempt. */
  throttleRate: number;
  /** Probability of a throttling or 5xx answer per SES attempt. */
  sesFailureRate: number;
  /** Probability that a batch call processes only part of its items. */
  partialBatchRate: number;
  /** Probability that SES accepts a SendEmail and the caller then sees a timeout or a reset instead of the answer. */
  ambiguousRate: number;
  /** SendEmail calls that reached SES in this process. */
  sesSends: number;
  /** The process dies right after SES accepted its n-th SendEmail, before the answer is recorded, if set. */
  killAfterSend: number | undefined;
  /** Called after SES accepted the n-th SendEmail of this process; the answer is held until it resolves. */
  stallAfterAccept: { send: number; stall: () => Promise<void> } | undefined;
  /** `unsent5xx`: SES answered 5xx to a request it did not act on (nothing sent; the outcome is unknown). */
  injected: { throttles: number; partialBatches: number; kills: number; ambiguous: number; unsent5xx: number };
}

export type Injected = FaultWorld['injected'];
export const noInjections = (): Injected => ({
  throttles: 0,
  partialBatches: 0,
  kills: 0,
  ambiguous: 0,
  unsent5xx: 0,
});

export function faultWorld(
  random: () => number,
  options: Partial<
    Pick<
      FaultWorld,
      | 'killAt'
      | 'killAfterSend'
      | 'throttleRate'
      | 'sesFailureRate'
      | 'partialBatchRate'
      | 'ambiguousRate'
      | 'stallAfterAccept'
    >
  > = {},
): FaultWorld {
  return {
    random,
    calls: 0,
    killAt: options.killAt,
    killAfterSend: options.killAfterSend,
    dead: false,
    throttleRate: options.throttleRate ?? 0,
    sesFailureRate: options.sesFailureRate ?? 0,
    partialBatchRate: options.partialBatchRate ?? 0,
    ambiguousRate: options.ambiguousRate ?? 0,
    sesSends: 0,
    stallAfterAccept: options.stallAfterAccept,
    injected: noInjections(),
  };
}

interface Args {
  input: unknown;
}
interface Result {
  output: unknown;
}
type Handler = (args: Args) => Promise<Result>;
/** The part of an SDK client's middleware stack used here (every v3 client has it). */
interface AnyClient {
  middlewareStack: unknown;
}
function stack(client: AnyClient): {
  add(
    mw: (next: Handler, context: unknown) => Handler,
    options: { step: string; priority: string; name: string },
  ): void;
} {
  return client.middlewareStack as never;
}

function throttle(
  service: 'dynamodb' | 'ses',
  random: () => number,
): Error & { $metadata: { httpStatusCode: number } } {
  if (service === 'ses' && random() < 0.5)
    return Object.assign(new Error('Service unavailable'), {
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
  const name = service === 'ses' ? 'TooManyRequestsException' : 'ThrottlingException';
  return Object.assign(new Error('Rate exceeded'), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: service === 'ses' ? 429 : 400 },
  });
}

export function injectFaults(client: AnyClient, service: 'dynamodb' | 'ses', world: FaultWorld): void {
  // Outermost: the process dies at a chosen call; nothing after it happens.
  stack(client).add(
    (next) => async (args) => {
      world.calls++;
      if (world.killAt !== undefined && world.calls >= world.killAt) {
        if (!world.dead) world.injected.kills++;
        world.dead = true;
      }
      if (world.dead) throw new ProcessKilled(`process killed at SDK call ${world.killAt}`);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'faultKill' },
  );
  // Partial batches: only part of the request is processed; the rest comes back unprocessed.
  stack(client).add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName;
      const input = args.input as { RequestItems?: Record<string, unknown> };
      if (
        (command !== 'BatchWriteItemCommand' && command !== 'BatchGetItemCommand') ||
        world.random() >= world.partialBatchRate ||
        !input.RequestItems
      )
        return next(args);
      const [table, request] = Object.entries(input.RequestItems)[0]!;
      const isWrite = command === 'BatchWriteItemCommand';
      const items = (isWrite ? request : (request as { Keys: unknown[] }).Keys) as unknown[];
      if (items.length < 2) return next(args);
      const keep = items.slice(0, Math.ceil(items.length / 2));
      const left = items.slice(keep.length);
      world.injected.partialBatches++;
      const result = await next({
        ...args,
        input: { ...input, RequestItems: { [table]: isWrite ? keep : { ...(request as object), Keys: keep } } },
      });
      const output = result.output as {
        UnprocessedItems?: Record<string, unknown[]>;
        UnprocessedKeys?: Record<string, { Keys: unknown[] }>;
      };
      if (isWrite)
        output.UnprocessedItems = {
          ...output.UnprocessedItems,
          [table]: [...(output.UnprocessedItems?.[table] ?? []), ...left],
        };
      else
        output.UnprocessedKeys = {
          ...output.UnprocessedKeys,
          [table]: { ...(request as object), Keys: [...(output.UnprocessedKeys?.[table]?.Keys ?? []), ...left] },
        };
      return result;
    },
    { step: 'initialize', priority: 'low', name: 'faultPartialBatch' },
  );
  // SES accepted it, but the answer is lost (timeout or reset) or late (the claimant stalls past its lease).
  if (service === 'ses')
    stack(client).add(
      (next, context) => async (args) => {
        if ((context as { commandName?: string }).commandName !== 'SendEmailCommand') return next(args);
        const result = await next(args);
        world.sesSends++;
        if (world.killAfterSend === world.sesSends) {
          world.injected.kills++;
          world.dead = true;
          throw new ProcessKilled(`process killed after SES accepted send ${world.killAfterSend}`);
        }
        if (world.stallAfterAccept?.send === world.sesSends) await world.stallAfterAccept.stall();
        if (world.random() < world.ambiguousRate) {
          world.injected.ambiguous++;
          throw world.random() < 0.5
            ? Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout'), {
                name: 'TimeoutError',
                code: 'ETIMEDOUT',
              })
            : Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
        }
        return result;
      },
      { step: 'finalizeRequest', priority: 'high', name: 'faultAmbiguous' },
    );
  // Throttling and server errors, inside the SDK's own retry loop.
  stack(client).add(
    (next) => async (args) => {
      if (world.random() < (service === 'ses' ? world.sesFailureRate : world.throttleRate)) {
        world.injected.throttles++;
        const error = throttle(service, world.random);
        if (error.$metadata.httpStatusCode >= 500) world.injected.unsent5xx++;
        throw error;
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'faultThrottle' },
  );
}
