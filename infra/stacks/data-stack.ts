/**
 * Stateful resources: the customer-managed key, the records table and the ledger table. Retained when the stack
 * is deleted, protected against deletion, point-in-time recovery on, encrypted with the council's own key.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { KEY, TTL_ATTRIBUTE } from '../../shared/adapters/table-design.js';

export class DataStack extends Stack {
  readonly key: Key;
  readonly records: Table;
  readonly ledger: Table;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.key = new Key(this, 'DataKey', {
      description: 'Encrypts children-in-care records and the delivery ledger',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      alias: `alias/${id.toLowerCase()}`,
    });
    const common = {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.records = new Table(this, 'Records', common);
    this.ledger = new Table(this, 'Ledger', { ...common, timeToLiveAttribute: TTL_ATTRIBUTE });
  }
}
