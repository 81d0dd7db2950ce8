/**
 * deadlines: the command-line face of the rules engine.
 *
 *   deadlines evaluate --as-of YYYY-MM-DD --input FILE|- [--policy FILE]
 *   deadlines explain  --as-of YYYY-MM-DD --input FILE|- --id RECORD_ID [--policy FILE]
 *   deadlines import   --input FILE|- [--endpoint URL] [--table NAME]
 *
 * Exit codes: 0 success (bad records are reported as problem lines, not failures); 1 the job could not be done
 * (e.g. the record to explain is not in the input); 2 the command line or the policy file is wrong.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Day, humanDay, parseDay } from '../shared/domain/calendar/local-date.js';
import { evaluateRecord } from '../shared/domain/evaluate.js';
import { type Policy, PolicyError, compilePolicy } from '../shared/domain/policy.js';
import { recordIdOf, validateRecord } from '../shared/domain/records/validate.js';
import { daysInWords } from '../shared/domain/wording.js';
import { LineEvaluator } from '../shared/use-cases/evaluate-lines.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const USAGE = `usage:
  deadlines evaluate --as-of YYYY-MM-DD --input FILE|- [--policy FILE]
  deadlines explain  --as-of YYYY-MM-DD --input FILE|- --id RECORD_ID [--policy FILE]
  deadlines import   --input FILE|- [--endpoint URL] [--table NAME] [--region REGION]
  deadlines sync-schedules --table NAME --group NAME --function-arn ARN --role-arn ARN --dlq-arn ARN`;

export async function* readLines(input: string): AsyncGenerator<string> {
  const stream = input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

function requireAsOf(value: string | undefined): Day {
  if (!value) throw new UsageError('--as-of YYYY-MM-DD is required');
  const d = parseDay(value);
  if (d === undefined)
    throw new UsageError(`--as-of must be a real date in YYYY-MM-DD form, got ${JSON.stringify(value)}`);
  return d;
}

function requireInput(value: string | undefined): string {
  if (!value) throw new UsageError('--input FILE is required (use - for standard input)');
  return value;
}

export function loadPolicy(file: string | undefined): Policy {
  if (!file) return compilePolicy({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read policy file ${file}: ${(error as Error).message}`);
  }
  return compilePolicy(raw);
}

/** Buffered stdout that respects back-pressure, so a large evaluation streams in bounded memory. */
class Output {
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

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'as-of': { type: 'string' }, input: { type: 'string' }, policy: { type: 'string' } },
  });
  const asOf = requireAsOf(values['as-of']);
  const input = requireInput(values.input);
  const policy = loadPolicy(values.policy);
  const out = new Output();
  const evaluator = new LineEvaluator(asOf, policy, (line) => out.write(JSON.stringify(line)));
  let n = 0;
  for await (const line of readLines(input)) {
    evaluator.push(line, ++n);
    await out.flushIfFull();
  }
  await out.flush();
  const s = evaluator.summary;
  process.stderr.write(`evaluated ${s.records} records: ${s.obligations} obligations, ${s.problems} problems\n`);
  return 0;
}

async function explain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      input: { type: 'string' },
      policy: { type: 'string' },
      id: { type: 'string' },
    },
  });
  const asOf = requireAsOf(values['as-of']);
  const input = requireInput(values.input);
  const policy = loadPolicy(values.policy);
  const id = values.id;
  if (!id) throw new UsageError('--id RECORD_ID is required');
  let n = 0;
  for await (const line of readLines(input)) {
    n++;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    if (recordIdOf(raw) !== id) continue;
    process.stdout.write(`${explainRecord(raw, n, asOf, policy).join('\n')}\n`);
    return 0;
  }
  process.stderr.write(`no record with id ${JSON.stringify(id)} in ${input}\n`);
  return 1;
}

export function explainRecord(raw: unknown, lineNumber: number, asOf: Day, policy: Policy): string[] {
  const v = validateRecord(raw, asOf);
  const out = [`Record ${v.recordId} (line ${lineNumber}) as of ${humanDay(asOf)}`];
  if (v.problems.length > 0 || !v.record) {
    out.push('', 'This record cannot be evaluated until its data is corrected:');
    for (const p of v.problems) out.push(`  - ${p.problem}: ${p.detail}`);
    return out;
  }
  const obligations = evaluateRecord(v.record, asOf, policy, true);
  out[0] += ` — ${v.record.kind === 'child' ? 'child looked after' : 'care leaver'}, ${obligations.length} obligations`;
  for (const o of obligations) {
    const when = o.status === 'not-applicable' ? 'not applicable' : `${o.status}, ${daysInWords(o.days)}`;
    out.push('', `${o.obligation}: due ${humanDay(o.due)} (${when})`);
    out.push(`  Why: ${o.explanation}.`);
    out.push(`  Rule: ${o.rule} — ${o.citation} [${o.force}]`);
    for (const step of o.basis ?? []) out.push(`  • ${step}`);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'evaluate':
        return await evaluate(rest);
      case 'explain':
        return await explain(rest);
      case 'import': {
        const { runImport } = await import('./import.js');
        return await runImport(rest);
      }
      case 'sync-schedules': {
        const { runSyncSchedulesCommand } = await import('./sync-schedules.js');
        return await runSyncSchedulesCommand(rest);
      }
      default:
        throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'a command is required');
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof PolicyError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`deadlines: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if ((error as { code?: string }).code === 'ENOENT') {
      process.stderr.write(`deadlines: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
