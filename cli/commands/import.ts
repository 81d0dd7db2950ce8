/**
 * `deadlines import`: a snapshot of the caseload (JSON lines, or with `--from ssd` a folder of SSD tables as CSV)
 * into the records table, with its lifecycle (shared/use-cases/import-snapshot.ts): upserted, what it lacks closed,
 * a broken-looking export refused before anything is written (exit 1, the numbers on stderr) unless
 * `--accept-shrink`. Rejected lines go to stdout as JSON, one per line; progress and the summary to stderr.
 * AWS errors are one line naming the table and endpoint (exit 1).
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describeAwsError } from '../../shared/adapters/aws-errors.js';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb-record-store.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { DEFAULTS } from '../../shared/config/defaults.js';
import { DEFAULT_THRESHOLDS } from '../../shared/domain/import/snapshot-policy.js';
import { type ImportProgress, type SnapshotSource, importSnapshot } from '../../shared/use-cases/import-snapshot.js';
import { SnapshotInputError, ssdSnapshot } from '../../shared/use-cases/snapshot-input.js';
import { withAbsences } from '../../shared/use-cases/absences-file.js';
import { REGION_DEFAULT, UsageError, choiceOption, exitWith, parseAsOf, readLines } from '../io.js';

interface Options {
  input: string;
  from: 'jsonl' | 'ssd';
  table?: string;
  endpoint?: string;
  region: string;
  scope?: string[];
  acceptShrink?: boolean;
  asOf?: string;
  map?: string;
  /** `--no-team-id ID` (commander reads a `no-` option as `teamId`: true when absent). */
  teamId?: string | boolean;
  absences?: string;
  maxShrinkPercent: string;
  maxRejectedPercent: string;
  maxClosedWeekPercent: string;
  retentionDays?: string;
  progressSeconds: string;
}

const percent = (value: string, option: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${option} must be a number from 0 to 100`);
  return n;
};

export async function runImport(options: Options): Promise<number> {
  const table = options.table ?? process.env.RECORDS_TABLE;
  if (!table) throw new UsageError('--table NAME (or RECORDS_TABLE) is required');
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const thresholds = {
    maxShrinkPercent: percent(options.maxShrinkPercent, '--max-shrink-percent'),
    maxRejectedPercent: percent(options.maxRejectedPercent, '--max-rejected-percent'),
    maxClosedWeekPercent: percent(options.maxClosedWeekPercent, '--max-closed-week-percent'),
  };
  const retentionDays = Number(
    options.retentionDays ?? process.env.LEDGER_RETENTION_DAYS ?? DEFAULTS.ledgerRetentionDays,
  );
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new UsageError('--retention-days must be a whole number');
  const progressEveryMs = Number(options.progressSeconds) * 1000;
  if (!Number.isFinite(progressEveryMs) || progressEveryMs < 0)
    throw new UsageError('--progress-seconds must be a number');

  let source: SnapshotSource;
  if (options.from === 'ssd') {
    const asOf = options.asOf ? parseAsOf(options.asOf) : londonDateOf(new Date());
    let map: unknown;
    if (options.map) {
      try {
        map = JSON.parse(readFileSync(options.map, 'utf8'));
      } catch (error) {
        throw new UsageError(`cannot read --map ${options.map}: ${(error as Error).message}`, { cause: error });
      }
    }
    try {
      const noTeamId = typeof options.teamId === 'string' ? options.teamId : undefined;
      source = await ssdSnapshot(options.input, { asOf, map, ...(noTeamId ? { noTeamId } : {}) });
    } catch (error) {
      if (error instanceof SnapshotInputError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
  } else {
    source = { name: options.input, lines: readLines(options.input) };
  }

  if (options.absences) {
    let csv: string;
    try {
      csv = readFileSync(options.absences, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --absences ${options.absences}: ${(error as Error).message}`, { cause: error });
    }
    source = await withAbsences(source, csv, options.absences);
  }

  const { dynamo, doc } = createDynamoClients({ region: options.region, endpoint, maxAttempts: 4 });
  let lastProgress = Date.now();
  const onProgress = (p: ImportProgress) => {
    if (Date.now() - lastProgress < progressEveryMs) return;
    lastProgress = Date.now();
    process.stderr.write(
      `import: ${p.phase}: ${p.read} lines read, ${p.loaded} loaded, ${p.rejected} rejected${p.phase === 'closing' ? `, ${p.closed} closed` : ''}\n`,
    );
  };
  try {
    const report = await importSnapshot(
      source,
      {
        store: new DynamoRecordStore(doc, table),
        clock: { now: () => new Date() },
        onRejected: (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
        onProgress,
      },
      {
        ...(options.scope?.length ? { scope: options.scope } : {}),
        acceptShrink: options.acceptShrink === true,
        thresholds,
        retentionDays,
      },
    );
    const c = report.counts;
    if (report.outcome === 'refused') {
      process.stderr.write(
        `deadlines import: refused: ${report.reason}. Nothing was written. If this really is the whole caseload${report.scope === 'all' ? '' : ` of ${report.scope}`}, re-run with --accept-shrink.\n`,
      );
      return 1;
    }
    process.stderr.write(
      `imported ${c.cases} records, ${c.workers} workers, ${c.teams} teams; rejected ${c.rejected} of ${c.lines} lines; closed ${report.closed} records no longer in the snapshot (of ${report.openCasesBefore} open before); ${report.deactivated.workers} workers and ${report.deactivated.teams} teams now inactive${report.notReadable ? `; ${report.notReadable} named but not readable, kept open and listed to their managers` : ''}\n`,
    );
    return 0;
  } catch (error) {
    const line = describeAwsError(error, { table, endpoint, region: options.region });
    if (!line) throw error;
    process.stderr.write(`deadlines import: ${line}\n`);
    return 1;
  } finally {
    dynamo.destroy();
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'load a snapshot of the caseload into the records table: upsert what it holds, close what it lacks, refuse a broken export',
    )
    .requiredOption(
      '--input <path>',
      'JSON lines (- for standard input), or with --from ssd a folder of SSD CSV tables',
    )
    .addOption(choiceOption('--from <format>', 'what --input holds', ['jsonl', 'ssd'], 'jsonl'))
    .option('--table <name>', 'the records table (default: $RECORDS_TABLE)')
    .option('--endpoint <url>', 'a DynamoDB endpoint, e.g. a local emulator (default: $DYNAMODB_ENDPOINT or AWS)')
    .option('--region <region>', 'AWS region', REGION_DEFAULT)
    .option('--scope <team...>', 'the snapshot covers only these teams: records of other teams are left alone')
    .option(
      '--accept-shrink',
      'apply a snapshot even if it is empty, would close many cases or has many rejected lines',
    )
    .option('--as-of <date>', 'with --from ssd: convert as of this date (default: today in London)')
    .option('--map <file>', "with --from ssd: a JSON map of the council's own values to SSD codes")
    .option(
      '--no-team-id <id>',
      'with --from ssd: the team for people whose extract names no team (default: unassigned)',
    )
    .option(
      '--absences <file>',
      'leave: a CSV worker_id,from,until,cover_worker_id added to the workers of the snapshot',
    )
    .option(
      '--max-shrink-percent <n>',
      'refuse a snapshot this much smaller than the open caseload',
      String(DEFAULT_THRESHOLDS.maxShrinkPercent),
    )
    .option(
      '--max-rejected-percent <n>',
      'refuse a snapshot with more rejected lines than this',
      String(DEFAULT_THRESHOLDS.maxRejectedPercent),
    )
    .option(
      '--max-closed-week-percent <n>',
      'refuse a snapshot whose closures, with those of the last 7 days, pass this share of the open cases',
      String(DEFAULT_THRESHOLDS.maxClosedWeekPercent),
    )
    .option(
      '--retention-days <n>',
      `keep closed records this long before TTL deletes them (default: $LEDGER_RETENTION_DAYS or ${DEFAULTS.ledgerRetentionDays})`,
    )
    .option('--progress-seconds <n>', 'progress on stderr at most this often', '5')
    .action(exitWith(runImport));
}
