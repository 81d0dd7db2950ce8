/**
 * One run of a job at a time, without reserved concurrency: a lock item in the ledger, taken with a conditional
 * write and held until released or until it expires (a crashed run cannot hold it for ever). A scheduled run, its
 * retries and a manual re-run of the same job therefore never overlap.
 */
import { UseCaseError } from './errors.js';
export interface RunLock {
  /** Takes the lock `name` for `holder` until `now + seconds`; false if another holder has it and it has not expired. */
  acquire(name: string, holder: string, now: Date, seconds: number): Promise<boolean>;
  /** Gives the lock up (only if `holder` still has it). */
  release(name: string, holder: string, now: Date): Promise<void>;
}

/** Thrown when a run finds another run of the same job in progress: the scheduler retries it later. */
export class RunInProgressError extends UseCaseError {
  override readonly name = 'RunInProgressError';
  constructor(readonly lock: string) {
    super(`another run of ${lock} is in progress; this one did nothing`);
  }
}

/** Runs `task` holding the lock `name`, releasing it afterwards whatever happens. */
export async function withRunLock<T>(
  lock: RunLock,
  name: string,
  holder: string,
  clock: { now(): Date },
  seconds: number,
  task: () => Promise<T>,
): Promise<T> {
  if (!(await lock.acquire(name, holder, clock.now(), seconds))) throw new RunInProgressError(name);
  try {
    return await task();
  } finally {
    await lock.release(name, holder, clock.now());
  }
}
