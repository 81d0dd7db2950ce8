/**
 * What every command shares: reading input lines, the policy file, the as-of date, buffered output, and the two
 * ways a command ends other than success (a usage error, exit 2; a job that could not be done, any other code).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Day, parseDay } from '../shared/domain/calendar/local-date.js';
import { type Policy, compilePolicy } from '../shared/domain/policy.js';

/** The command line (an option, a file it names) is wrong: exit 2 with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command finished with this exit code (non-zero without being a usage error). */
export class ExitCode extends Error {
  override readonly name = 'ExitCode';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Wraps a command's action so that the exit code it returns reaches `run`. */
export function exitWith<A extends unknown[]>(action: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await action(...args);
    if (code !== 0) throw new ExitCode(code);
  };
}

/** Lines of a file, or of standard input for `-`; a byte-order mark at the start is dropped by the readers. */
export async function* readLines(input: string): AsyncGenerator<string> {
  const stream = input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}

export function parseAsOf(value: string | undefined, option = '--as-of'): Day {
  if (!value) throw new UsageError(`${option} YYYY-MM-DD is required`);
  const d = parseDay(value);
  if (d === undefined)
    throw new UsageError(`${option} must be a real date in YYYY-MM-DD form, got ${JSON.stringify(value)}`);
  return d;
}

export function loadPolicy(file: string | undefined): Policy {
  if (!file) return compilePolicy({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read policy file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return compilePolicy(raw);
}

/** Buffered stdout that respects back-pressure, so a large output streams in bounded memory. */
export class Output {
  private buffer: string[] = [];
  write(line: string): void {
    this.buffer.push(line);
  }
  async flushIfFull(): Promise<void> {
    if (this.buffer.length >= 2000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

/** The AWS options every command that reaches a table shares. */
export interface AwsOptions {
  region?: string;
  endpoint?: string;
}
export const REGION_DEFAULT = process.env.AWS_REGION ?? 'eu-west-2';
