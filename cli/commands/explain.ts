/**
 * `deadlines explain`: the derivation of each due date of one record, in plain English. With `--history` and an SSD
 * extract, that record's history instead: from `--start` to `--as-of`, each date on which one of its obligations
 * changed (a new due date, or a new status), as the extract says things stood on that date.
 */
import { Command } from 'commander';
import { type Day, formatDay, humanDay } from '../../shared/domain/calendar/local-date.js';
import { type Timeline, historyDates } from '../../shared/domain/history/replay.js';
import { ssdTimeline } from '../../shared/domain/history/ssd-timeline.js';
import { readSsdInput } from '../ssd-input.js';
import { evaluateRecord } from '../../shared/domain/evaluate.js';
import type { Policy } from '../../shared/domain/policy.js';
import { recordIdOf, validateRecord } from '../../shared/domain/records/validate.js';
import { daysInWords } from '../../shared/domain/wording.js';
import { UsageError, choiceOption, exitWith, loadPolicy, parseAsOf, readLines } from '../io.js';

interface Options {
  asOf?: string;
  input: string;
  id: string;
  policy?: string;
  history?: boolean;
  from?: string;
  start?: string;
  end?: string;
  every: string;
  map?: string;
}

export async function explain(options: Options): Promise<number> {
  const policy = loadPolicy(options.policy);
  if (!options.id) throw new UsageError('--id RECORD_ID is required');
  if (options.history) return explainHistory(options, policy);
  const asOf = parseAsOf(options.asOf);
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
  if (!v.record) {
    out.push('', 'This record cannot be evaluated until its data is corrected:');
    for (const p of v.problems) out.push(`  - ${p.problem}: ${p.detail}`);
    return out;
  }
  if (v.problems.length > 0) {
    out.push('', 'Data problems (the rest of the record is evaluated below):');
    for (const p of v.problems) out.push(`  - ${p.problem}: ${p.detail}`);
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

/** One record's history over an SSD extract: a line for each date on which an obligation changed. */
async function explainHistory(options: Options, policy: Policy): Promise<number> {
  if (options.from !== 'ssd') throw new UsageError('--history needs --from ssd');
  const start = parseAsOf(options.start, '--start');
  // The period is --start to --end, as in `history`; --as-of, its former spelling here, still works.
  const end = parseAsOf(options.end ?? options.asOf, '--end');
  if (end < start) throw new UsageError('--end must be on or after --start');
  const extract = await readSsdInput(options.input, options.map);
  const timeline = ssdTimeline(extract);
  const person = timeline.persons.find((p) => p.id === options.id);
  if (!person) {
    process.stderr.write(`no person with id ${JSON.stringify(options.id)} in ${options.input}\n`);
    return 1;
  }
  process.stdout.write(
    `${recordHistory(timeline, person, historyDates(start, end, options.every as 'week' | 'day'), policy).join('\n')}\n`,
  );
  return 0;
}

/** The lines of one person's history: what changed on each date, in plain English. */
export function recordHistory<P>(timeline: Timeline<P>, person: P, dates: readonly Day[], policy: Policy): string[] {
  const out: string[] = [];
  let state = '';
  const last = new Map<string, string>();
  for (const d of dates) {
    const raw = timeline.recordAsOf(person, d);
    const v = raw === undefined ? undefined : validateRecord(raw, d);
    const now = !v ? 'not looked after or a care leaver' : v.record ? 'evaluated' : 'cannot be evaluated';
    if (now !== state) {
      const detail = v && !v.record ? ` (${v.problems.map((p) => p.problem).join(', ')})` : '';
      out.push(`${formatDay(d)}  ${now}${detail}`);
      state = now;
      if (!v?.record) last.clear();
    }
    if (!v?.record) continue;
    const seen = new Set<string>();
    for (const o of evaluateRecord(v.record, d, policy)) {
      const key = `${o.obligation}#${seen.has(o.obligation) ? o.due : ''}`;
      seen.add(o.obligation);
      const text = `due ${humanDay(o.due)}, ${o.status === 'not-applicable' ? 'not applicable' : `${o.status} (${daysInWords(o.days)})`}`;
      const status = `${o.due}#${o.status}`;
      if (last.get(key) === status) continue;
      last.set(key, status);
      out.push(`${formatDay(d)}  ${o.obligation}: ${text} [${o.citation}]`);
    }
  }
  return out;
}

export function explainCommand(): Command {
  return new Command('explain')
    .description('print how each due date of one record is worked out (exit 1 when the record is not in the input)')
    .option('--as-of <date>', 'the date to evaluate on, YYYY-MM-DD (Europe/London); required without --history')
    .requiredOption('--input <file>', 'records as JSON lines; - for standard input')
    .requiredOption('--id <recordId>', 'the record to explain')
    .option('--policy <file>', 'local policy JSON (default: the built-in defaults)')
    .option('--history', "the record's history from --start to --end instead (needs --from ssd and a folder)")
    .addOption(choiceOption('--from <format>', 'with --history: the input format', ['ssd']))
    .option('--start <date>', 'with --history: the first date, YYYY-MM-DD')
    .option('--end <date>', 'with --history: the last date, YYYY-MM-DD (always included)')
    .addOption(choiceOption('--every <step>', 'with --history: how often to evaluate', ['week', 'day'], 'week'))
    .option('--map <file>', "with --history: the council's own SSD values mapped to codes (JSON)")
    .action(exitWith(explain));
}
