/**
 * `deadlines sync-schedules --table NAME --group NAME --function-arn ARN --role-arn ARN --dlq-arn ARN [--region R]`
 * The same synchronisation the sync-schedules function runs, from a terminal (e.g. right after an import).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRecordStore } from '../shared/adapters/dynamodb-record-store.js';
import { EventBridgeScheduleRegistry } from '../shared/adapters/eventbridge-scheduler.js';
import { runSyncSchedules } from '../shared/use-cases/sync-schedules.js';
import { UsageError } from './deadlines.js';

export async function runSyncSchedulesCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      table: { type: 'string' },
      group: { type: 'string' },
      'function-arn': { type: 'string' },
      'role-arn': { type: 'string' },
      'dlq-arn': { type: 'string' },
      region: { type: 'string' },
    },
  });
  const need = (name: keyof typeof values, env: string): string => {
    const v = values[name] ?? process.env[env];
    if (!v) throw new UsageError(`--${name} (or ${env}) is required`);
    return String(v);
  };
  const region = values.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const dynamo = new DynamoDBClient({ region });
  const store = new DynamoRecordStore(DynamoDBDocumentClient.from(dynamo), need('table', 'RECORDS_TABLE'));
  const registry = new EventBridgeScheduleRegistry(new SchedulerClient({ region }), {
    group: need('group', 'SCHEDULE_GROUP'),
    functionArn: need('function-arn', 'DIGEST_FUNCTION_ARN'),
    roleArn: need('role-arn', 'SCHEDULER_ROLE_ARN'),
    deadLetterQueueArn: need('dlq-arn', 'SCHEDULER_DLQ_ARN'),
  });
  console.log(JSON.stringify(await runSyncSchedules(store, registry)));
  dynamo.destroy();
  return 0;
}
