/**
 * `deadlines sample --format jsonl|ssd --out PATH [--as-of D] [--seed N]`: the synthetic authority (fictional
 * teams, workers, children in care and care leavers, a few malformed records) as the import's JSON lines, or as a
 * council's SSD extract: a folder of SSD CSV tables, events.csv and directory.jsonl (worker and team lines), with
 * a few people out of scope and a few bad rows, as real extracts have.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatDay } from '../../shared/domain/calendar/local-date.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { UsageError, choiceOption, exitWith, parseAsOf } from '../io.js';
import { syntheticCaseload } from '../synthetic/authority.js';
import { ssdExtractOf } from '../synthetic/ssd.js';

interface Options {
  format: string;
  out: string;
  asOf?: string;
  seed: string;
  children?: string;
  leavers?: string;
}

const count = (value: string | undefined, option: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new UsageError(`${option} must be a whole number`);
  return n;
};

export async function sample(options: Options): Promise<number> {
  const asOf = options.asOf === undefined ? londonDateOf(new Date()) : parseAsOf(options.asOf);
  const seed = count(options.seed, '--seed')!;
  const caseload = syntheticCaseload({
    asOf,
    seed,
    children: count(options.children, '--children'),
    leavers: count(options.leavers, '--leavers'),
  });
  if (options.format === 'jsonl') {
    const lines = [
      ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
      ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
      ...caseload.records.map((r) => JSON.stringify(r)),
      ...caseload.malformed.map((r) => JSON.stringify(r)),
    ];
    writeFileSync(options.out, `${lines.join('\n')}\n`);
    process.stderr.write(
      `${JSON.stringify({ format: 'jsonl', out: options.out, asOf: formatDay(asOf), seed, lines: lines.length })}\n`,
    );
    return 0;
  }
  if (options.format === 'ssd') {
    const { files, persons } = ssdExtractOf(caseload, { asOf, extras: true });
    mkdirSync(options.out, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(options.out, name), text);
    process.stderr.write(
      `${JSON.stringify({ format: 'ssd', out: options.out, asOf: formatDay(asOf), seed, files: Object.keys(files).length, ...persons })}\n`,
    );
    return 0;
  }
  throw new UsageError(`--format must be jsonl or ssd, got ${JSON.stringify(options.format)}`);
}

export function sampleCommand(): Command {
  return new Command('sample')
    .description('write the synthetic authority (fictional) as JSON lines or as an SSD extract folder')
    .addOption(
      choiceOption('--format <format>', 'jsonl (the import format) or ssd (CSV tables, events.csv, directory.jsonl)', [
        'jsonl',
        'ssd',
      ]).makeOptionMandatory(),
    )
    .requiredOption('--out <path>', 'the file (jsonl) or folder (ssd) to write')
    .option('--as-of <date>', 'the date the caseload is built around, YYYY-MM-DD (default: today in London)')
    .option('--seed <n>', 'random seed: the same seed gives the same authority', '1')
    .option('--children <n>', 'children in care (default 900)')
    .option('--leavers <n>', 'care leavers (default 300)')
    .action(exitWith(sample));
}
