import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
  paginateListSchedules,
} from '@aws-sdk/client-scheduler';
import type { ScheduleRegistry, TeamSchedule } from '../ports/schedule-registry.js';

export interface DigestTarget {
  group: string;
  functionArn: string;
  roleArn: string;
  deadLetterQueueArn: string;
}

export class EventBridgeScheduleRegistry implements ScheduleRegistry {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: DigestTarget,
  ) {}

  async list(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const page of paginateListSchedules(
      { client: this.client },
      { GroupName: this.target.group, NamePrefix: prefix },
    )) {
      for (const s of page.Schedules ?? []) if (s.Name) names.push(s.Name);
    }
    return names;
  }

  async get(name: string): Promise<TeamSchedule | undefined> {
    try {
      const s = await this.client.send(new GetScheduleCommand({ GroupName: this.target.group, Name: name }));
      return {
        name,
        expression: s.ScheduleExpression ?? '',
        timezone: s.ScheduleExpressionTimezone ?? '',
        input: s.Target?.Input ?? '',
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  private definition(schedule: TeamSchedule) {
    return {
      GroupName: this.target.group,
      Name: schedule.name,
      ScheduleExpression: schedule.expression,
      ScheduleExpressionTimezone: schedule.timezone,
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      State: 'ENABLED' as const,
      Description: 'Weekly digest for one team (managed by sync-schedules)',
      Target: {
        Arn: this.target.functionArn,
        RoleArn: this.target.roleArn,
        Input: schedule.input,
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: this.target.deadLetterQueueArn },
      },
    };
  }

  async create(schedule: TeamSchedule): Promise<void> {
    try {
      await this.client.send(new CreateScheduleCommand(this.definition(schedule)));
    } catch (error) {
      // Created meanwhile by a concurrent sync: make it match.
      if (error instanceof ConflictException) await this.update(schedule);
      else throw error;
    }
  }

  async update(schedule: TeamSchedule): Promise<void> {
    await this.client.send(new UpdateScheduleCommand(this.definition(schedule)));
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ GroupName: this.target.group, Name: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
