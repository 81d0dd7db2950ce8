/**
 * SES events SNS cannot hand to ses-events wait in their own dead-letter queue, under the council's key, allowed
 * to SNS from that topic only, and alarmed; fine-grained assertions on the synthesised service stack.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { loadStageConfig } from '../../infra/config/stage-config.js';

// biome-ignore lint/suspicious/noExplicitAny: template JSON, read by shape
type J = Record<string, any>;
type Resource = { Type: string; Properties: J };
let resources: Record<string, Resource>;
let subscription: Resource;
let queueId: string;

beforeAll(() => {
  const built = buildApp(loadStageConfig('example'), new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  resources = Template.fromStack(built.service).toJSON().Resources;
  const subscriptions = Object.values(resources).filter(
    (r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'lambda',
  );
  expect(subscriptions).toHaveLength(1);
  subscription = subscriptions[0]!;
  queueId = subscription.Properties.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
});

describe('the SES events subscription', () => {
  it('delivers to ses-events with a dead-letter queue of its own', () => {
    expect(subscription.Properties.Endpoint['Fn::GetAtt'][0]).toMatch(/^seseventsFunction/);
    expect(queueId).toMatch(/^UndeliveredDeliveryEvents/);
  });

  it('the queue is encrypted with the council key and keeps messages 14 days', () => {
    expect(resources[queueId]!.Properties).toMatchObject({
      KmsMasterKeyId: {
        'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/DataKey/) }),
      },
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('only SNS, from the delivery-events topic, may send to it', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SQS::QueuePolicy' && r.Properties.Queues.some((q: J) => q.Ref === queueId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    const allows = statements.filter((s: J) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'sns.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': subscription.Properties.TopicArn } },
      }),
    ]);
  });

  it('an alarm fires on one message waiting, to the alarm topic', () => {
    const alarms = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        r.Properties.Dimensions?.some((d: J) => d.Value?.['Fn::GetAtt']?.[0] === queueId),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^Alarms/) }],
    });
  });
});
