/**
 * `deadlines ledger`: who was told what, when, and what became of it (claimed, sent, accepted, delivered, bounced…),
 * by day, by worker or by child's record, read through the ledger's indexes: a deployed table (`--table`) or the
 * local run's data (`--data-dir`, as `npm start -- --data-dir DIR` left it).
 */
import { Command } from 'commander';
import { DynamoLedgerQueries } from '../../shared/adapters/dynamodb-ledger-queries.js';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { parseDay } from '../../shared/domain/calendar/local-date.js';
import { escapeControls } from '../../shared/domain/header-text.js';
import type { LedgerEmail, LedgerQueries } from '../../shared/ports/ledger-queries.js';
import { LOCAL_AWS_ENV, startEmulators } from '../../local/emulators.js';
import { Output, REGION_DEFAULT, UsageError, exitWith, formerly } from '../io.js';

interface Options {
  asOf?: string;
  /** The former spelling of --as-of. */
  date?: string;
  worker?: string;
  record?: string;
  table?: string;
  dataDir?: string;
  endpoint?: string;
  region: string;
  json?: boolean;
}

/**
 * One line a person can read: when, what, to whom, and its fate, with the SES events after it. Control characters
 * (an ESC or BEL in a worker id, a line break in a subject) are shown escaped, never sent to the terminal.
 */
export function describeEmail(e: LedgerEmail): string {
  const when = e.sentAt ?? e.claimedAt ?? e.asOf;
  const events = e.events.map((x) => `${x.eventType}@${x.at}`).join(' ');
  return escapeControls(
    [when, e.outcome.padEnd(10), e.kind.padEnd(15), e.audience, e.recipient, JSON.stringify(e.subject), events]
      .filter(Boolean)
      .join('  '),
  );
}

async function withQueries<T>(options: Options, use: (q: LedgerQueries) => Promise<T>): Promise<T> {
  if (options.dataDir) {
    const emulators = await startEmulators({ dataDir: options.dataDir });
    Object.assign(process.env, { ...LOCAL_AWS_ENV, ...process.env });
    const { dynamo, doc } = createDynamoClients({
      region: LOCAL_AWS_ENV.AWS_REGION,
      endpoint: emulators.dynamoEndpoint,
    });
    try {
      return await use(new DynamoLedgerQueries(doc, options.table ?? 'ledger'));
    } finally {
      dynamo.destroy();
      await emulators.stop();
    }
  }
  const table = options.table ?? process.env.LEDGER_TABLE;
  if (!table) throw new UsageError('--table NAME (or LEDGER_TABLE), or --data-dir DIR, is required');
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const { dynamo, doc } = createDynamoClients({ region: options.region, endpoint });
  try {
    return await use(new DynamoLedgerQueries(doc, table));
  } finally {
    dynamo.destroy();
  }
}

export async function ledger(options: Options): Promise<number> {
  const asOf = options.asOf ?? options.date;
  const chosen = [asOf, options.worker, options.record].filter((x) => x !== undefined);
  if (chosen.length !== 1) throw new UsageError('give exactly one of --as-of, --worker, --record');
  if (asOf !== undefined && parseDay(asOf) === undefined)
    throw new UsageError(`--as-of must be a real date in YYYY-MM-DD form, got ${JSON.stringify(asOf)}`);
  const emails = await withQueries(options, (q) =>
    asOf !== undefined
      ? q.emailsOnDay(asOf)
      : options.worker !== undefined
        ? q.emailsTo(`worker:${options.worker}`)
        : q.emailsAboutRecord(options.record!),
  );
  const out = new Output();
  for (const e of emails) out.write(options.json ? escapeControls(JSON.stringify(e)) : describeEmail(e));
  await out.flush();
  process.stderr.write(`${emails.length} emails\n`);
  return 0;
}

export function ledgerCommand(): Command {
  return new Command('ledger')
    .description('who was told what, when, and what became of it: the ledger by day, worker or record')
    .option('--as-of <date>', 'every email of this as-of date, YYYY-MM-DD')
    .addOption(formerly('--date <date>', '--as-of'))
    .option('--worker <id>', 'every email to this worker (their id in the directory)')
    .option('--record <id>', "every email that announced an item or data problem of this child's record")
    .option('--table <name>', 'the ledger table (default: $LEDGER_TABLE; "ledger" with --data-dir)')
    .option('--data-dir <dir>', "the local run's data directory instead of AWS")
    .option('--endpoint <url>', 'a DynamoDB endpoint (default: $DYNAMODB_ENDPOINT or AWS)')
    .option('--region <region>', 'AWS region', REGION_DEFAULT)
    .option('--json', 'one JSON object per email instead of one line of text', false)
    .action(exitWith(ledger));
}
