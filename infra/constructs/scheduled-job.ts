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

export interface ScheduledJobProps {
  fn: IFunction;
  /** HH:MM, Europe/London. */
  at: string;
  /** Monday to Friday only (the function decides which of them is its day); every day when omitted. */
  weekdaysOnly?: boolean;
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
        ...(props.weekdaysOnly ? { weekDay: 'MON-FRI' } : {}),
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
