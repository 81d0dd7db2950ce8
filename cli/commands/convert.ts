/**
 * `deadlines convert --from ssd --input DIR --as-of A [--map FILE]`: a Standard Safeguarding Dataset extract (a
 * folder of CSV tables, plus events.csv) → records as JSON lines, exactly as docs ssd.md specifies. stdout: one
 * line per converted person and per problem; stderr, last line: the summary object. Exit 0 whatever the problems;
 * 2 for a usage error, a missing folder, table or key column, a bad map or a file that is not CSV.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { convertExtract } from '../../shared/domain/ssd/convert.js';
import { ValueMapError, type ValueMap, compileValueMap } from '../../shared/domain/ssd/value-map.js';
import { SsdInputError, readSsdFolder } from '../../shared/use-cases/convert-ssd.js';
import { Output, UsageError, exitWith, parseAsOf } from '../io.js';

interface Options {
  from: string;
  input: string;
  asOf?: string;
  map?: string;
}

export function loadValueMap(file: string | undefined): ValueMap {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --map ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return compileValueMap(raw);
  } catch (error) {
    if (error instanceof ValueMapError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

export async function convert(options: Options): Promise<number> {
  if (options.from.toLowerCase() !== 'ssd') {
    throw new UsageError(`--from ${JSON.stringify(options.from)} is not supported (supported: ssd)`);
  }
  const asOf = parseAsOf(options.asOf);
  const map = loadValueMap(options.map);
  let extract: Awaited<ReturnType<typeof readSsdFolder>>;
  try {
    extract = await readSsdFolder(options.input, map);
  } catch (error) {
    if (error instanceof SsdInputError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const out = new Output();
  const lines = convertExtract(extract, asOf);
  for (;;) {
    const next = lines.next();
    if (next.done) {
      await out.flush();
      process.stderr.write(`${JSON.stringify(next.value)}\n`);
      return 0;
    }
    out.write(JSON.stringify(next.value));
    await out.flushIfFull();
  }
}

export function convertCommand(): Command {
  return new Command('convert')
    .description(
      'convert a Standard Safeguarding Dataset extract (a folder of CSV tables) to records as JSON lines, with a problem line for each person that cannot be converted (exit 0 whatever the problems)',
    )
    .requiredOption('--from <format>', 'the source format: ssd')
    .requiredOption('--input <dir>', 'the folder of <table>.csv files (ssd_person, ssd_cla_episodes, …, events.csv)')
    .requiredOption('--as-of <date>', 'the date to convert on, YYYY-MM-DD (Europe/London)')
    .option('--map <file>', "JSON: the council's own values → the codes expected, per column")
    .action(exitWith(convert));
}
