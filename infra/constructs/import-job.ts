/**
 * The snapshot import: a file uploaded to the import bucket (`*.jsonl`, or a `manifest.json` that completes a
 * snapshot) reaches the import function as an S3 "Object Created" event through EventBridge (the bucket lives in
 * the data stack; EventBridge avoids a notification resource pointing back across stacks). The function reads the
 * bucket, reads and writes the records table, writes only its run items to the ledger. Failed deliveries go to the
 * failed-runs queue.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';

export interface ImportJobProps {
  fn: HouseFunction;
  bucket: IBucket;
  failedRuns: IQueue;
}

export class ImportJob extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ImportJobProps) {
    super(scope, id);
    props.bucket.grantRead(props.fn.fn);
    props.fn.fn.addEnvironment('IMPORT_BUCKET', props.bucket.bucketName);
    this.rule = new Rule(this, 'SnapshotUploaded', {
      description: 'A snapshot file uploaded to the import bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: Match.anyOf(Match.suffix('.jsonl'), Match.suffix('manifest.json')) },
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
