/** `deadlines import`: load records, workers and teams from JSON lines into the records table. */
import { Command } from 'commander';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb-record-store.js';
import { importLines } from '../../shared/use-cases/import-records.js';
import { REGION_DEFAULT, UsageError, exitWith, readLines } from '../io.js';

interface Options {
  input: string;
  table?: string;
  endpoint?: string;
  region: string;
}

export async function runImport(options: Options): Promise<number> {
  const table = options.table ?? process.env.RECORDS_TABLE;
  if (!table) throw new UsageError('--table NAME (or RECORDS_TABLE) is required');
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const { dynamo, doc } = createDynamoClients({ region: options.region, endpoint, maxAttempts: 8 });
  try {
    const store = new DynamoRecordStore(doc, table);
    const summary = await importLines(readLines(options.input), store, (r) =>
      process.stdout.write(`${JSON.stringify(r)}\n`),
    );
    process.stderr.write(
      `imported ${summary.loaded.cases} records, ${summary.loaded.workers} workers, ${summary.loaded.teams} teams; rejected ${summary.rejected} of ${summary.lines} lines\n`,
    );
    return 0;
  } finally {
    dynamo.destroy();
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description('load records, workers and teams (JSON lines) into the records table; bad lines are reported')
    .requiredOption('--input <file>', 'JSON lines; - for standard input')
    .option('--table <name>', 'the records table (default: $RECORDS_TABLE)')
    .option('--endpoint <url>', 'a DynamoDB endpoint, e.g. a local emulator (default: $DYNAMODB_ENDPOINT or AWS)')
    .option('--region <region>', 'AWS region', REGION_DEFAULT)
    .action(exitWith(runImport));
}
