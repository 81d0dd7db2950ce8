/**
 * Stateless resources, composed of named constructs: the functions (house function, each bound to exactly the
 * table items it uses), email sending, the scheduled jobs, alarms and the dashboard. Queues and topics are under
 * the council's key. Everything here can be destroyed and redeployed without losing data.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.js';
import { ACCESS, type FunctionName } from '../constructs/access.js';
import { Alarms } from '../constructs/alarms.js';
import { OperationsDashboard } from '../constructs/dashboard.js';
import { EmailSending } from '../constructs/email-sending.js';
import { HouseFunction, type HouseFunctionProps } from '../constructs/house-function.js';
import { ImportJob } from '../constructs/import-job.js';
import { ScheduledJob } from '../constructs/scheduled-job.js';
import { bindTables } from '../constructs/table-binding.js';
import { DeliverySweep } from '../constructs/delivery-sweep.js';

export interface ServiceStackProps extends StackProps {
  config: StageConfig;
  records: Table;
  ledger: Table;
  /** The council's customer-managed key (data stack): queues and topics are encrypted with it. */
  key: IKey;
  /** Where snapshot files are uploaded (data stack): its name. */
  importBucketName: string;
  /** The import function's handler; defaults to functions/import-snapshot/handler.ts when that file exists. */
  importEntry?: string;
}

/** The per-team digest schedules' name prefix (must equal SCHEDULE_PREFIX in shared/use-cases/sync-schedules.ts). */
export const TEAM_SCHEDULE_PREFIX = 'team-digest-';

const entry = (name: string) => fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url));

/** Where failed work waits: runs and schedules that failed, SES events SNS could not deliver. */
interface DeadLetterQueues {
  failedRuns: Queue;
  undeliveredSchedules: Queue;
  undeliveredEvents: Queue;
}

type SendingFunctions = Record<'dailyReminders' | 'weeklyDigest' | 'escalations' | 'sesEvents', HouseFunction>;

/**
 * The stack in named steps, each adding its resources to the stack itself (so that every logical id, and the
 * template, stay as they were): alarm topic, dead-letter queues, email sending, the functions, the per-team digest
 * schedules and sync-schedules, the fixed schedules, the import, alarms and dashboard, outputs.
 */
export class ServiceStack extends Stack {
  readonly stage: string;
  readonly functions: Record<Exclude<FunctionName, 'importSnapshot'>, HouseFunction> & {
    importSnapshot?: HouseFunction;
  };
  readonly alarms: Alarms;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.stage = config.stage;

    const alarmTopic = this.alarmTopic(props);
    const queues = this.deadLetterQueues(props.key);
    const email = new EmailSending(this, 'Email', {
      senderDomain: config.senderDomain,
      senderAddress: config.senderAddress,
      key: props.key,
    });
    const house = this.functionFactory(props, queues.failedRuns, alarmTopic);
    const sending = this.sendingFunctions(house, email, queues);
    const syncSchedules = this.teamDigestSchedules(house, sending.weeklyDigest, queues.undeliveredSchedules);
    this.fixedSchedules(config, { ...sending, syncSchedules }, queues.undeliveredSchedules);
    const importSnapshot = this.importJob(props, house, queues.failedRuns);
    const sweep = this.deliverySweep(props, house, email, queues.undeliveredSchedules, alarmTopic);

    const { dailyReminders, weeklyDigest, escalations, sesEvents } = sending;
    this.functions = {
      dailyReminders,
      weeklyDigest,
      escalations,
      syncSchedules,
      sesEvents,
      deliverySweep: sweep.fn,
      ...(importSnapshot ? { importSnapshot } : {}),
    };
    this.alarms = new Alarms(this, 'Alarm', {
      topic: alarmTopic,
      queues: [
        { id: 'FailedRunsWaiting', queue: queues.failedRuns, what: 'A run failed after its retries' },
        {
          id: 'SchedulesUndelivered',
          queue: queues.undeliveredSchedules,
          what: 'Scheduler could not invoke a function',
        },
        { id: 'DeliveryEventsUndelivered', queue: queues.undeliveredEvents, what: 'SNS could not deliver SES events' },
      ],
      daily: [
        { id: 'DailyReminders', fn: dailyReminders.fn },
        { id: 'Escalations', fn: escalations.fn },
      ],
      staleDataAfterDays: config.staleDataAfterDays,
      complaintRate: config.complaintRateAlarm,
    });
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      name: `statutory-deadlines-${config.stage}`,
      alarms: [...this.alarms.all, sweep.alarm, ...Object.values(this.functions).map((f) => f.errorsAlarm)],
    });
    this.outputs(queues, email, alarmTopic);
  }

  /** Alarm notifications, to the council's alarm address, under its key. */
  private alarmTopic({ config, key }: ServiceStackProps): Topic {
    const alarmTopic = new Topic(this, 'Alarms', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'Statutory reminders alarms',
    });
    alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    return alarmTopic;
  }

  /**
   * Where failed work waits to be looked at and redriven: it carries addresses and case references, so the
   * council's key encrypts it.
   */
  private deadLetterQueues(key: IKey): DeadLetterQueues {
    const queue = (qid: string) => {
      const q = new Queue(this, qid, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue (Lambda on-failure destination / Scheduler DLQ / SNS subscription DLQ); its depth is alarmed.',
      });
      return q;
    };
    return {
      failedRuns: queue('FailedRuns'),
      undeliveredSchedules: queue('UndeliveredSchedules'),
      // SES events SNS could not hand to ses-events (throttled, unavailable): SNS envelopes, redriven by
      // re-publishing.
      undeliveredEvents: queue('UndeliveredDeliveryEvents'),
    };
  }

  /** A house function with the settings every function reads, bound to exactly the table items it uses. */
  private functionFactory({ config, records, ledger }: ServiceStackProps, failedRuns: Queue, alarmTopic: Topic) {
    const tables = { records, ledger };
    // Settings every function reads (shared/config/env.ts); tables are bound per function below.
    const environment = {
      SENDER_ADDRESS: config.senderAddress,
      ALLOWED_RECIPIENT_DOMAINS: config.allowedRecipientDomains.join(','),
      CASE_LINK_TEMPLATE: config.caseLinkTemplate,
      SERVICE_NAME: config.serviceName,
      SERVICE_RECIPIENTS: config.serviceRecipients.join(','),
      POLICY_JSON: JSON.stringify(config.policy),
      SCAN_SEGMENTS: String(config.scanSegments),
      SEND_RATE_PER_SECOND: String(config.sendRatePerSecond),
      LEDGER_RETENTION_DAYS: String(config.ledgerRetentionDays),
      ...(config.replyToAddress ? { REPLY_TO_ADDRESS: config.replyToAddress } : {}),
      ...(config.mailboxContact ? { MAILBOX_CONTACT: config.mailboxContact } : {}),
      ...(config.worklistUrl ? { WORKLIST_URL: config.worklistUrl } : {}),
    };
    const house = (name: string, fid: FunctionName, description: string, extra: Partial<HouseFunctionProps> = {}) => {
      const f = new HouseFunction(this, name, {
        entry: entry(name),
        description,
        environment,
        logRetention: config.logRetentionDays as RetentionDays,
        failureQueue: failedRuns,
        alarmTopic,
        ...extra,
      });
      bindTables(f.fn, tables, ACCESS[fid]);
      return f;
    };
    return Object.assign(house, { environment });
  }

  /** The jobs that send email, and ses-events, which SES's delivery events reach through SNS. */
  private sendingFunctions(
    house: ReturnType<ServiceStack['functionFactory']>,
    email: EmailSending,
    queues: DeadLetterQueues,
  ): SendingFunctions {
    const dailyReminders = house('daily-reminders', 'dailyReminders', 'Daily statutory-deadline reminders', {
      timeout: Duration.minutes(15),
    });
    const weeklyDigest = house('weekly-digest', 'weeklyDigest', 'Weekly team and service digests');
    const escalations = house('escalations', 'escalations', 'Escalations of long-overdue items');
    const sesEvents = house('ses-events', 'sesEvents', 'SES delivery events: ledger evidence, address suppression', {
      timeout: Duration.minutes(1),
      memorySize: 512,
    });
    for (const f of [dailyReminders, weeklyDigest, escalations]) email.grantSend(f.fn);
    email.deliveryEvents.addSubscription(
      new LambdaSubscription(sesEvents.fn, { deadLetterQueue: queues.undeliveredEvents }),
    );
    return { dailyReminders, weeklyDigest, escalations, sesEvents };
  }

  /**
   * The per-team digest schedules, managed by sync-schedules, and the role Scheduler uses to invoke the digest.
   * Returns sync-schedules.
   */
  private teamDigestSchedules(
    house: ReturnType<ServiceStack['functionFactory']>,
    weeklyDigest: HouseFunction,
    undeliveredSchedules: Queue,
  ): HouseFunction {
    const teamSchedules = new ScheduleGroup(this, 'TeamDigests', {
      scheduleGroupName: `statutory-deadlines-${this.stage}`,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    weeklyDigest.fn.grantInvoke(schedulerRole);
    undeliveredSchedules.grantSendMessages(schedulerRole);
    const syncSchedules = house('sync-schedules', 'syncSchedules', 'Keeps one digest schedule per team', {
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: {
        ...house.environment,
        SCHEDULE_GROUP: teamSchedules.scheduleGroupName,
        DIGEST_FUNCTION_ARN: weeklyDigest.fn.functionArn,
        SCHEDULER_ROLE_ARN: schedulerRole.roleArn,
        SCHEDULER_DLQ_ARN: undeliveredSchedules.queueArn,
      },
    });
    syncSchedules.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'scheduler:GetSchedule',
          'scheduler:CreateSchedule',
          'scheduler:UpdateSchedule',
          'scheduler:DeleteSchedule',
        ],
        resources: [
          this.formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${teamSchedules.scheduleGroupName}/${TEAM_SCHEDULE_PREFIX}*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    syncSchedules.fn.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }));
    schedulerRole.grantPassRole(syncSchedules.fn.grantPrincipal);
    return syncSchedules;
  }

  /**
   * Fixed schedules, in London time all year round. The daily jobs fire every day and skip non-working days
   * themselves (bank holidays cannot be written in cron), which also gives a "did it run" signal every day.
   */
  private fixedSchedules(
    config: StageConfig,
    fns: Pick<SendingFunctions, 'dailyReminders' | 'escalations' | 'weeklyDigest'> & { syncSchedules: HouseFunction },
    undelivered: Queue,
  ): void {
    const s = config.schedules;
    new ScheduledJob(this, 'DailyReminders', {
      fn: fns.dailyReminders.fn,
      at: s.dailyReminders,
      undelivered,
      description: 'Daily reminders (skips weekends and bank holidays)',
    });
    new ScheduledJob(this, 'Escalations', {
      fn: fns.escalations.fn,
      at: s.escalations,
      undelivered,
      description: 'Escalations, after the daily reminders',
    });
    new ScheduledJob(this, 'SyncSchedules', {
      fn: fns.syncSchedules.fn,
      at: s.syncSchedules,
      undelivered,
      description: 'Per-team digest schedules kept in step with the team items',
    });
    new ScheduledJob(this, 'ServiceDigest', {
      fn: fns.weeklyDigest.fn,
      at: s.serviceDigest.time,
      // Every weekday at the digest time; the function sends on the configured day, or on the next working day when
      // that day is a bank holiday, and does nothing on the others.
      weekdaysOnly: true,
      input: { scope: 'service', digestDay: s.serviceDigest.day },
      undelivered,
      description: 'Service-wide digest for heads of service',
    });
  }

  /** The hourly sweep that settles what the sending jobs left unknown, abandoned or waiting to retry. */
  private deliverySweep(
    { records, ledger }: ServiceStackProps,
    house: ReturnType<ServiceStack['functionFactory']>,
    email: EmailSending,
    undelivered: Queue,
    alarmTopic: Topic,
  ): { fn: HouseFunction; alarm: DeliverySweep['alarm'] } {
    const fn = house('delivery-sweep', 'deliverySweep', 'Settles emails the jobs left unsettled', {
      timeout: Duration.minutes(15),
    });
    email.grantSend(fn.fn);
    const sweep = new DeliverySweep(this, 'DeliverySweep', {
      fn: fn.fn,
      tables: { records, ledger },
      undelivered,
      alarmTopic,
    });
    return { fn, alarm: sweep.alarm };
  }

  /** The snapshot import, triggered by an upload to the import bucket. */
  private importJob(
    props: ServiceStackProps,
    house: ReturnType<ServiceStack['functionFactory']>,
    failedRuns: Queue,
  ): HouseFunction | undefined {
    const importEntry = props.importEntry ?? entry('import-snapshot');
    if (!existsSync(importEntry)) return undefined;
    const importSnapshot = house('import-snapshot', 'importSnapshot', 'Imports an uploaded snapshot of the records', {
      entry: importEntry,
      timeout: Duration.minutes(15),
    });
    new ImportJob(this, 'Import', {
      fn: importSnapshot,
      bucketName: props.importBucketName,
      key: props.key,
      failedRuns,
    });
    Validations.of(importSnapshot).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::${props.importBucketName}/*]`,
      reason: 'Reading any uploaded snapshot object of the one import bucket (object keys are chosen by the uploader).',
    });
    return importSnapshot;
  }

  /** Named outputs, exported for scripts. */
  private outputs(queues: DeadLetterQueues, email: EmailSending, alarmTopic: Topic): void {
    const output = (oid: string, value: string, description: string) =>
      new CfnOutput(this, oid, { value, description, exportName: `${this.stackName}-${oid}` });
    output('FailedRunsQueueUrl', queues.failedRuns.queueUrl, 'Failed runs and delivery events, to redrive');
    output(
      'UndeliveredSchedulesQueueUrl',
      queues.undeliveredSchedules.queueUrl,
      'Schedules Scheduler could not deliver',
    );
    output('UndeliveredDeliveryEventsQueueUrl', queues.undeliveredEvents.queueUrl, 'SES events SNS could not deliver');
    output('ConfigurationSetName', email.configurationSet.configurationSetName, 'SES configuration set');
    output('AlarmTopicArn', alarmTopic.topicArn, 'Alarm notifications (confirm the email subscription)');
    output('DashboardName', this.dashboard.dashboard.dashboardName, 'CloudWatch dashboard');
    for (const [name, f] of Object.entries(this.functions)) {
      const oid = `${name[0]!.toUpperCase()}${name.slice(1)}FunctionName`;
      output(oid, f.fn.functionName, `${f.node.id} function`);
    }
  }
}
