/**
 * `deadlines convert --from ssd --input DIR --as-of A [--map FILE] [--no-team-id ID]`: a Standard Safeguarding Dataset extract (a
 * folder of CSV tables, plus events.csv) → records as JSON lines, exactly as docs ssd.md specifies. stdout: one
 * line per converted person and per problem; stderr, last line: the summary object. Exit 0 whatever the problems;
 * 2 for a usage error, a missing folder, table or key column, a bad map or a file that is not CSV.
 */
import { Command } from 'commander';
import { convertExtract } from '../../shared/domain/ssd/convert.js';
import { Output, UsageError, choiceOption, exitWith, parseAsOf } from '../io.js';
import { readSsdInput } from '../ssd-input.js';

interface Options {
  from: string;
  input: string;
  asOf?: string;
  map?: string;
  /** `--no-team-id ID` (commander reads a `no-` option as `teamId`: true when absent). */
  teamId?: string | boolean;
}

export async function convert(options: Options): Promise<number> {
  const asOf = parseAsOf(options.asOf);
  const extract = await readSsdInput(options.input, options.map);
  const out = new Output();
  const noTeamId = typeof options.teamId === 'string' ? options.teamId.trim() : undefined;
  if (noTeamId === '') throw new UsageError('--no-team-id needs a team id');
  const lines = convertExtract(extract, asOf, noTeamId === undefined ? {} : { noTeamId });
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
    .addOption(choiceOption('--from <format>', 'the source format', ['ssd']).makeOptionMandatory())
    .requiredOption('--input <dir>', 'the folder of <table>.csv files (ssd_person, ssd_cla_episodes, …, events.csv)')
    .requiredOption('--as-of <date>', 'the date to convert on, YYYY-MM-DD (Europe/London)')
    .option('--map <file>', "JSON: the council's own values → the codes expected, per column")
    .option(
      '--no-team-id <id>',
      'the team for people whose extract names no team (default: unassigned, "Not allocated to a team")',
    )
    .action(exitWith(convert));
}
