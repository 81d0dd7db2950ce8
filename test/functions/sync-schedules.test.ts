/** The sync-schedules function on dynalite, with the Scheduler API mocked at its client (it has no emulator). */
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';

const scheduler = mockClient(SchedulerClient);
let local: LocalAws;
let iam: IamCheck;
let handler: () => Promise<unknown>;
const DOMAIN = 'example-council.gov.uk';

beforeAll(async () => {
  local = await startLocalAws();
  iam = await iamCheck('sync-schedules');
  // The schedule group, digest, role and queue the stack gives the function.
  for (const name of ['SCHEDULE_GROUP', 'DIGEST_FUNCTION_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULER_DLQ_ARN'])
    process.env[name] = iam.environment[name];
  await local.adapters.store.putAll([
    { entity: 'team', id: 'T-1', item: { id: 'T-1', name: 'North', managerEmails: [`m@${DOMAIN}`], digestDay: 1 } },
    { entity: 'team', id: 'T-2', item: { id: 'T-2', name: 'South', managerEmails: [`s@${DOMAIN}`], digestDay: 3 } },
  ]);
  const run = (await import('../../functions/sync-schedules/handler.js')).handler;
  handler = () => iam.run(() => run());
});
afterAll(async () => {
  scheduler.restore();
  await local.stop();
});

describe('sync-schedules function', () => {
  it('creates a schedule per team, updates one that changed and deletes one whose team is gone', async () => {
    scheduler.on(ListSchedulesCommand).resolves({
      Schedules: [{ Name: 'team-digest-T-2' }, { Name: 'team-digest-T-9' }],
    });
    scheduler.on(GetScheduleCommand).resolves({ ScheduleExpression: 'cron(0 9 ? * MON *)', Target: undefined });
    expect(await handler()).toMatchObject({ created: 1, updated: 1, deleted: 1 });
    for (const call of scheduler.calls()) iam.recordCommand('Scheduler', call.args[0] as never);
    expect(scheduler.calls().map((c) => c.args[0].constructor.name)).toEqual(
      expect.arrayContaining(['CreateScheduleCommand', 'UpdateScheduleCommand', 'DeleteScheduleCommand']),
    );
  });

  it('each team schedule retries a failed invocation and then dead-letters it to the stack’s queue', () => {
    const [created] = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(created?.Target).toMatchObject({
      Arn: 'arn:aws:lambda:eu-west-2:123456789012:function:weeklydigestFunction1229FE3A',
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-2:123456789012:UndeliveredSchedules19A8EF04' },
    });
  });

  it('makes only AWS calls its synthesised role allows', async () => {
    await iam.assertAllowed();
  });
});
