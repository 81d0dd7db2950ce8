/**
 * What AWS would refuse, refused in the tests. No emulator enforces IAM, so every SDK command a function makes on
 * the emulators is recorded (an SDK middleware, with its table or bucket and keys) and evaluated offline with
 * `@cloud-copilot/iam-simulate` against the role policy `cdk synth` gives that function: actions, resources and
 * conditions, `dynamodb:LeadingKeys` included, and the council key's use where a table or the bucket is encrypted
 * with it (evaluated with the key policy). Use:
 *
 *   const iam = await iamCheck('daily-reminders');      // the function's construct id in the service stack
 *   await iam.run(() => handler(event));                 // every AWS call made inside is recorded for it
 *   await iam.assertAllowed();                           // fails naming function, action, resource and keys
 *
 * Clients the code builds are found on their first command (the middleware is added to each client's stack then);
 * calls to a client mocked with aws-sdk-client-mock are passed in with `iam.recordCommand`.
 *
 * Local names (the emulators' tables, a test bucket) map to the deployed resources through the function's
 * synthesised environment: a call naming the table in `process.env.LEDGER_TABLE` is a call on the table the
 * function's LEDGER_TABLE names in the template.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@smithy/core/client';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { buildApp } from '../../infra/app.js';
import { importBucketName, loadStageConfig } from '../../infra/config/stage-config.js';

export interface RecordedCall {
  service: string;
  command: string;
  input: Record<string, unknown>;
}

export interface Denial {
  fn: string;
  action: string;
  resource: string;
  keys?: string[];
  result: string;
}

/** One AWS authorisation a call needs: an action on a resource, with its request context. */
export interface Authorisation {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** The resource's own policy (the key policy, the bucket policy), when it has one. */
  resourcePolicy?: unknown;
  keys?: string[];
}

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// The synthesised app, once per test file: templates and a resolver of their intrinsics to fake, consistent ARNs.

interface Synthesised {
  service: Stack;
  templates: Map<string, Json>;
  account: string;
  region: string;
  importBucket: string;
}
let synthesised: Synthesised | undefined;

function synthesise(): Synthesised {
  if (synthesised) return synthesised;
  const config = loadStageConfig('example');
  const built = buildApp(config, new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  const templates = new Map<string, Json>();
  for (const stack of [built.data, built.service]) templates.set(stack.stackName, Template.fromStack(stack).toJSON());
  synthesised = {
    service: built.service,
    templates,
    account: config.account,
    region: config.region,
    importBucket: importBucketName(config),
  };
  return synthesised;
}

/** Resolves CloudFormation intrinsics: a resource's Ref is its logical id, its Arn a fake ARN of its type. */
function resolver(s: Synthesised) {
  const resolveIn = (stackName: string, value: unknown): unknown => {
    const template = s.templates.get(stackName)!;
    const resources = template.Resources as Record<string, { Type: string; Properties?: Json }>;
    if (Array.isArray(value)) return value.map((v) => resolveIn(stackName, v));
    if (!value || typeof value !== 'object') return value;
    const [fn, arg] = Object.entries(value as Json)[0] ?? [];
    switch (fn) {
      case 'Ref': {
        const name = arg as string;
        if (name === 'AWS::Partition') return 'aws';
        if (name === 'AWS::Region') return s.region;
        if (name === 'AWS::AccountId') return s.account;
        if (name === 'AWS::URLSuffix') return 'amazonaws.com';
        if (!resources[name]) throw new Error(`unresolvable Ref ${name} in ${stackName}`);
        return name;
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        const type = resources[id]?.Type;
        if (attribute !== 'Arn' || !type) throw new Error(`unresolvable Fn::GetAtt ${id}.${attribute}`);
        return arnOf(s, type, id);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => resolveIn(stackName, p)).join(separator);
      }
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = arg as { StackName: string; OutputName: string };
        const outputs = s.templates.get(StackName)?.Outputs as Record<string, { Value: unknown }> | undefined;
        if (!outputs?.[OutputName]) throw new Error(`no output ${OutputName} in ${StackName}`);
        return resolveIn(StackName, outputs[OutputName].Value);
      }
      case 'Fn::ImportValue': {
        for (const [name, t] of s.templates)
          for (const o of Object.values((t.Outputs ?? {}) as Record<string, { Value: unknown; Export?: Json }>))
            if (o.Export?.Name === arg) return resolveIn(name, o.Value);
        throw new Error(`no export ${String(arg)}`);
      }
      default:
        return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, resolveIn(stackName, v)]));
    }
  };
  return resolveIn;
}

function arnOf(s: Synthesised, type: string, id: string): string {
  const at = `${s.region}:${s.account}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return `arn:aws:dynamodb:${at}:table/${id}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${at}:key/${id}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${at}:${id}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${at}:${id}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${at}:function:${id}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${s.account}:role/${id}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${id}`;
    case 'AWS::Scheduler::ScheduleGroup':
      return `arn:aws:scheduler:${at}:schedule-group/${id}`;
    default:
      return `arn:aws:${type.split('::')[1]!.toLowerCase()}:${at}:${id}`;
  }
}

interface FunctionPolicy {
  role: string;
  policies: { name: string; policy: unknown }[];
  environment: Record<string, string>;
}

/** The function's role (its ARN), its inline policies and its environment, resolved. */
function functionPolicy(s: Synthesised, name: string): FunctionPolicy {
  const construct = s.service.node.tryFindChild(name);
  const fn = construct?.node.findAll().find((c): c is LambdaFunction => c instanceof LambdaFunction);
  if (!fn) throw new Error(`no function ${name} in ${s.service.stackName}`);
  const template = s.templates.get(s.service.stackName)!;
  const resources = template.Resources as Record<string, { Type: string; Properties: Json }>;
  const logicalId = s.service.getLogicalId(fn.node.defaultChild as never);
  const props = resources[logicalId]!.Properties;
  const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const resolve = resolver(s);
  const policies = Object.entries(resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((x) => x.Ref === roleId),
    )
    .map(([id, r]) => ({ name: id, policy: resolve(s.service.stackName, r.Properties.PolicyDocument) }));
  const variables = ((props.Environment as Json | undefined)?.Variables ?? {}) as Json;
  const environment = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [k, String(resolve(s.service.stackName, v))]),
  );
  return { role: arnOf(s, 'AWS::IAM::Role', roleId), policies, environment };
}

/** The data stack's resource of a type whose logical id the deployed name resolved to (a table, the bucket). */
function dataResource(s: Synthesised, logicalId: string): { Type: string; Properties: Json } | undefined {
  for (const t of s.templates.values()) {
    const r = (t.Resources as Record<string, { Type: string; Properties: Json }>)[logicalId];
    if (r) return r;
  }
  return undefined;
}

/** The policy of a KMS key or a bucket, by its resolved ARN or name, resolved. */
function policyOf(s: Synthesised, type: 'AWS::KMS::Key' | 'AWS::S3::Bucket', id: string): unknown {
  const resolve = resolver(s);
  for (const [stackName, t] of s.templates) {
    const resources = t.Resources as Record<string, { Type: string; Properties: Json }>;
    if (type === 'AWS::KMS::Key' && resources[id]?.Type === type)
      return resolve(stackName, resources[id]!.Properties.KeyPolicy);
    if (type === 'AWS::S3::Bucket')
      for (const r of Object.values(resources))
        if (r.Type === 'AWS::S3::BucketPolicy' && (r.Properties.Bucket as { Ref?: string }).Ref === id)
          return resolve(stackName, r.Properties.PolicyDocument);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Recording: a middleware on every SDK client, attributing each command to the check whose `run` made it.

const current = new AsyncLocalStorage<IamCheck>();
const MIDDLEWARE = 'iamCheckRecorder';
const instrumented = new WeakSet<object>();

type Stack_ = { add(mw: unknown, options: Json): void };
function instrument(client: { middlewareStack: Stack_; config?: { serviceId?: string } }): void {
  if (instrumented.has(client)) return;
  instrumented.add(client);
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        current.getStore()?.recordCall({
          service: (context.clientName ?? '').replace(/Client$/, ''),
          command: (context.commandName ?? '').replace(/Command$/, ''),
          input: args.input,
        });
        return next(args);
      },
    // After the document client's marshalling, before serialisation: the input as the service receives it.
    { step: 'serialize', priority: 'high', name: MIDDLEWARE },
  );
}

let installed = false;
function installRecorder(): void {
  if (installed) return;
  installed = true;
  const send = Client.prototype.send as (...args: unknown[]) => unknown;
  Client.prototype.send = function (this: never, ...args: unknown[]) {
    instrument(this);
    return send.apply(this, args);
  } as never;
}

// ---------------------------------------------------------------------------------------------------------------
// From a recorded command to the authorisations AWS checks.

/** A DynamoDB attribute value as the service receives it (`{S: "x"}`) or as the document client takes it. */
const plain = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? ((v as Json).S ?? (v as Json).N ?? (v as Json).B ?? (Object.keys(v).length === 1 ? undefined : v))
    : v;
const pkOf = (item: unknown) => String(plain((item as Json | undefined)?.pk));

/** The partition value of a query's key condition (`pk = :v`, `#p = :v`). */
function queryPartition(input: Json): string | undefined {
  const expression = String(input.KeyConditionExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of expression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const attribute = names[m[1]!] ?? m[1]!;
    if (attribute === 'pk' || input.IndexName) return String(plain(values[m[2]!]));
  }
  return undefined;
}

const DYNAMO_ACTION: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

export class IamCheck {
  readonly calls: RecordedCall[] = [];
  private readonly s: Synthesised;
  private readonly policy: FunctionPolicy;

  constructor(
    readonly fn: string,
    private readonly localNames: Record<string, string> = {},
  ) {
    this.s = synthesise();
    this.policy = functionPolicy(this.s, fn);
    installRecorder();
  }

  /** The function's synthesised environment, resolved (table names are the tables' logical ids). */
  get environment(): Record<string, string> {
    return { ...this.policy.environment };
  }

  /** Runs `work`, recording every AWS call made inside it (by any client) for this function. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return current.run(this, work);
  }

  recordCall(call: RecordedCall): void {
    this.calls.push(call);
  }

  /** A command sent to a mocked client (aws-sdk-client-mock's `calls()` give `args[0]`). */
  recordCommand(service: string, command: { constructor: { name: string }; input: unknown }): void {
    this.recordCall({
      service,
      command: command.constructor.name.replace(/Command$/, ''),
      input: command.input as Json,
    });
  }

  /** The deployed name of a table, bucket or set the call names by its local name. */
  private deployed(local: string): string {
    if (this.localNames[local]) return this.localNames[local];
    for (const [variable, value] of Object.entries(this.policy.environment))
      if (process.env[variable] === local) return value;
    return local;
  }

  /** What AWS authorises for one call: its action on its resources, and the key use a service makes for it. */
  authorisations(call: RecordedCall): Authorisation[] {
    const { region, account } = this.s;
    const at = `${region}:${account}`;
    const input = call.input;
    switch (call.service) {
      case 'DynamoDB':
      case 'DynamoDBDocument': {
        const op = DYNAMO_ACTION[call.command] ?? call.command;
        const perTable: [string, string[] | undefined, string | undefined][] = [];
        if (op === 'BatchGetItem')
          for (const [table, r] of Object.entries(input.RequestItems as Record<string, { Keys: unknown[] }>))
            perTable.push([table, r.Keys.map(pkOf), undefined]);
        else if (op === 'BatchWriteItem')
          for (const [table, requests] of Object.entries(input.RequestItems as Record<string, Json[]>))
            perTable.push([
              table,
              requests.map((r) =>
                pkOf((r.PutRequest as Json | undefined)?.Item ?? (r.DeleteRequest as Json | undefined)?.Key),
              ),
              undefined,
            ]);
        else {
          const key = op === 'PutItem' ? input.Item : input.Key;
          const keys = key ? [pkOf(key)] : op === 'Query' ? [queryPartition(input) ?? '?'] : undefined;
          perTable.push([String(input.TableName), keys, input.IndexName as string | undefined]);
        }
        return perTable.flatMap(([local, keys, index]) => {
          const table = this.deployed(local);
          const context: Record<string, string | string[]> = {};
          if (keys) context['dynamodb:LeadingKeys'] = keys;
          if (input.Select) context['dynamodb:Select'] = String(input.Select);
          if (input.ReturnValues) context['dynamodb:ReturnValues'] = String(input.ReturnValues);
          const projected = String(input.ProjectionExpression ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
            .map((a) => ((input.ExpressionAttributeNames ?? {}) as Record<string, string>)[a] ?? a);
          if (projected.length) context['dynamodb:Attributes'] = projected;
          const arn = `arn:aws:dynamodb:${at}:table/${table}${index ? `/index/${index}` : ''}`;
          const needs: Authorisation[] = [
            { action: `dynamodb:${op}`, resource: arn, context, ...(keys ? { keys } : {}) },
          ];
          // A table under a customer-managed key: DynamoDB uses the key on the caller's behalf.
          const sse = dataResource(this.s, table)?.Properties.SSESpecification as Json | undefined;
          if (sse?.KMSMasterKeyId) needs.push(this.keyUse(sse.KMSMasterKeyId, 'kms:Decrypt', 'dynamodb'));
          return needs;
        });
      }
      case 'S3': {
        const bucket = this.localNames[String(input.Bucket)] ?? this.s.importBucket;
        const secure = { 'aws:SecureTransport': 'true' };
        const bucketPolicy = policyOf(this.s, 'AWS::S3::Bucket', this.bucketId());
        if (call.command === 'ListObjectsV2' || call.command === 'ListObjects')
          return [
            {
              action: 's3:ListBucket',
              resource: `arn:aws:s3:::${bucket}`,
              context: { ...secure, ...(input.Prefix !== undefined ? { 's3:prefix': String(input.Prefix) } : {}) },
              resourcePolicy: bucketPolicy,
            },
          ];
        const action = call.command === 'HeadObject' ? 's3:GetObject' : `s3:${call.command}`;
        const needs: Authorisation[] = [
          {
            action,
            resource: `arn:aws:s3:::${bucket}/${String(input.Key)}`,
            context: secure,
            resourcePolicy: bucketPolicy,
            keys: [String(input.Key)],
          },
        ];
        const encryption = (dataResource(this.s, this.bucketId())?.Properties.BucketEncryption as Json | undefined)
          ?.ServerSideEncryptionConfiguration as { ServerSideEncryptionByDefault?: Json }[] | undefined;
        const keyId = encryption?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
        if (keyId) needs.push(this.keyUse(keyId, 'kms:Decrypt', 's3'));
        return needs;
      }
      case 'SESv2': {
        if (call.command !== 'SendEmail') return [{ action: `ses:${call.command}`, resource: '*', context: {} }];
        const from = String(input.FromEmailAddress ?? '');
        const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
        const context: Record<string, string | string[]> = {
          'ses:FromAddress': address,
          'ses:ApiVersion': '2',
          'ses:Recipients': ((input.Destination as Json | undefined)?.ToAddresses as string[] | undefined) ?? [],
        };
        const needs: Authorisation[] = [
          { action: 'ses:SendEmail', resource: `arn:aws:ses:${at}:identity/${address.split('@')[1]}`, context },
        ];
        if (input.ConfigurationSetName)
          needs.push({
            action: 'ses:SendEmail',
            resource: `arn:aws:ses:${at}:configuration-set/${this.deployed(String(input.ConfigurationSetName))}`,
            context,
          });
        return needs;
      }
      case 'Scheduler': {
        const action = `scheduler:${call.command}`;
        if (call.command === 'ListSchedules') return [{ action, resource: '*', context: {} }];
        const needs: Authorisation[] = [
          {
            action,
            resource: `arn:aws:scheduler:${at}:schedule/${this.deployed(String(input.GroupName ?? 'default'))}/${String(input.Name)}`,
            context: {},
            keys: [String(input.Name)],
          },
        ];
        const role = (input.Target as Json | undefined)?.RoleArn;
        if (role) needs.push({ action: 'iam:PassRole', resource: this.deployed(String(role)), context: {} });
        return needs;
      }
      default:
        throw new Error(`no IAM model for ${call.service} ${call.command}`);
    }
  }

  private bucketId(): string {
    for (const t of this.s.templates.values())
      for (const [id, r] of Object.entries(t.Resources as Record<string, { Type: string }>))
        if (r.Type === 'AWS::S3::Bucket') return id;
    return '';
  }

  /** The use of a customer-managed key by a service on the function's behalf, checked with the key policy. */
  private keyUse(keyRef: unknown, action: string, via: string): Authorisation {
    const s = this.s;
    const template = [...s.templates.entries()].find(([, t]) =>
      JSON.stringify(t.Resources).includes(JSON.stringify(keyRef)),
    );
    const arn = String(resolver(s)(template?.[0] ?? s.service.stackName, keyRef));
    const id = arn.split('/').pop()!;
    return {
      action,
      resource: arn,
      context: { 'kms:ViaService': `${via}.${s.region}.amazonaws.com`, 'kms:CallerAccount': s.account },
      resourcePolicy: policyOf(s, 'AWS::KMS::Key', id),
    };
  }

  /** Every authorisation the recorded calls needed that the synthesised policies do not give. */
  async denied(): Promise<Denial[]> {
    const seen = new Map<string, Denial | undefined>();
    const denials: Denial[] = [];
    for (const call of this.calls) {
      for (const need of this.authorisations(call)) {
        const memo = JSON.stringify([need.action, need.resource, need.context]);
        if (seen.has(memo)) continue;
        const result = await runSimulation(
          {
            identityPolicies: this.policy.policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(need.resourcePolicy ? { resourcePolicy: need.resourcePolicy } : {}),
            request: {
              action: need.action,
              resource: { resource: need.resource, accountId: this.s.account },
              principal: this.policy.role,
              contextVariables: need.context,
            },
          },
          {},
        );
        const failed = (result as { errors?: unknown }).errors;
        const outcome = failed
          ? `error ${JSON.stringify(failed)}`
          : ((result as { result?: { analysis?: { result?: string } } }).result?.analysis?.result ?? 'unknown');
        const denial =
          outcome === 'Allowed'
            ? undefined
            : {
                fn: this.fn,
                action: need.action,
                resource: need.resource,
                ...(need.keys ? { keys: [...new Set(need.keys)] } : {}),
                result: outcome,
              };
        seen.set(memo, denial);
        if (denial) denials.push(denial);
      }
    }
    return denials;
  }

  /** Fails, naming each denied call, unless AWS would allow every recorded call; and unless calls were made. */
  async assertAllowed(): Promise<void> {
    if (this.calls.length === 0) throw new Error(`${this.fn}: no AWS call was recorded`);
    const denials = await this.denied();
    if (denials.length)
      throw new Error(
        `${this.fn}: AWS would refuse ${denials.length} call(s):\n${denials
          .map((d) => `  ${d.action} on ${d.resource}${d.keys ? ` for ${d.keys.join(', ')}` : ''} (${d.result})`)
          .join('\n')}`,
      );
  }
}

/** The IAM check of one function of the service stack, by its construct id (`daily-reminders`, `ses-events`). */
export async function iamCheck(fn: string, localNames: Record<string, string> = {}): Promise<IamCheck> {
  return new IamCheck(fn, localNames);
}
