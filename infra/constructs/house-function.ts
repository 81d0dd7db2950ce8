/**
 * The one way this product defines a Lambda function: Node.js 22 on arm64, bundled locally by esbuild (no Docker)
 * as ESM, source maps on, X-Ray tracing, its own log group with a set retention, asynchronous retries with an
 * on-failure destination, and an alarm on errors. Functions never repeat these settings. No reserved concurrency:
 * one run at a time is the run lock's job (shared/ports/run-lock.ts), so the stack deploys in any account.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface HouseFunctionProps {
  /** Path of the handler file (exports `handler`). */
  entry: string;
  description: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  logRetention: RetentionDays;
  /** Where a failed asynchronous invocation goes after its retries. */
  failureQueue: IQueue;
  alarmTopic: ITopic;
}

export class HouseFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'statutory-deadlines',
        POWERTOOLS_METRICS_NAMESPACE: 'StatutoryDeadlines',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Everything, the AWS SDK included, is bundled: what is deployed is exactly what was tested.
        externalModules: [],
        forceDockerBundling: false,
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      retryAttempts: 2,
      maxEventAge: Duration.hours(3),
      onFailure: new SqsDestination(props.failureQueue),
    });
    this.errorsAlarm = new Alarm(this, 'Errors', {
      alarmDescription: `${id} failed: check its logs; a scheduled run is retried twice, then lands in the failed-runs queue`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
