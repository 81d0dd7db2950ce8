/**
 * Least privilege and the operating properties of the stacks, asserted on the synthesised templates: each
 * function's table variables and grants, no delete on the ledger, the send condition, the council key on every
 * queue and topic, no reserved concurrency, the dashboard and its alarms, named outputs, recommended feature flags.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { loadStageConfig } from '../../infra/config/stage-config.js';
import { TEAM_SCHEDULE_PREFIX } from '../../infra/stacks/service-stack.js';
import { METRIC, METRIC_NAMESPACE } from '../../shared/observability/metric-names.js';
import { SCHEDULE_PREFIX } from '../../shared/use-cases/sync-schedules.js';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

let data: Template;
let service: Template;
let dataStackName: string;
/** Function logical id → the statements of its role's policies. */
const statementsOf = new Map<string, Statement[]>();
const functionIds = new Map<string, string>();

beforeAll(() => {
  const built = buildApp(loadStageConfig('example'), new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
  dataStackName = built.data.stackName;
  const functions = service.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
  const policies = Object.values(service.findResources('AWS::IAM::Policy'));
  for (const [id, f] of Object.entries(functions)) {
    const role = f.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = policies
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    statementsOf.set(id, statements);
    const name = /^(dailyreminders|weeklydigest|escalations|syncschedules|sesevents)/.exec(id.toLowerCase())?.[1];
    if (name) functionIds.set(name, id);
  }
});

const actions = (s: Statement) => ([] as string[]).concat(s.Action);
/** Which table a resource or variable refers to: by the data stack's export of that table. */
function tableOf(value: unknown): 'records' | 'ledger' | undefined {
  const text = JSON.stringify(value);
  if (/Records[A-Z0-9]/.test(text) && !/Ledger/.test(text)) return 'records';
  if (/Ledger[A-Z0-9]/.test(text) && !/Records/.test(text)) return 'ledger';
  return undefined;
}
const fn = (name: string) => {
  const id = functionIds.get(name);
  if (!id) throw new Error(`no function ${name}`);
  return {
    id,
    props: service.findResources('AWS::Lambda::Function')[id]!.Properties,
    statements: statementsOf.get(id)!,
  };
};
/** The DynamoDB statements of a function on one table: actions and leading-key condition. */
function tableGrants(name: string, table: 'records' | 'ledger') {
  return fn(name)
    .statements.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')) && tableOf(s.Resource) === table)
    .map((s) => ({
      actions: actions(s).sort(),
      items: (s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined)?.sort(),
    }));
}

describe('each function: its table variables and exactly its grants', () => {
  it('names the records table in RECORDS_TABLE and the ledger in LEDGER_TABLE, in every function', () => {
    for (const name of functionIds.keys()) {
      const env = fn(name).props.Environment.Variables;
      expect(tableOf(env.RECORDS_TABLE), `${name} RECORDS_TABLE`).toBe('records');
      expect(tableOf(env.LEDGER_TABLE), `${name} LEDGER_TABLE`).toBe('ledger');
    }
  });

  it.each([
    ['dailyreminders', 'daily-reminders', [], [{ actions: ['dynamodb:BatchGetItem'], items: ['SUPPRESSED#*'] }]],
    ['escalations', 'escalations', [], []],
    ['weeklydigest', 'weekly-digest', ['SNAPSHOT#*'], []],
  ])('%s: scans and queries records (no write); reads and writes only its ledger items', (name, job, extra, reads) => {
    expect(tableGrants(name, 'records')).toEqual([{ actions: ['dynamodb:Query', 'dynamodb:Scan'], items: undefined }]);
    expect(tableGrants(name, 'ledger')).toEqual([
      {
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        items: ['EMAIL#*', `LOCK#${job}*`, 'NOTICE#*', `RUN#${job}#*`, ...extra].sort(),
      },
      // The daily run reads (never writes) the managers' suppressed addresses.
      ...reads,
    ]);
  });

  it('ses-events: updates email entries, writes notices and suppressed addresses, and the directory of the records table', () => {
    expect(tableGrants('sesevents', 'ledger')).toEqual([
      { actions: ['dynamodb:UpdateItem'], items: ['EMAIL#*'] },
      { actions: ['dynamodb:BatchWriteItem'], items: ['NOTICE#*'] },
      { actions: ['dynamodb:PutItem'], items: ['SUPPRESSED#*'] },
    ]);
    expect(tableGrants('sesevents', 'records')).toEqual([
      { actions: ['dynamodb:Query', 'dynamodb:UpdateItem'], items: ['DIRECTORY'] },
    ]);
  });

  it('sync-schedules: queries the directory and holds its run lock, nothing else', () => {
    expect(tableGrants('syncschedules', 'records')).toEqual([{ actions: ['dynamodb:Query'], items: ['DIRECTORY'] }]);
    expect(tableGrants('syncschedules', 'ledger')).toEqual([
      { actions: ['dynamodb:UpdateItem'], items: ['LOCK#sync-schedules'] },
    ]);
  });

  it("grants no DynamoDB access beyond the two tables; the only index access is the delivery sweep's byDay query", () => {
    for (const [id, statements] of statementsOf)
      for (const s of statements.filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')))) {
        expect(tableOf(s.Resource), id).toBeDefined();
        if (!JSON.stringify(s.Resource).includes('/index/')) continue;
        expect(id.toLowerCase(), id).toMatch(/^deliverysweep/);
        expect(actions(s)).toEqual(['dynamodb:Query']);
        expect(JSON.stringify(s.Resource)).toContain('/index/byDay');
      }
  });

  it('no function may delete anything from the ledger (or the records)', () => {
    for (const [id, statements] of statementsOf)
      for (const s of statements)
        for (const a of actions(s))
          expect(/^dynamodb:(DeleteItem|\*|DeleteTable)$|^dynamodb:\*$/.test(a), `${id} ${a}`).toBe(false);
  });

  it('only the sending functions may send, only from the sender address, through the configuration set', () => {
    for (const [name, sends] of [
      ['dailyreminders', true],
      ['weeklydigest', true],
      ['escalations', true],
      ['sesevents', false],
      ['syncschedules', false],
    ] as const) {
      const send = fn(name).statements.filter((s) => actions(s).includes('ses:SendEmail'));
      expect(send.length, name).toBe(sends ? 1 : 0);
      if (!sends) continue;
      expect(send[0]!.Condition).toEqual({
        StringEquals: { 'ses:FromAddress': 'reminders@example-council.gov.uk', 'ses:ApiVersion': '2' },
      });
      const resources = JSON.stringify(send[0]!.Resource);
      expect(resources).toContain('identity/example-council.gov.uk');
      expect(resources).toContain('configuration-set/');
    }
  });
});

describe('operating properties', () => {
  it('reserves no concurrency anywhere: the run lock keeps one run at a time', () => {
    for (const f of Object.values(service.findResources('AWS::Lambda::Function')))
      expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it("encrypts every queue and topic with the council's key from the data stack", () => {
    const queues = Object.values(service.findResources('AWS::SQS::Queue'));
    const topics = Object.values(service.findResources('AWS::SNS::Topic'));
    expect(queues).toHaveLength(3);
    expect(topics).toHaveLength(2);
    for (const q of queues) expect(JSON.stringify(q.Properties.KmsMasterKeyId)).toMatch(/DataKey/);
    for (const t of topics) expect(JSON.stringify(t.Properties.KmsMasterKeyId)).toMatch(/DataKey/);
    expect(service.findResources('AWS::KMS::Key')).toEqual({});
  });

  it('has a dashboard with the run metrics, by obligation, and every alarm', () => {
    const dashboards = Object.values(service.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const metric of [
      METRIC.emailsSent,
      METRIC.emailsFailed,
      METRIC.emailsUnknown,
      METRIC.emailsDeferred,
      METRIC.overdueItems,
      METRIC.dueSoonItems,
      METRIC.recordsInvalid,
      METRIC.dataAgeDays,
    ])
      expect(body, metric).toContain(metric);
    expect(body).toContain(METRIC_NAMESPACE);
    for (const alarmId of Object.keys(service.findResources('AWS::CloudWatch::Alarm')))
      expect(body, alarmId).toContain(alarmId);
  });

  it('alarms on the digest not running, the complaint rate, stale data and a refused import', () => {
    const alarms = Object.entries(service.findResources('AWS::CloudWatch::Alarm')).map(([id, a]) => ({
      id,
      ...a.Properties,
    }));
    const find = (part: string) => alarms.find((a) => a.id.includes(part));
    expect(find('WeeklyDigestDidNotRun')).toMatchObject({
      EvaluationPeriods: 7,
      DatapointsToAlarm: 7,
      TreatMissingData: 'breaching',
      ComparisonOperator: 'LessThanThreshold',
    });
    expect(JSON.stringify(find('WeeklyDigestDidNotRun')!.Metrics)).toContain(METRIC.runCompleted);
    expect(find('EmailsComplained')).toMatchObject({ MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
    expect(find('StaleData')).toMatchObject({ MetricName: METRIC.dataAgeDays, Threshold: 4, Statistic: 'Maximum' });
    expect(JSON.stringify(find('ImportRefused')!.Metrics)).toContain(METRIC.importsRefused);
  });

  it('names the outputs: both tables, the bucket, every function', () => {
    const dataOutputs = data.findOutputs('*');
    for (const id of ['RecordsTableName', 'LedgerTableName', 'ImportBucketName'])
      expect(dataOutputs[id]?.Export?.Name, id).toBe(`${dataStackName}-${id}`);
    const outputs = Object.keys(service.findOutputs('*'));
    for (const id of [
      'DailyRemindersFunctionName',
      'WeeklyDigestFunctionName',
      'EscalationsFunctionName',
      'SyncSchedulesFunctionName',
      'SesEventsFunctionName',
    ])
      expect(outputs).toContain(id);
  });

  it('keeps snapshot uploads versioned, under the council key, TLS only, expiring', () => {
    const bucket = Object.values(data.findResources('AWS::S3::Bucket'))[0]!.Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const sse = bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(sse.SSEAlgorithm).toBe('aws:kms');
    expect(JSON.stringify(sse.KMSMasterKeyID)).toMatch(/DataKey/);
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 30 }));
    // Uploads reach the import function as EventBridge events (no cross-stack notification resource).
    expect(JSON.stringify(data.findResources('Custom::S3BucketNotifications'))).toContain('EventBridgeConfiguration');
    const policy = Object.values(data.findResources('AWS::S3::BucketPolicy'))[0]!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });

  it('gives the ledger its indexes for reading by day, audience and record; both tables expire items by TTL', () => {
    const tables = Object.values(data.findResources('AWS::DynamoDB::Table'));
    for (const t of tables)
      expect(t.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const ledger = tables.find((t) => t.Properties.GlobalSecondaryIndexes)!;
    expect(ledger.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual([
      'byAudience',
      'byDay',
      'byRecord',
    ]);
  });

  it("sets every one of aws-cdk-lib's recommended feature flags in cdk.json", () => {
    const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
    for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS)) expect(context[flag], flag).toEqual(value);
  });

  it('scopes the schedule permissions to the prefix the sync use case writes', () => {
    expect(TEAM_SCHEDULE_PREFIX).toBe(SCHEDULE_PREFIX);
  });
});

describe('snapshot import wiring (with a stand-in handler until functions/import-snapshot exists)', () => {
  let template: Template;
  beforeAll(() => {
    const standIn = new URL('../../functions/ses-events/handler.ts', import.meta.url).pathname;
    const built = buildApp(loadStageConfig('example'), new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      importEntry: standIn,
    });
    template = Template.fromStack(built.service);
  });

  it('an upload of a .jsonl snapshot or a manifest.json reaches the import function through EventBridge', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const pattern = rules[0]!.Properties.EventPattern;
    expect(pattern).toMatchObject({ source: ['aws.s3'], 'detail-type': ['Object Created'] });
    // Which keys match is tested in import-trigger.test.ts.
    expect(pattern.detail.object.key).toEqual([
      { wildcard: 'snapshots/*.jsonl' },
      { wildcard: '*/manifest.json' },
      'manifest.json',
    ]);
    expect(rules[0]!.Properties.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('the import function reads the bucket, writes records, and has no access to the ledger', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    const id = Object.keys(functions).find((k) => k.toLowerCase().startsWith('importsnapshot'))!;
    expect(id).toBeDefined();
    const role = functions[id]!.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.filter((s) => tableOf(s.Resource) === 'ledger')).toEqual([]);
    expect(functions[id]!.Properties.Environment.Variables.LEDGER_TABLE).toBeUndefined();
    const records = statements.filter(
      (s) => tableOf(s.Resource) === 'records' && actions(s)[0]!.startsWith('dynamodb:'),
    );
    expect(records.flatMap(actions)).toContain('dynamodb:BatchWriteItem');
    expect(statements.filter((s) => actions(s).some((a) => a.startsWith('s3:'))).flatMap(actions)).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:ListBucket',
    ]);
    expect(functions[id]!.Properties.Environment.Variables.IMPORT_BUCKET).toBeDefined();
  });
});
