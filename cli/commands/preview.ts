/**
 * `deadlines preview`: a dry run of one job for one day. Reads the records (and the ledger, if given, so that what
 * was already announced is not announced again), plans and renders every email that day's run would send and
 * writes them to a folder (HTML, text, index.json). Nothing is claimed, sent or recorded.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { writePreviewFolder } from '../../shared/adapters/preview-folder.js';
import { createAdapters, deliveryDeps, logTo, reminderSettings } from '../../shared/composition/compose.js';
import { loadConfig } from '../../shared/config/env.js';
import type { Ledger } from '../../shared/ports/ledger.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { dryRun } from '../../shared/use-cases/preview.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { localFunctionEnv, startEmulators } from '../../local/emulators.js';
import { REGION_DEFAULT, UsageError, choiceOption, exitWith, parseAsOf } from '../io.js';

const JOBS = ['daily-reminders', 'escalations', 'weekly-digest'] as const;

interface Options {
  asOf?: string;
  job: string;
  out: string;
  table?: string;
  ledger?: string;
  dataDir?: string;
  endpoint?: string;
  region: string;
  policy?: string;
}

/**
 * A ledger with nothing in it: without --ledger, the preview is of a day on which nothing was announced yet. A dry
 * run reads only these three methods (shared/use-cases/preview.ts).
 */
const emptyLedger: Pick<Ledger, 'emailStatuses' | 'notified' | 'loadSnapshot'> = {
  emailStatuses: async () => new Map(),
  notified: async () => new Set(),
  loadSnapshot: async () => undefined,
};

const quiet = { info: () => {}, warn: () => {}, error: (m: string) => process.stderr.write(`${m}\n`) };

export async function preview(options: Options): Promise<number> {
  const asOf = parseAsOf(options.asOf);
  const emulators = options.dataDir ? await startEmulators({ dataDir: options.dataDir }) : undefined;
  const base: Record<string, string | undefined> = emulators
    ? { ...localFunctionEnv(emulators) }
    : {
        // Nothing is sent: a placeholder sender satisfies the configuration's schema.
        SENDER_ADDRESS: 'preview@invalid.example',
        ...process.env,
        AWS_REGION: options.region,
        ...(options.endpoint ? { DYNAMODB_ENDPOINT: options.endpoint } : {}),
      };
  const table = options.table ?? base.RECORDS_TABLE;
  if (!table) throw new UsageError('--table NAME (or RECORDS_TABLE), or --data-dir DIR, is required');
  const ledgerTable = options.ledger ?? (emulators ? 'ledger' : process.env.LEDGER_TABLE);
  const config = loadConfig({
    ...base,
    RECORDS_TABLE: table,
    LEDGER_TABLE: ledgerTable ?? 'none',
    ...(options.policy ? { POLICY_JSON: readFileSync(options.policy, 'utf8') } : {}),
  });
  const adapters = createAdapters(config);
  try {
    const deps = {
      ...deliveryDeps(config, adapters, logTo({ ...quiet, info: quiet.info })),
      ...(ledgerTable ? {} : { ledger: emptyLedger as Ledger }),
      store: adapters.store,
      policy: config.policy,
      settings: reminderSettings(config),
      runId: 'preview',
    };
    const run = dryRun(deps);
    const summary =
      options.job === 'daily-reminders'
        ? await runDailyReminders(asOf, run.deps)
        : options.job === 'escalations'
          ? await runEscalations(asOf, run.deps)
          : await runWeeklyDigest(asOf, { scope: 'all' }, run.deps);
    writePreviewFolder(options.out, run.emails);
    process.stdout.write(`${JSON.stringify({ ...summary, dryRun: true, folder: options.out })}\n`);
    process.stderr.write(
      `${run.emails.length} emails written to ${options.out}${ledgerTable ? '' : ' (no ledger given: as if nothing was announced yet)'}\n`,
    );
    return 0;
  } finally {
    adapters.dynamo.destroy();
    adapters.ses.destroy();
    await emulators?.stop();
  }
}

export function previewCommand(): Command {
  return new Command('preview')
    .description("plan and render one day's emails into a folder without claiming or sending anything (a dry run)")
    .requiredOption('--as-of <date>', 'the day to preview, YYYY-MM-DD (Europe/London)')
    .requiredOption('--out <dir>', 'the folder to write the emails to (created if missing)')
    .addOption(choiceOption('--job <job>', 'the job', JOBS, 'daily-reminders'))
    .option('--table <name>', 'the records table (default: $RECORDS_TABLE; "records" with --data-dir)')
    .option(
      '--ledger <name>',
      'the ledger table, so that what was already announced is skipped (default: $LEDGER_TABLE)',
    )
    .option('--data-dir <dir>', "the local run's data directory instead of AWS")
    .option('--policy <file>', 'local policy JSON (default: $POLICY_JSON or the built-in defaults)')
    .option('--endpoint <url>', 'a DynamoDB endpoint (default: $DYNAMODB_ENDPOINT or AWS)')
    .option('--region <region>', 'AWS region', REGION_DEFAULT)
    .action(exitWith(preview));
}
