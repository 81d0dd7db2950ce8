import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeScheduleRegistry } from '../../shared/adapters/eventbridge-scheduler.js';
import { desiredSchedule, runSyncSchedules, scheduleName } from '../../shared/use-cases/sync-schedules.js';
import { InMemoryStore } from '../helpers/fakes.js';

// The Scheduler API has no local emulator, so the SDK client is mocked at its boundary.
const scheduler = mockClient(SchedulerClient);
const target = {
  group: 'statutory-deadlines',
  functionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:digest',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  deadLetterQueueArn: 'arn:aws:sqs:eu-west-2:123456789012:dlq',
};
const registry = () => new EventBridgeScheduleRegistry(new SchedulerClient({ region: 'eu-west-2' }), target);
const team = (id: string, digestDay = 1, digestTime = '08:00') => ({
  id,
  name: id,
  managerEmails: ['m@council.gov.uk'],
  digestDay,
  digestTime,
});

beforeEach(() => scheduler.reset());

describe('sync-schedules with EventBridge Scheduler', () => {
  it('creates a schedule per team in Europe/London with the team id as input', async () => {
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [] });
    const summary = await runSyncSchedules(
      new InMemoryStore([], [], [team('T01'), team('T02', 3, '07:30')]),
      registry(),
    );
    expect(summary).toMatchObject({ created: 2, updated: 0, deleted: 0 });
    const calls = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(calls[1]).toMatchObject({
      GroupName: 'statutory-deadlines',
      Name: 'team-digest-T02',
      ScheduleExpression: 'cron(30 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: target.functionArn,
        RoleArn: target.roleArn,
        DeadLetterConfig: { Arn: target.deadLetterQueueArn },
      },
    });
    expect(JSON.parse(calls[1]!.Target!.Input!)).toEqual({
      teamId: 'T02',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('updates a schedule when the team changes its time, leaves an unchanged one, deletes a team that is gone', async () => {
    const t1 = desiredSchedule({ ...team('T01'), name: 'T01' });
    scheduler.on(ListSchedulesCommand).resolves({
      Schedules: [
        { Name: 'team-digest-T01' },
        { Name: 'team-digest-T02' },
        { Name: 'team-digest-GONE' },
        { Name: 'someone-elses-schedule' },
      ],
    });
    scheduler.on(GetScheduleCommand, { Name: 'team-digest-T01' }).resolves({
      ScheduleExpression: t1.expression,
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: 'x', RoleArn: 'y', Input: t1.input },
    });
    scheduler.on(GetScheduleCommand, { Name: 'team-digest-T02' }).resolves({
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: 'x', RoleArn: 'y', Input: desiredSchedule({ ...team('T02'), name: 'T02' }).input },
    });
    const summary = await runSyncSchedules(
      new InMemoryStore([], [], [team('T01'), team('T02', 5, '16:00')]),
      registry(),
    );
    expect(summary).toMatchObject({ created: 0, updated: 1, deleted: 1, unchanged: 1 });
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toMatchObject({
      Name: 'team-digest-T02',
      ScheduleExpression: 'cron(0 16 ? * MON-FRI *)',
    });
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input.Name)).toEqual([
      'team-digest-GONE',
    ]);
    expect(scheduler.commandCalls(ListSchedulesCommand)[0]!.args[0].input).toMatchObject({
      GroupName: 'statutory-deadlines',
      NamePrefix: 'team-digest-',
    });
  });

  it('deletes nothing while a team item cannot be read', async () => {
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [{ Name: 'team-digest-T09' }] });
    const summary = await runSyncSchedules(
      new InMemoryStore([], [], [{ id: 'T09', name: '', digestTime: '25:00' }]),
      registry(),
    );
    expect(summary).toMatchObject({ invalidTeams: 1, deleted: 0 });
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(0);
  });

  it('makes any team id a valid, unique schedule name', () => {
    expect(scheduleName('T01')).toBe('team-digest-T01');
    const odd = scheduleName('Team/North #1');
    expect(odd).toMatch(/^team-digest-[0-9A-Za-z_.-]+$/);
    expect(odd).not.toBe(scheduleName('Team/North #2'));
    expect(scheduleName('x'.repeat(100)).length).toBeLessThanOrEqual(64);
  });
});
