/**
 * `bindTable` on its own, in a one-table stack: the key grant follows the table grant. A function that only reads
 * may decrypt and nothing more; one that writes may also encrypt and generate data keys. In the service stack every
 * function writes the ledger, so only here can a read-only binding be seen on its own.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { type TableAccess, bindTable } from '../../infra/constructs/table-binding.js';

/** The KMS actions granted to a function bound to a table under a customer-managed key with `access`. */
function kmsActionsFor(access: TableAccess): string[] {
  const stack = new Stack(new App(), 'Binding');
  const key = new Key(stack, 'Key');
  const table = new Table(stack, 'Records', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
  });
  const fn = new LambdaFunction(stack, 'Fn', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  bindTable(fn, { records: table, ledger: table }, 'records', access);
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
  return policies
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((s) => ([] as string[]).concat(s.Action))
    .filter((a) => a.startsWith('kms:'))
    .sort();
}

describe('bindTable: the table key', () => {
  it.each([
    [['dynamodb:Query', 'dynamodb:Scan'], ['kms:Decrypt']],
    [['dynamodb:GetItem', 'dynamodb:BatchGetItem'], ['kms:Decrypt']],
    [
      ['dynamodb:Query', 'dynamodb:UpdateItem'],
      ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'],
    ],
    [['dynamodb:PutItem'], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']],
    [['dynamodb:BatchWriteItem'], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']],
  ] as const)('%j: %j', (actions, kms) => {
    expect(kmsActionsFor({ actions })).toEqual(kms);
  });
});
