/**
 * `deadlines history --from ssd --input DIR --start D1 --end D2 [--every week|day] [--policy FILE] [--map FILE]
 * [--html FILE]`: the extract read once into a time-aware model, evaluated as of each date from D1 to D2 (weekly by
 * default, and always on D2), one JSON line per date and team on stdout:
 * `{"date","teamId","overdueItems","oldestOverdueDays","measures":{"<obligation>":{"onTime","applicable"}}}`.
 * stderr, last line: `{"dates","persons","lines","becameOverdue","cohort903","episodeReasons":{"read","inferred"}}`
 * (how the 903 episode reasons were found: read from the extract's RNE/REC columns, or inferred from the dates).
 * `--html FILE` also writes the offline report (a chart per measure, the 903 forecast with the children still to
 * do, the items that became overdue); `--csv DIR` writes figures.csv, became-overdue.csv and still-to-do-903.csv.
 * Teams are named from `--directory FILE`, else DIR/directory.jsonl when the extract brings one (the import
 * format's `{"kind":"team","id","name"}` lines; other lines are ignored). Exit 0 when it ran; 2 for a usage error
 * or an extract that cannot be read.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { type ReasonSources, forecastInputFromSsd, ssdTimeline } from '../../shared/domain/history/ssd-timeline.js';
import type { Step } from '../../shared/domain/history/replay.js';
import { runHistory } from '../../shared/use-cases/history.js';
import { renderHistoryReport } from '../../shared/templates/history-report.js';
import { historyCsv } from '../../shared/templates/history-csv.js';
import { childrenToDo } from '../../shared/templates/forecast-903-section.js';
import { Output, UsageError, choiceOption, exitWith, loadPolicy, parseAsOf } from '../io.js';
import { readSsdInput } from '../ssd-input.js';

interface Options {
  from: string;
  input: string;
  start?: string;
  end?: string;
  every: string;
  policy?: string;
  map?: string;
  html?: string;
  csv?: string;
  directory?: string;
}

/** Team names from the import format's team lines; anything else in the file is ignored. */
export function teamNamesFrom(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as { kind?: unknown; id?: unknown; name?: unknown };
      if (v.kind === 'team' && typeof v.id === 'string' && typeof v.name === 'string' && v.name.trim())
        names.set(v.id.trim(), v.name.trim());
    } catch {
      // not a JSON line: not a team line
    }
  }
  return names;
}

function loadTeamNames(options: Options): Map<string, string> {
  const file = options.directory ?? join(options.input, 'directory.jsonl');
  if (!options.directory && !existsSync(file)) return new Map();
  try {
    return teamNamesFrom(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --directory ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Longest period accepted: six years of daily dates is already 2,200 evaluations of the caseload. */
const MAX_DATES = 2200;

export async function history(options: Options): Promise<number> {
  const start = parseAsOf(options.start, '--start');
  const end = parseAsOf(options.end, '--end');
  if (end < start) throw new UsageError('--end must be on or after --start');
  const every = options.every as Step;
  if ((end - start) / (every === 'week' ? 7 : 1) > MAX_DATES) {
    throw new UsageError(`the period has more than ${MAX_DATES} dates: use --every week or a shorter period`);
  }
  const policy = loadPolicy(options.policy);
  const extract = await readSsdInput(options.input, options.map);
  const teamNames = loadTeamNames(options);
  const reasons: ReasonSources = { read: 0, inferred: 0 };
  const out = new Output();
  const timeline = ssdTimeline(extract);
  const run = runHistory({
    timeline,
    start,
    end,
    every,
    policy,
    write: (line) => out.write(JSON.stringify(line)),
    forecastInput: (person, asOf) => forecastInputFromSsd(person, asOf, reasons),
  });
  await out.flush();
  if (options.html) {
    writeFileSync(
      options.html,
      renderHistoryReport({
        title: 'Statutory compliance history',
        start,
        end,
        dates: run.dates,
        lines: run.lines,
        becameOverdue: run.becameOverdue,
        forecast: run.forecast,
        teamNames,
        toDo: run.forecast ? childrenToDo(run.forecast.cohort, (c) => ({ caseLabel: c.id })) : undefined,
        reasons,
      }),
    );
  }
  if (options.csv) {
    mkdirSync(options.csv, { recursive: true });
    for (const [name, text] of Object.entries(historyCsv(run.lines, run.becameOverdue, run.forecast, teamNames)))
      writeFileSync(join(options.csv, name), text);
  }
  process.stderr.write(
    `${JSON.stringify({
      dates: run.dates.length,
      persons: extract.persons.length,
      lines: run.lines.length,
      becameOverdue: run.becameOverdue.length,
      cohort903: run.forecast?.cohort.length ?? 0,
      episodeReasons: reasons,
    })}\n`,
  );
  return 0;
}

export function historyCommand(): Command {
  return new Command('history')
    .description(
      'replay an SSD extract over a period: the digest figures per date and team as JSON lines, and optionally an offline HTML report with the 903 forecast',
    )
    .addOption(choiceOption('--from <format>', 'the source format', ['ssd']).makeOptionMandatory())
    .requiredOption('--input <dir>', 'the folder of <table>.csv files (ssd_person, ssd_cla_episodes, …, events.csv)')
    .requiredOption('--start <date>', 'the first date, YYYY-MM-DD (Europe/London)')
    .requiredOption('--end <date>', 'the last date, YYYY-MM-DD (always included)')
    .addOption(choiceOption('--every <step>', 'how often to evaluate', ['week', 'day'], 'week'))
    .option('--policy <file>', 'local policy JSON (default: the built-in defaults)')
    .option('--map <file>', "JSON: the council's own values → the codes expected, per column")
    .option('--html <file>', 'also write the report as one self-contained HTML file')
    .option('--csv <dir>', 'also write figures.csv, became-overdue.csv and still-to-do-903.csv into this folder')
    .option('--directory <file>', 'team names: the import format directory (default: DIR/directory.jsonl if present)')
    .action(exitWith(history));
}
