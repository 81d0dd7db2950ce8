/** `deadlines sync-schedules`: the synchronisation the sync-schedules function runs, from a terminal. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { Command } from 'commander';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb-record-store.js';
import { EventBridgeScheduleRegistry } from '../../shared/adapters/eventbridge-scheduler.js';
import { runSyncSchedules } from '../../shared/use-cases/sync-schedules.js';
import { REGION_DEFAULT, UsageError, exitWith } from '../io.js';

interface Options {
  table?: string;
  group?: string;
  functionArn?: string;
  roleArn?: string;
  dlqArn?: string;
  region: string;
}

export async function syncSchedules(options: Options): Promise<number> {
  const need = (value: string | undefined, option: string, env: string): string => {
    const v = value ?? process.env[env];
    if (!v) throw new UsageError(`${option} (or ${env}) is required`);
    return v;
  };
  const table = need(options.table, '--table', 'RECORDS_TABLE');
  const target = {
    group: need(options.group, '--group', 'SCHEDULE_GROUP'),
    functionArn: need(options.functionArn, '--function-arn', 'DIGEST_FUNCTION_ARN'),
    roleArn: need(options.roleArn, '--role-arn', 'SCHEDULER_ROLE_ARN'),
    deadLetterQueueArn: need(options.dlqArn, '--dlq-arn', 'SCHEDULER_DLQ_ARN'),
  };
  const { dynamo, doc } = createDynamoClients({ region: options.region });
  try {
    const registry = new EventBridgeScheduleRegistry(new SchedulerClient({ region: options.region }), target);
    console.log(JSON.stringify(await runSyncSchedules(new DynamoRecordStore(doc, table), registry)));
    return 0;
  } finally {
    dynamo.destroy();
  }
}

export function syncSchedulesCommand(): Command {
  return new Command('sync-schedules')
    .description("create, update and delete each team's weekly-digest schedule to match the directory")
    .option('--table <name>', 'the records table (default: $RECORDS_TABLE)')
    .option('--group <name>', 'the schedule group (default: $SCHEDULE_GROUP)')
    .option('--function-arn <arn>', 'the weekly-digest function (default: $DIGEST_FUNCTION_ARN)')
    .option('--role-arn <arn>', "the scheduler's role (default: $SCHEDULER_ROLE_ARN)")
    .option('--dlq-arn <arn>', 'the undelivered-schedules queue (default: $SCHEDULER_DLQ_ARN)')
    .option('--region <region>', 'AWS region', REGION_DEFAULT)
    .action(exitWith(syncSchedules));
}
