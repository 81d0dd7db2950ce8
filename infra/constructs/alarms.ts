/**
 * Alarms that mean something, each with what to do in its description (RUNBOOK.md has the steps), all to the
 * alarm topic: work waiting in a dead-letter queue, a job that did not run (daily reminders, escalations, the
 * weekly digest), SES bounce and complaint rates, stale data and a refused or failed import.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIMENSION, METRIC, METRIC_NAMESPACE, METRIC_SERVICE } from '../../shared/observability/metric-names.js';

/** A product metric (shared/observability/metric-names.ts) for one job. */
export function jobMetric(name: string, job: string, statistic = 'Sum', period = Duration.days(1)): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { [DIMENSION.service]: METRIC_SERVICE, [DIMENSION.job]: job },
    statistic,
    period,
  });
}

export interface AlarmsProps {
  topic: ITopic;
  queues: { id: string; queue: IQueue; what: string }[];
  /** Jobs that must complete every day. */
  daily: { id: string; fn: IFunction }[];
  staleDataAfterDays: number;
  complaintRate: number;
}

export class Alarms extends Construct {
  readonly all: Alarm[] = [];
  private readonly topic: ITopic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = props.topic;
    for (const { id: qid, queue, what } of props.queues) {
      this.add(qid, {
        alarmDescription: `${what}: see RUNBOOK.md "Redriving the dead-letter queues"`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    for (const { id: fid, fn } of props.daily) {
      this.add(`${fid}DidNotRun`, {
        alarmDescription: `${fid} has not completed successfully in the last day: the schedule did not fire or every attempt failed (RUNBOOK.md "Re-running a day")`,
        metric: new MathExpression({
          expression: 'FILL(invocations, 0) - FILL(errors, 0)',
          usingMetrics: {
            invocations: fn.metricInvocations({ statistic: 'Sum' }),
            errors: fn.metricErrors({ statistic: 'Sum' }),
          },
          period: Duration.days(1),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      });
    }
    // The digest runs weekly: no completed digest run on any of the last 7 days (the longest window CloudWatch allows).
    this.add('WeeklyDigestDidNotRun', {
      alarmDescription:
        'No weekly digest completed in the last 7 days: check the service digest schedule and the per-team schedules (RUNBOOK.md)',
      metric: new MathExpression({
        expression: 'FILL(runs, 0)',
        usingMetrics: { runs: jobMetric(METRIC.runCompleted, 'weekly-digest') },
        period: Duration.days(1),
      }),
      threshold: 1,
      evaluationPeriods: 7,
      datapointsToAlarm: 7,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.add('EmailsBouncing', {
      alarmDescription: 'SES bounce rate above 5%: addresses in the directory are wrong; SES may pause sending',
      metric: sesMetric('Reputation.BounceRate'),
      threshold: 0.05,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('EmailsComplained', {
      alarmDescription: `SES complaint rate above ${props.complaintRate * 100}%: recipients mark reminders as spam; SES reviews accounts above 0.1%`,
      metric: sesMetric('Reputation.ComplaintRate'),
      threshold: props.complaintRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('StaleData', {
      alarmDescription: `The daily run read records more than ${props.staleDataAfterDays} days old: the snapshot import has stopped (RUNBOOK.md "After a long outage")`,
      metric: jobMetric(METRIC.dataAgeDays, 'daily-reminders', 'Maximum'),
      threshold: props.staleDataAfterDays,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('ImportRefused', {
      alarmDescription:
        'A snapshot import was refused (it failed its checks) or failed: the records were not replaced; see the import function logs',
      metric: new MathExpression({
        expression: 'FILL(refused, 0) + FILL(failed, 0)',
        usingMetrics: {
          refused: jobMetric(METRIC.importsRefused, 'import-snapshot', 'Sum', Duration.minutes(5)),
          failed: jobMetric(METRIC.importsFailed, 'import-snapshot', 'Sum', Duration.minutes(5)),
        },
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** Adds an alarm (one evaluation period unless given) that notifies the alarm topic. */
  add(
    id: string,
    props: { metric: IMetric; evaluationPeriods?: number } & Omit<
      ConstructorParameters<typeof Alarm>[2],
      'metric' | 'evaluationPeriods'
    >,
  ): Alarm {
    const alarm = new Alarm(this, id, { evaluationPeriods: 1, ...props });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.all.push(alarm);
    return alarm;
  }
}

function sesMetric(name: string): Metric {
  return new Metric({ namespace: 'AWS/SES', metricName: name, statistic: 'Maximum', period: Duration.hours(1) });
}
