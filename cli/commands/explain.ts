/** `deadlines explain`: the derivation of each due date of one record, in plain English. */
import { Command } from 'commander';
import { type Day, humanDay } from '../../shared/domain/calendar/local-date.js';
import { evaluateRecord } from '../../shared/domain/evaluate.js';
import type { Policy } from '../../shared/domain/policy.js';
import { recordIdOf, validateRecord } from '../../shared/domain/records/validate.js';
import { daysInWords } from '../../shared/domain/wording.js';
import { UsageError, exitWith, loadPolicy, parseAsOf, readLines } from '../io.js';

interface Options {
  asOf?: string;
  input: string;
  id: string;
  policy?: string;
}

export async function explain(options: Options): Promise<number> {
  const asOf = parseAsOf(options.asOf);
  const policy = loadPolicy(options.policy);
  if (!options.id) throw new UsageError('--id RECORD_ID is required');
  let n = 0;
  for await (const line of readLines(options.input)) {
    n++;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    if (recordIdOf(raw) !== options.id) continue;
    process.stdout.write(`${explainRecord(raw, n, asOf, policy).join('\n')}\n`);
    return 0;
  }
  process.stderr.write(`no record with id ${JSON.stringify(options.id)} in ${options.input}\n`);
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

export function explainCommand(): Command {
  return new Command('explain')
    .description('print how each due date of one record is worked out (exit 1 when the record is not in the input)')
    .requiredOption('--as-of <date>', 'the date to evaluate on, YYYY-MM-DD (Europe/London)')
    .requiredOption('--input <file>', 'records as JSON lines; - for standard input')
    .requiredOption('--id <recordId>', 'the record to explain')
    .option('--policy <file>', 'local policy JSON (default: the built-in defaults)')
    .action(exitWith(explain));
}
