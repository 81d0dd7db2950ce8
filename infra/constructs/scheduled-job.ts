/**
 * A job on a fixed schedule in London time, all year round: the schedule invokes the function with its scheduled
 * time, retries delivery, and puts what it could not deliver on the undelivered-schedules queue.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

export interface ScheduledJobProps {
  fn: IFunction;
  /** HH:MM, Europe/London. */
  at: string;
  /** 1 = Monday … 7 = Sunday; every day when omitted. */
  weekDay?: number;
  input?: Record<string, unknown>;
  undelivered: IQueue;
  description: string;
}

export class ScheduledJob extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const [hour, minute] = props.at.split(':').map(Number);
    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.cron({
        hour: String(hour),
        minute: String(minute),
        ...(props.weekDay ? { weekDay: DAYS[props.weekDay - 1]! } : {}),
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new LambdaInvoke(props.fn, {
        input: ScheduleTargetInput.fromObject({ ...props.input, scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: props.undelivered,
        retryAttempts: 10,
        maxEventAge: Duration.hours(1),
      }),
      description: props.description,
    });
  }
}
