import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { StageConfigError, loadStageConfig, parseStageConfig } from '../../infra/config/stage-config.js';

let app: App;
let data: Template;
let service: Template;

beforeAll(() => {
  // Bundling is exercised by bundle.test.ts; here only the templates matter.
  const built = buildApp(loadStageConfig('example'), new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  app = built.app;
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
});

describe('data stack (stateful)', () => {
  it('uses a customer-managed key with rotation, retained', () => {
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('encrypts both tables with that key, with point-in-time recovery and deletion protection, retained', () => {
    const tables = data.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(2);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
      });
    }
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('service stack (stateless)', () => {
  it('defines every function the same way: Node.js 22, arm64, tracing, log retention, on-failure destination', () => {
    const functions = service.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    expect(Object.keys(functions)).toHaveLength(7);
    const logGroups = service.findResources('AWS::Logs::LogGroup');
    for (const [id, f] of Object.entries(functions)) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      const logGroupId = f.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, id).toBe(365);
    }
    const invokeConfigs = service.findResources('AWS::Lambda::EventInvokeConfig');
    expect(Object.keys(invokeConfigs)).toHaveLength(7);
    for (const c of Object.values(invokeConfigs))
      expect(c.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
  });

  it('schedules the jobs in Europe/London with retries and a dead-letter queue', () => {
    const schedules = Object.values(service.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    expect(schedules.map((s) => s.ScheduleExpression).sort()).toEqual([
      'cron(0 6 * * ? *)',
      'cron(0 7 * * ? *)',
      'cron(0 8 ? * MON-FRI *)',
      // The delivery sweep, every hour at half past.
      'cron(30 * * * ? *)',
      'cron(30 7 * * ? *)',
    ]);
    const serviceDigest = schedules.find((s) => s.ScheduleExpression.includes('MON-FRI'))!;
    expect(serviceDigest.Target.Input).toContain('"digestDay":1');
    for (const s of schedules) {
      expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
      expect(s.Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: expect.anything() },
      });
      expect(JSON.stringify(s.Target.Input)).toContain('<aws.scheduler.scheduled-time>');
    }
    service.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'statutory-deadlines-example' });
  });

  it('requires TLS for email and sends send, delivery, delay, bounce, complaint and reject events to the delivery-events function', () => {
    service.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    service.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'deliveryDelay', 'bounce', 'complaint', 'reject']),
        SnsDestination: Match.anyValue(),
      },
    });
    service.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('alarms on errors, queued failures, a run that did not happen and a bounce rate above 5%', () => {
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(7);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(3);
    expect(
      alarms.filter((a) => a.TreatMissingData === 'breaching' && a.ComparisonOperator === 'LessThanThreshold'),
    ).toHaveLength(3);
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'Reputation.BounceRate', Namespace: 'AWS/SES', Threshold: 0.05 }),
    );
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });

  it('grants table access only on the two tables, and sending only from the sender identity', () => {
    for (const policy of Object.values(service.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Resource: unknown;
      }[]) {
        const actions = ([] as string[]).concat(statement.Action);
        if (actions.some((a) => a.startsWith('dynamodb:')))
          expect(JSON.stringify(statement.Resource)).toMatch(/ImportValue|Fn::GetAtt|Records|Ledger/);
        // ses:GetAccount (the send quota) has no resource type; sending and table access must be scoped.
        if (actions.some((a) => a.startsWith('dynamodb:') || a === 'ses:SendEmail'))
          expect(statement.Resource).not.toBe('*');
        if (actions.includes('ses:GetAccount'))
          expect(actions.filter((a) => a.startsWith('ses:'))).toEqual(['ses:GetAccount']);
        if (actions.includes('ses:SendEmail'))
          expect(JSON.stringify(statement.Resource)).toContain('identity/example-council.gov.uk');
      }
    }
  });

  it('passes cdk-nag AwsSolutions: synth succeeds, and every raw finding carries an acknowledgement with a reason', () => {
    expect(() => app.synth({ force: true })).not.toThrow();
    const findings = new Set(
      new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => `AwsSolutions::${v.ruleName}`),
    );
    const acknowledged = new Map<string, string>();
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata.filter(
        (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      )) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledged.set(id, reason);
      }
    }
    expect(findings.size).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(acknowledged.has(finding), finding).toBe(true);
      expect(acknowledged.get(finding)!.length, finding).toBeGreaterThan(40);
    }
  });
});

describe('stage configuration', () => {
  const example = () => JSON.parse(JSON.stringify(loadStageConfig('example')));
  it.each([
    ['account', '12345', 'account: a 12-digit AWS account id'],
    ['caseLinkTemplate', 'https://cases.example/{ref}', 'caseLinkTemplate: must contain {id}'],
    ['senderAddress', 'reminders@elsewhere.org', 'senderAddress: must be an address at example-council.gov.uk'],
    ['serviceRecipients', ['boss@gmail.com'], 'serviceRecipients[0]: is not in allowedRecipientDomains'],
    ['policy', { dentalIntervalMonths: 24 }, 'policy: Invalid policy: dentalIntervalMonths'],
    ['logRetentionDays', 100, 'logRetentionDays: one of'],
    ['alarmEmail', undefined, 'alarmEmail'],
    ['replyToAddress', 'replies@gmail.com', 'replyToAddress: is not in allowedRecipientDomains'],
    ['replyToAddress', 'not an address', 'replyToAddress'],
    ['mailboxContact', 'the performance team', 'mailboxContact: is only shown when replies are not read'],
    ['worklistUrl', 'http://case-system.example-council.gov.uk/list', 'worklistUrl'],
  ])('rejects a wrong %s with a message naming it', (key, value, message) => {
    const raw = { ...example(), [key]: value };
    expect(() => parseStageConfig(raw, 'test.json')).toThrow(StageConfigError);
    expect(() => parseStageConfig(raw, 'test.json')).toThrow(message);
  });
});

describe('mail settings', () => {
  it('reach every function as the environment its configuration reads', async () => {
    const { envSchema } = await import('../../shared/config/env.js');
    const functions = service.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    for (const f of Object.values(functions)) {
      const vars = f.Properties.Environment.Variables as Record<string, unknown>;
      expect(vars.REPLY_TO_ADDRESS).toBe('children-performance@example-council.gov.uk');
      expect(vars.WORKLIST_URL).toBe('https://case-system.example-council.gov.uk/my-caseload');
      expect(vars.MAILBOX_CONTACT).toBeUndefined();
      const parsed = envSchema.pick({ REPLY_TO_ADDRESS: true, WORKLIST_URL: true }).parse(vars);
      expect(parsed.WORKLIST_URL).toBe('https://case-system.example-council.gov.uk/my-caseload');
    }
  });

  it('take a mailbox contact when replies are not read', () => {
    const { replyToAddress: _, ...rest } = JSON.parse(JSON.stringify(loadStageConfig('example')));
    const config = parseStageConfig({ ...rest, mailboxContact: 'the performance team on 01234 567890' }, 'test.json');
    expect(config.mailboxContact).toBe('the performance team on 01234 567890');
    expect(config.replyToAddress).toBeUndefined();
  });
});
