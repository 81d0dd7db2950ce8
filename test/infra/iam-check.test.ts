/**
 * The IAM check itself: recorded calls evaluated against the synthesised policies, allowed and refused as AWS
 * would (the leading key of every item, the resource, the SES sender, the key policy of the council's key).
 */
import { describe, expect, it } from 'vitest';
import { type RecordedCall, iamCheck } from '../helpers/iam-check.js';

const env = { RECORDS_TABLE: 'records', LEDGER_TABLE: 'ledger' };
Object.assign(process.env, env);
const FROM = 'Statutory reminders <reminders@example-council.gov.uk>';

describe('iamCheck: each recorded call against the function’s synthesised role', () => {
  it.each<[string, string, RecordedCall, string[]]>([
    [
      'claims an email',
      'daily-reminders',
      {
        service: 'DynamoDB',
        command: 'UpdateItem',
        input: { TableName: 'ledger', Key: { pk: 'EMAIL#x', sk: 'EMAIL' } },
      },
      [],
    ],
    [
      'reads notices and a suppressed address in one batch',
      'daily-reminders',
      {
        service: 'DynamoDB',
        command: 'BatchGetItem',
        input: { RequestItems: { ledger: { Keys: [{ pk: { S: 'NOTICE#a' } }, { pk: { S: 'SUPPRESSED#m@x' } }] } } },
      },
      // Two statements cannot combine: ForAllValues needs one statement to cover every key of the request.
      ['dynamodb:BatchGetItem'],
    ],
    [
      'writes a record',
      'daily-reminders',
      { service: 'DynamoDB', command: 'PutItem', input: { TableName: 'records', Item: { pk: 'CASE#1' } } },
      ['dynamodb:PutItem'],
    ],
    [
      'writes a run lock of another job',
      'escalations',
      {
        service: 'DynamoDB',
        command: 'UpdateItem',
        input: { TableName: 'ledger', Key: { pk: 'LOCK#daily-reminders', sk: 'LOCK' } },
      },
      ['dynamodb:UpdateItem'],
    ],
    [
      'queries the directory',
      'sync-schedules',
      {
        service: 'DynamoDB',
        command: 'Query',
        input: {
          TableName: 'records',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'DIRECTORY' },
        },
      },
      [],
    ],
    [
      'queries a case',
      'sync-schedules',
      {
        service: 'DynamoDB',
        command: 'Query',
        input: {
          TableName: 'records',
          KeyConditionExpression: '#p = :v',
          ExpressionAttributeNames: { '#p': 'pk' },
          ExpressionAttributeValues: { ':v': { S: 'CASE#1' } },
        },
      },
      ['dynamodb:Query'],
    ],
    [
      'sends as the configured sender',
      'escalations',
      {
        service: 'SESv2',
        command: 'SendEmail',
        input: { FromEmailAddress: FROM, Destination: { ToAddresses: ['a@b'] } },
      },
      [],
    ],
    [
      'sends as another sender',
      'escalations',
      { service: 'SESv2', command: 'SendEmail', input: { FromEmailAddress: 'x@example-council.gov.uk' } },
      ['ses:SendEmail'],
    ],
    [
      'sends email at all',
      'ses-events',
      { service: 'SESv2', command: 'SendEmail', input: { FromEmailAddress: FROM } },
      ['ses:SendEmail'],
    ],
    [
      'reads an uploaded snapshot',
      'import-snapshot',
      { service: 'S3', command: 'GetObject', input: { Bucket: 'exports', Key: 'nightly/a.jsonl' } },
      [],
    ],
    [
      'reads an uploaded snapshot',
      'daily-reminders',
      { service: 'S3', command: 'GetObject', input: { Bucket: 'exports', Key: 'nightly/a.jsonl' } },
      ['s3:GetObject'],
    ],
    [
      'deletes a team schedule',
      'sync-schedules',
      {
        service: 'Scheduler',
        command: 'DeleteSchedule',
        input: { GroupName: 'statutory-deadlines-example', Name: 'team-digest-T1' },
      },
      [],
    ],
    [
      'deletes a schedule that is not a team digest',
      'sync-schedules',
      {
        service: 'Scheduler',
        command: 'DeleteSchedule',
        input: { GroupName: 'statutory-deadlines-example', Name: 'daily' },
      },
      ['scheduler:DeleteSchedule'],
    ],
  ])('%s (%s): refused %j', async (_what, fn, call, refused) => {
    const iam = await iamCheck(fn);
    iam.recordCall(call);
    expect((await iam.denied()).map((d) => d.action)).toEqual(refused);
  });

  it('names the function, the action, the resource and the keys of a refused call', async () => {
    const iam = await iamCheck('ses-events');
    iam.recordCall({
      service: 'DynamoDB',
      command: 'PutItem',
      input: { TableName: 'ledger', Item: { pk: 'RUN#daily-reminders#2024-06-03' } },
    });
    await expect(iam.assertAllowed()).rejects.toThrow(
      'ses-events: AWS would refuse 1 call(s):\n  dynamodb:PutItem on arn:aws:dynamodb:eu-west-2:123456789012:table/LedgerB7379752 for RUN#daily-reminders#2024-06-03 (ImplicitlyDenied)',
    );
  });

  it('fails when nothing was recorded (a check that saw no call proves nothing)', async () => {
    await expect((await iamCheck('escalations')).assertAllowed()).rejects.toThrow(
      'escalations: no AWS call was recorded',
    );
  });

  it.each([
    [
      'the records table',
      { service: 'DynamoDB', command: 'GetItem', input: { TableName: 'records', Key: { pk: 'CASE#x' } } },
      'dynamodb',
    ],
    ['the bucket', { service: 'S3', command: 'GetObject', input: { Bucket: 'exports', Key: 'a.jsonl' } }, 's3'],
  ])('a call on %s uses the council key through its service, checked with the key policy', async (_what, call, via) => {
    const iam = await iamCheck('import-snapshot');
    const key = iam.authorisations(call as RecordedCall).find((a) => a.action === 'kms:Decrypt');
    expect(key).toMatchObject({
      resource: 'arn:aws:kms:eu-west-2:123456789012:key/DataKey17AFBB84',
      context: { 'kms:ViaService': `${via}.eu-west-2.amazonaws.com` },
      resourcePolicy: { Statement: expect.arrayContaining([expect.objectContaining({ Action: 'kms:*' })]) },
    });
  });
});
