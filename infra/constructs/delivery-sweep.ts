/**
 * The delivery sweep (functions/delivery-sweep): every hour at half past, in London time, it settles the emails the
 * jobs left unsettled (shared/use-cases/settle-deliveries.ts). Here: its schedule (retried, with the
 * undelivered-schedules queue), the grants beyond its table binding in access.ts (a query of the ledger's `byDay`
 * index, reading the managers' suppressed addresses as the jobs do), and the alarm on emails still unsettled after
 * their quarantine.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../shared/observability/metric-names.js';
import { jobMetric } from './alarms.js';
import { type Tables, bindTable } from './table-binding.js';

export interface DeliverySweepProps {
  fn: LambdaFunction;
  tables: Tables;
  undelivered: IQueue;
  alarmTopic: ITopic;
}

export class DeliverySweep extends Construct {
  readonly schedule: Schedule;
  /** Emails still unsettled after their quarantine (RUNBOOK.md "Emails unsettled"). */
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: DeliverySweepProps) {
    super(scope, id);
    // The unsettled emails of a day, through the index: the only index any function reads.
    bindTable(props.fn, props.tables, 'ledger', { actions: ['dynamodb:Query'], index: 'byDay' });
    // The re-run of a daily run plans as the job does, which reads the managers' suppressed addresses.
    bindTable(props.fn, props.tables, 'ledger', { actions: ['dynamodb:BatchGetItem'], items: ['SUPPRESSED#*'] });

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.cron({ minute: '30', hour: '*', timeZone: TimeZone.EUROPE_LONDON }),
      target: new LambdaInvoke(props.fn, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: props.undelivered,
        retryAttempts: 10,
        maxEventAge: Duration.hours(1),
      }),
      description: 'Delivery sweep: settles emails left unknown, abandoned or waiting to retry',
    });

    this.alarm = new Alarm(this, 'EmailsUnsettled', {
      alarmDescription:
        'Emails still unsettled after their quarantine: SES keeps failing or a re-run no longer plans them (RUNBOOK.md "Emails unsettled")',
      metric: jobMetric(METRIC.emailsUnsettledAfterQuarantine, 'delivery-sweep', 'Maximum', Duration.hours(1)),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
