/**
 * Stateful resources: the council's customer-managed key, the records table, the ledger table and the bucket
 * snapshots are uploaded to. Retained when the stack is deleted, protected against deletion, point-in-time recovery
 * on, everything encrypted with the council's own key (the service stack's queues and topics too).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { KEY, LEDGER_INDEXES, TTL_ATTRIBUTE } from '../../shared/adapters/table-design.js';

export interface DataStackProps extends StackProps {
  /** Snapshot files are deleted this many days after upload (every version). */
  importRetentionDays: number;
  importBucketName: string;
}

export class DataStack extends Stack {
  readonly key: Key;
  readonly records: Table;
  readonly ledger: Table;
  readonly imports: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.key = new Key(this, 'DataKey', {
      description: "The council's key: records, ledger, snapshot uploads, queues and topics",
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      alias: `alias/${id.toLowerCase()}`,
    });
    // Services that publish into this product's encrypted topics and queues, from this account only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: ['cloudwatch.amazonaws.com', 'ses.amazonaws.com', 'sns.amazonaws.com'].map(
          (s) => new ServicePrincipal(s),
        ),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
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
    // Closed cases expire (TTL) once the retention period after closing has passed.
    this.records = new Table(this, 'Records', { ...common, timeToLiveAttribute: TTL_ATTRIBUTE });
    this.ledger = new Table(this, 'Ledger', { ...common, timeToLiveAttribute: TTL_ATTRIBUTE });
    for (const index of LEDGER_INDEXES) {
      this.ledger.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.imports = new Bucket(this, 'Imports', {
      bucketName: props.importBucketName,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Uploads are read by the import function through EventBridge (no cross-stack notification resource).
      eventBridgeEnabled: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          expiration: Duration.days(props.importRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description, exportName: `${this.stackName}-${id}` });
    output('RecordsTableName', this.records.tableName, 'Records table: cases, workers, teams');
    output('LedgerTableName', this.ledger.tableName, 'Ledger table: `deadlines ledger --table <this>`');
    output('ImportBucketName', this.imports.bucketName, 'Upload snapshot files (.jsonl, manifest.json) here');
    output('DataKeyArn', this.key.keyArn, "The council's customer-managed key");
  }
}
