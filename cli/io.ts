/**
 * What every command shares: reading input lines, the policy file, the as-of date, buffered output, and the two
 * ways a command ends other than success (a usage error, exit 2; a job that could not be done, any other code).
 */
import { CliError } from './errors.js';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Option } from 'commander';
import { type Day, parseDay } from '../shared/domain/calendar/local-date.js';
import { type Policy, compilePolicy } from '../shared/domain/policy.js';

/** The command line (an option, a file it names) is wrong: exit 2 with the usage. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/** A command finished with this exit code (non-zero without being a usage error). */
export class ExitCode extends CliError {
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

/**
 * An option with a fixed set of values (`--from`, `--every`, `--job`, `--format`): commander lists them in the help
 * and refuses any other with exit 2, the same words in every command. Case is ignored (`--from SSD` is `ssd`).
 */
export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  byDefault?: string,
): Option {
  const option = new Option(flags, description).choices(choices);
  const check = option.parseArg!;
  option.argParser((value: string, previous: unknown) => check(value.toLowerCase(), previous));
  return byDefault === undefined ? option : option.default(byDefault);
}

/** An old spelling of an option, kept working (and out of the help) for one release. */
export function formerly(flags: string, now: string): Option {
  return new Option(flags, `former spelling of ${now}`).hideHelp();
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

/**
 * Buffered output (standard output unless told otherwise) that respects back-pressure, so a large output streams in
 * bounded memory. Lines are encoded straight into a reused byte buffer: joining thousands of strings and encoding
 * the result into a new buffer for every chunk cost more than evaluating the records (`npm run bench` shows
 * `evaluate` beside a process that only reads and writes). A buffer goes back to the free list when the stream
 * has taken its bytes, so at most a few are ever allocated.
 */
export class Output {
  private static readonly CHUNK = 1 << 20;
  /** `flushIfFull` writes once this much is waiting; the rest of the chunk is headroom for one more record. */
  private static readonly HIGH_WATER = Output.CHUNK / 2;
  private readonly free: Buffer[] = [];
  private buffer: Buffer = Buffer.allocUnsafeSlow(Output.CHUNK);
  private used = 0;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  write(line: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit; one more for the newline.
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.buffer.length) this.grow(this.used + worst);
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  async flushIfFull(): Promise<void> {
    if (this.used >= Output.HIGH_WATER) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buffer;
    const bytes = full.subarray(0, this.used);
    this.buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(Output.CHUNK);
    this.used = 0;
    const taken = this.stream.write(bytes, () => {
      if (full.length === Output.CHUNK) this.free.push(full);
    });
    if (!taken) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  /** A line longer than the headroom (never seen from evaluate; possible from a pathological input): a bigger buffer. */
  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.used);
    if (this.buffer.length === Output.CHUNK) this.free.push(this.buffer);
    this.buffer = bigger;
  }
}

/** The AWS options every command that reaches a table shares. */
export interface AwsOptions {
  region?: string;
  endpoint?: string;
}
export const REGION_DEFAULT = process.env.AWS_REGION ?? 'eu-west-2';
