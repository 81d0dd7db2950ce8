/**
 * Stateless resources: the functions, their schedules, SES sending and delivery events, queues for anything that
 * fails, and alarms that mean something. Everything here can be destroyed and redeployed without losing data.
 */
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ScheduleExpression,
  ScheduleGroup,
  Schedule,
  ScheduleTargetInput,
  ContextAttribute,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { TimeZone, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.js';
import { HouseFunction } from '../constructs/house-function.js';
import { SCHEDULE_PREFIX } from '../../shared/use-cases/sync-schedules.js';

export interface ServiceStackProps extends StackProps {
  config: StageConfig;
  records: Table;
  ledger: Table;
}

const entry = (name: string) => fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url));
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const at = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':');
  return { hour: String(Number(hour)), minute: String(Number(minute)) };
};

export class ServiceStack extends Stack {
  readonly stage: string;
  readonly functions: Record<
    'dailyReminders' | 'weeklyDigest' | 'escalations' | 'syncSchedules' | 'sesEvents',
    HouseFunction
  >;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, records, ledger } = props;
    this.stage = config.stage;

    // Topics are encrypted with a key the publishing services (CloudWatch alarms, SES events) may use.
    const messagingKey = new Key(this, 'MessagingKey', {
      description: 'Encrypts alarm and delivery-event topics',
      enableKeyRotation: true,
    });
    for (const service of ['cloudwatch.amazonaws.com', 'ses.amazonaws.com']) {
      messagingKey.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
    }
    const alarmTopic = new Topic(this, 'Alarms', {
      masterKey: messagingKey,
      enforceSSL: true,
      displayName: 'Statutory reminders alarms',
    });
    alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    // Where failed work waits to be looked at and redriven.
    const failedRuns = new Queue(this, 'FailedRuns', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const undeliveredSchedules = new Queue(this, 'UndeliveredSchedules', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const q of [failedRuns, undeliveredSchedules]) {
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue (Lambda on-failure destination / Scheduler DLQ); its depth is alarmed.',
      });
    }

    // SES: TLS required, reputation metrics on, delivery events to the delivery-events function.
    const configurationSet = new ConfigurationSet(this, 'Emails', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const deliveryEvents = new Topic(this, 'DeliveryEvents', { masterKey: messagingKey, enforceSSL: true });
    // Send events prove acceptance (exactly-once after a crash); bounces, complaints and rejects prove failure.
    configurationSet.addEventDestination('DeliveryEvents', {
      destination: EventDestination.snsTopic(deliveryEvents),
      events: [EmailSendingEvent.SEND, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });

    const environment = {
      RECORDS_TABLE: records.tableName,
      LEDGER_TABLE: ledger.tableName,
      SENDER_ADDRESS: config.senderAddress,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      ALLOWED_RECIPIENT_DOMAINS: config.allowedRecipientDomains.join(','),
      CASE_LINK_TEMPLATE: config.caseLinkTemplate,
      SERVICE_NAME: config.serviceName,
      SERVICE_RECIPIENTS: config.serviceRecipients.join(','),
      POLICY_JSON: JSON.stringify(config.policy),
      SCAN_SEGMENTS: String(config.scanSegments),
      SEND_RATE_PER_SECOND: String(config.sendRatePerSecond),
      LEDGER_RETENTION_DAYS: String(config.ledgerRetentionDays),
    };
    const house = (
      name: string,
      description: string,
      extra: Partial<ConstructorParameters<typeof HouseFunction>[2]> = {},
    ) =>
      new HouseFunction(this, name, {
        entry: entry(name),
        description,
        environment,
        logRetention: config.logRetentionDays as RetentionDays,
        failureQueue: failedRuns,
        alarmTopic,
        ...extra,
      });

    const dailyReminders = house('daily-reminders', 'Daily statutory-deadline reminders to workers and managers', {
      singleton: true,
      timeout: Duration.minutes(15),
    });
    const weeklyDigest = house('weekly-digest', 'Weekly team and service digests');
    const escalations = house('escalations', 'Escalations of long-overdue items to managers and heads of service', {
      singleton: true,
    });
    const sesEvents = house('ses-events', 'SES bounces, complaints and rejects: ledger evidence, address suppression', {
      timeout: Duration.minutes(1),
      memorySize: 512,
    });

    // The per-team digest schedules, managed by sync-schedules, and the role Scheduler uses to invoke the digest.
    const teamSchedules = new ScheduleGroup(this, 'TeamDigests', {
      scheduleGroupName: `statutory-deadlines-${config.stage}`,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    weeklyDigest.fn.grantInvoke(schedulerRole);
    undeliveredSchedules.grantSendMessages(schedulerRole);
    const syncSchedules = house('sync-schedules', 'Keeps one digest schedule per team', {
      singleton: true,
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: {
        ...environment,
        SCHEDULE_GROUP: teamSchedules.scheduleGroupName,
        DIGEST_FUNCTION_ARN: weeklyDigest.fn.functionArn,
        SCHEDULER_ROLE_ARN: schedulerRole.roleArn,
        SCHEDULER_DLQ_ARN: undeliveredSchedules.queueArn,
      },
    });
    const teamScheduleArn = this.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${teamSchedules.scheduleGroupName}/${SCHEDULE_PREFIX}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    syncSchedules.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'scheduler:GetSchedule',
          'scheduler:CreateSchedule',
          'scheduler:UpdateSchedule',
          'scheduler:DeleteSchedule',
        ],
        resources: [teamScheduleArn],
      }),
    );
    syncSchedules.fn.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }));
    schedulerRole.grantPassRole(syncSchedules.fn.grantPrincipal);

    // Least privilege: read records, write the ledger, send only from the sender identity through the configuration set.
    for (const f of [dailyReminders, weeklyDigest, escalations, syncSchedules]) records.grantReadData(f.fn);
    records.grantReadWriteData(sesEvents.fn);
    for (const f of [dailyReminders, weeklyDigest, escalations, sesEvents]) ledger.grantReadWriteData(f.fn);
    const sendFrom = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ses:SendEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.senderDomain }),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
    });
    const readSendQuota = new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] });
    for (const f of [dailyReminders, weeklyDigest, escalations]) {
      f.fn.addToRolePolicy(sendFrom);
      f.fn.addToRolePolicy(readSendQuota);
    }
    deliveryEvents.addSubscription(new LambdaSubscription(sesEvents.fn, { deadLetterQueue: failedRuns }));

    // Fixed schedules, in London time all year round. The daily jobs fire every day and skip non-working days
    // themselves (bank holidays cannot be written in cron), which also gives a "did it run" signal every day.
    const invoke = (f: HouseFunction, input: Record<string, unknown>) =>
      new LambdaInvoke(f.fn, {
        input: ScheduleTargetInput.fromObject({ ...input, scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: undeliveredSchedules,
        retryAttempts: 10,
        maxEventAge: Duration.hours(1),
      });
    const daily = (id: string, hhmm: string, f: HouseFunction, description: string) =>
      new Schedule(this, id, {
        schedule: ScheduleExpression.cron({ ...at(hhmm), timeZone: TimeZone.EUROPE_LONDON }),
        target: invoke(f, {}),
        description,
      });
    daily(
      'DailyRemindersSchedule',
      config.schedules.dailyReminders,
      dailyReminders,
      'Daily reminders (skips weekends and bank holidays)',
    );
    daily('EscalationsSchedule', config.schedules.escalations, escalations, 'Escalations, after the daily reminders');
    daily(
      'SyncSchedulesSchedule',
      config.schedules.syncSchedules,
      syncSchedules,
      'Per-team digest schedules kept in step with the team items',
    );
    new Schedule(this, 'ServiceDigestSchedule', {
      schedule: ScheduleExpression.cron({
        ...at(config.schedules.serviceDigest.time),
        weekDay: DAYS[config.schedules.serviceDigest.day - 1]!,
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: invoke(weeklyDigest, { scope: 'service' }),
      description: 'Service-wide digest for heads of service',
    });

    // Alarms that mean something.
    const alarm = (id: string, props: ConstructorParameters<typeof Alarm>[2]) =>
      new Alarm(this, id, props).addAlarmAction(new SnsAction(alarmTopic));
    for (const [id, q, what] of [
      ['FailedRunsWaiting', failedRuns, 'A run failed after its retries'],
      ['SchedulesUndelivered', undeliveredSchedules, 'Scheduler could not invoke a function'],
    ] as const) {
      alarm(id, {
        alarmDescription: `${what}: see the README section "Redriving the dead-letter queues"`,
        metric: q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [id, f] of [
      ['DailyRemindersDidNotRun', dailyReminders],
      ['EscalationsDidNotRun', escalations],
    ] as const) {
      alarm(id, {
        alarmDescription: `${f.node.id} has not completed successfully in the last day: the schedule did not fire or every attempt failed`,
        metric: new MathExpression({
          expression: 'invocations - errors',
          usingMetrics: {
            invocations: f.fn.metricInvocations({ statistic: 'Sum' }),
            errors: f.fn.metricErrors({ statistic: 'Sum' }),
          },
          period: Duration.days(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      });
    }
    alarm('EmailsBouncing', {
      alarmDescription: 'SES bounce rate above 5%: addresses in the directory are wrong; SES may pause sending',
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 0.05,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.functions = { dailyReminders, weeklyDigest, escalations, syncSchedules, sesEvents };
    new CfnOutput(this, 'FailedRunsQueueUrl', { value: failedRuns.queueUrl });
    new CfnOutput(this, 'UndeliveredSchedulesQueueUrl', { value: undeliveredSchedules.queueUrl });
    new CfnOutput(this, 'DailyRemindersFunction', { value: dailyReminders.fn.functionName });
    new CfnOutput(this, 'ConfigurationSetName', { value: configurationSet.configurationSetName });
  }
}
