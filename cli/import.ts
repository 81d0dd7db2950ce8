/** `deadlines import --input FILE|- [--table NAME] [--endpoint URL] [--region R]`: load records, workers, teams. */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRecordStore } from '../shared/adapters/dynamodb-record-store.js';
import { importLines } from '../shared/use-cases/import-records.js';
import { UsageError, readLines } from './deadlines.js';

export async function runImport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
    },
  });
  if (!values.input) throw new UsageError('--input FILE is required (use - for standard input)');
  const table = values.table ?? process.env.RECORDS_TABLE;
  if (!table) throw new UsageError('--table NAME (or RECORDS_TABLE) is required');
  const endpoint = values.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    region: values.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    maxAttempts: 8,
    ...(endpoint ? { endpoint } : {}),
  });
  const store = new DynamoRecordStore(
    DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    table,
  );
  const summary = await importLines(readLines(values.input), store, (r) =>
    process.stdout.write(`${JSON.stringify(r)}\n`),
  );
  process.stderr.write(
    `imported ${summary.loaded.cases} records, ${summary.loaded.workers} workers, ${summary.loaded.teams} teams; rejected ${summary.rejected} of ${summary.lines} lines\n`,
  );
  client.destroy();
  return 0;
}
