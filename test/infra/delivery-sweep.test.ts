/**
 * The delivery sweep's infrastructure, on the synthesised service stack: its hourly schedule in London time, its
 * grants (the sending jobs' items, its own lock, a query of the ledger's byDay index and nothing else), sending
 * from the sender identity, and the alarm on emails still unsettled after their quarantine.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { loadStageConfig } from '../../infra/config/stage-config.js';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

let service: Template;
let sweepId: string;
let statements: Statement[];

beforeAll(() => {
  const built = buildApp(loadStageConfig('example'), new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  service = Template.fromStack(built.service);
  const functions = service.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
  sweepId = Object.keys(functions).find((id) => id.toLowerCase().startsWith('deliverysweep'))!;
  const role = functions[sweepId]!.Properties.Role['Fn::GetAtt'][0] as string;
  statements = Object.values(service.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
});

const actions = (s: Statement) => ([] as string[]).concat(s.Action).sort();
const dynamo = () =>
  statements
    .filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')))
    .map((s) => {
      const resource = JSON.stringify(s.Resource);
      return {
        table: /Ledger/.test(resource) ? 'ledger' : /Records/.test(resource) ? 'records' : 'other',
        index: /\/index\/([A-Za-z]+)/.exec(resource)?.[1],
        actions: actions(s),
        items: (s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined)?.sort(),
      };
    });

describe('the delivery sweep', () => {
  it('runs every hour at half past, in London time, retried, with the undelivered-schedules queue', () => {
    const schedules = Object.values(service.findResources('AWS::Scheduler::Schedule'))
      .map((s) => s.Properties)
      .filter((s) => JSON.stringify(s.Target.Arn).includes(sweepId));
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      ScheduleExpression: 'cron(30 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { RetryPolicy: { MaximumRetryAttempts: 10 }, DeadLetterConfig: { Arn: expect.anything() } },
    });
    expect(JSON.stringify(schedules[0].Target.Input)).toContain('<aws.scheduler.scheduled-time>');
  });

  it("holds exactly the sending jobs' ledger items, its own lock, and a query of the byDay index", () => {
    expect(dynamo()).toEqual([
      { table: 'records', index: undefined, actions: ['dynamodb:Query', 'dynamodb:Scan'], items: undefined },
      {
        table: 'ledger',
        index: undefined,
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        items: [
          'EMAIL#*',
          'LOCK#delivery-sweep',
          'NOTICE#*',
          'RUN#daily-reminders#*',
          'RUN#escalations#*',
          'RUN#weekly-digest#*',
          'SNAPSHOT#*',
        ],
      },
      { table: 'ledger', index: 'byDay', actions: ['dynamodb:Query'], items: undefined },
      { table: 'ledger', index: undefined, actions: ['dynamodb:BatchGetItem'], items: ['SUPPRESSED#*'] },
    ]);
  });

  it('sends only from the sender address, through the configuration set', () => {
    const send = statements.filter((s) => actions(s).includes('ses:SendEmail'));
    expect(send).toHaveLength(1);
    expect(send[0]!.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'reminders@example-council.gov.uk', 'ses:ApiVersion': '2' },
    });
  });

  it('alarms when an email is still unsettled after its quarantine', () => {
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties)
      .filter((a) => a.MetricName === 'EmailsUnsettledAfterQuarantine');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      Namespace: 'StatutoryDeadlines',
      Dimensions: expect.arrayContaining([
        { Name: 'job', Value: 'delivery-sweep' },
        { Name: 'service', Value: 'statutory-deadlines' },
      ]),
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarms[0].AlarmActions).toHaveLength(1);
  });
});
