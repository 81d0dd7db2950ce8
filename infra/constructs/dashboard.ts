/**
 * One CloudWatch dashboard for the service: what each run did (emails sent, failed, unknown, deferred), the
 * caseload's state (overdue and due-soon items by obligation, invalid records, data age), SES reputation, and the
 * state of every alarm.
 */
import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  MathExpression,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DIMENSION, METRIC, METRIC_NAMESPACE } from '../../shared/observability/metric-names.js';
import { jobMetric } from './alarms.js';

const JOBS = ['daily-reminders', 'escalations', 'weekly-digest'] as const;

/** Every obligation kind's series of a by-obligation metric, found by search (kinds come from the rules). */
const byObligation = (metric: string, label: string) =>
  new MathExpression({
    expression: `SEARCH('{${METRIC_NAMESPACE},${DIMENSION.service},${DIMENSION.job},${DIMENSION.obligation}} MetricName="${metric}"', 'Maximum', 86400)`,
    label,
    period: Duration.days(1),
  });

export interface OperationsDashboardProps {
  name: string;
  alarms: Alarm[];
}

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const perJob = (metric: string) => JOBS.map((job) => jobMetric(metric, job).with({ label: job }));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.name,
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# Statutory reminders\nDaily figures from each run summary. Alarms below; what to do for each is in RUNBOOK.md.',
            width: 24,
            height: 2,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 })],
        [
          new GraphWidget({ title: 'Emails sent', left: perJob(METRIC.emailsSent), width: 8 }),
          new GraphWidget({ title: 'Emails failed', left: perJob(METRIC.emailsFailed), width: 8 }),
          new GraphWidget({
            title: 'Emails unknown (in flight) and deferred',
            left: [
              ...perJob(METRIC.emailsUnknown),
              jobMetric(METRIC.emailsDeferred, 'escalations').with({ label: 'deferred escalations' }),
            ],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Overdue items by obligation',
            left: [byObligation(METRIC.overdueItems, 'overdue')],
            width: 12,
          }),
          new GraphWidget({
            title: 'Due-soon items by obligation',
            left: [byObligation(METRIC.dueSoonItems, 'due soon')],
            width: 12,
          }),
        ],
        [
          new SingleValueWidget({
            title: 'Records invalid (daily run)',
            metrics: [jobMetric(METRIC.recordsInvalid, 'daily-reminders', 'Maximum')],
            width: 8,
          }),
          new SingleValueWidget({
            title: 'Data age in days (daily run)',
            metrics: [jobMetric(METRIC.dataAgeDays, 'daily-reminders', 'Maximum')],
            width: 8,
          }),
          new GraphWidget({ title: 'Runs completed', left: perJob(METRIC.runCompleted), width: 8 }),
        ],
      ],
    });
  }
}
