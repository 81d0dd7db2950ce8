/**
 * The snapshot import: a file uploaded to the import bucket (a `.jsonl` under `snapshots/`, or a `manifest.json`
 * that completes an SSD folder) reaches the import function as an S3 "Object Created" event through EventBridge (the bucket lives in
 * the data stack; EventBridge avoids a notification resource pointing back across stacks). The function reads the
 * bucket, reads and writes the records table (its import state lives there too); it has no access to the ledger. Failed deliveries go to the
 * failed-runs queue.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Where `.jsonl` snapshots are uploaded (must equal SNAPSHOT_PREFIX in shared/domain/import/trigger.ts). */
export const SNAPSHOT_PREFIX = 'snapshots/';
import type { HouseFunction } from './house-function.js';

export interface ImportJobProps {
  fn: HouseFunction;
  /** The import bucket's name (fixed per stage and account, so both stacks know it without a reference). */
  bucketName: string;
  key: IKey;
  failedRuns: IQueue;
}

export class ImportJob extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ImportJobProps) {
    super(scope, id);
    // Read the uploaded objects (any version) and nothing else; decrypt them with the council's key.
    props.fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`arn:aws:s3:::${props.bucketName}/*`],
      }),
    );
    // An SSD snapshot is a folder completed by its manifest: the function lists the folder to read its tables.
    props.fn.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [`arn:aws:s3:::${props.bucketName}`] }),
    );
    props.key.grantDecrypt(props.fn.fn);
    props.fn.fn.addEnvironment('IMPORT_BUCKET', props.bucketName);
    this.rule = new Rule(this, 'SnapshotUploaded', {
      description: 'A snapshot file uploaded to the import bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucketName] },
          // A `.jsonl` snapshot in its own prefix, or the manifest that completes an SSD folder: never a file
          // inside an SSD folder (its tables, the directory.jsonl beside them). The function applies the same rule
          // (shared/domain/import/trigger.ts).
          object: {
            key: Match.anyOf(
              Match.wildcard(`${SNAPSHOT_PREFIX}*.jsonl`),
              Match.wildcard('*/manifest.json'),
              Match.exactString('manifest.json'),
            ),
          },
        },
      },
      targets: [
        new LambdaFunction(props.fn.fn, {
          deadLetterQueue: props.failedRuns,
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
