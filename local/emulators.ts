/**
 * The local stand-ins for AWS, started in-process: dynalite for DynamoDB and aws-ses-v2-local for SES, both bound
 * to 127.0.0.1 on free ports and reached through the real AWS SDK over HTTP. Used by `npm start` and the tests.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { KEY, LEDGER_INDEXES } from '../shared/adapters/table-design.js';
import { createDynamoClients } from '../shared/composition/compose.js';

export interface Emulators {
  dynamoEndpoint: string;
  sesEndpoint: string;
  stop(): Promise<void>;
}

// The emulators (express, a mail parser, a LevelDB store) are loaded when first started, not when the command line
// starts: `deadlines evaluate` and every other command that never reaches them would otherwise load them for nothing.
async function loadEmulators() {
  const [{ default: dynalite }, sesLocalModule] = await Promise.all([import('dynalite'), import('aws-ses-v2-local')]);
  // aws-ses-v2-local is CommonJS with a default export; loaders disagree on how it surfaces in ESM.
  type StartSes = typeof sesLocalModule.default.default;
  const exported = sesLocalModule.default as unknown as StartSes | { default: StartSes };
  const startSes: StartSes = typeof exported === 'function' ? exported : exported.default;
  return { dynalite, startSes };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startEmulators(options: { dataDir?: string; sesPort?: number } = {}): Promise<Emulators> {
  const { dynalite, startSes } = await loadEmulators();
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const ses = await startSes({ host: '127.0.0.1', port: options.sesPort ?? 0 });
  const dynamoPort = (dynamo.address() as AddressInfo).port;
  const sesPort = (ses.address() as AddressInfo).port;
  return {
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    sesEndpoint: `http://127.0.0.1:${sesPort}`,
    stop: async () => {
      ses.closeAllConnections?.();
      await Promise.all([close(dynamo), close(ses)]);
    },
  };
}

/** Local credentials and region: the SDK insists on some; the emulators ignore them. */
export const LOCAL_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'eu-west-2',
} as const;

export const LOCAL_DOMAIN = 'example-council.gov.uk';

/** The functions' environment for a local run: the emulators' endpoints and a fictional council's settings. */
export function localFunctionEnv(endpoints: { dynamoEndpoint: string; sesEndpoint: string }): Record<string, string> {
  return {
    ...LOCAL_AWS_ENV,
    RECORDS_TABLE: 'records',
    LEDGER_TABLE: 'ledger',
    SENDER_ADDRESS: `Statutory reminders <reminders@${LOCAL_DOMAIN}>`,
    ALLOWED_RECIPIENT_DOMAINS: LOCAL_DOMAIN,
    CASE_LINK_TEMPLATE: `https://case-system.${LOCAL_DOMAIN}/cases/{id}`,
    SERVICE_RECIPIENTS: `head.of.service@${LOCAL_DOMAIN}`,
    SEND_RATE_PER_SECOND: '200',
    SEND_CONCURRENCY: '8',
    DYNAMODB_ENDPOINT: endpoints.dynamoEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // What aws-ses-v2-local answers to GetAccount: a production account allowed 100 messages a second.
    AWS_SES_ACCOUNT: JSON.stringify(LOCAL_SES_ACCOUNT),
  };
}

export const LOCAL_SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'EN',
    MailType: 'TRANSACTIONAL',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'Statutory reminders',
    WebsiteURL: `https://${LOCAL_DOMAIN}`,
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50_000, MaxSendRate: 100, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
};

export async function createTables(endpoint: string, tables: { records: string; ledger: string }): Promise<void> {
  const { dynamo: client } = createDynamoClients({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const name of [tables.records, tables.ledger]) {
    // The ledger's indexes, as the data stack defines them (table-design.ts).
    const indexes = name === tables.ledger ? LEDGER_INDEXES : [];
    const attributes = new Set<string>([KEY.partition, KEY.sort, ...indexes.flatMap((i) => [i.partition, i.sort])]);
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: KEY.partition, KeyType: 'HASH' },
            { AttributeName: KEY.sort, KeyType: 'RANGE' },
          ],
          ...(indexes.length
            ? {
                GlobalSecondaryIndexes: indexes.map((i) => ({
                  IndexName: i.name,
                  KeySchema: [
                    { AttributeName: i.partition, KeyType: 'HASH' as const },
                    { AttributeName: i.sort, KeyType: 'RANGE' as const },
                  ],
                  Projection: { ProjectionType: 'ALL' as const },
                })),
              }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await client.send(new DescribeTableCommand({ TableName: name }));
  }
  client.destroy();
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Everything the SES emulator has accepted. */
export async function sentEmails(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  const body = (await response.json()) as { emails: StoredEmail[] };
  return body.emails;
}

export async function clearSentEmails(sesEndpoint: string): Promise<void> {
  await fetch(`${sesEndpoint}/clear-store`, { method: 'POST' });
}

export function referenceOf(email: StoredEmail): string | undefined {
  return email.headers?.find((h) => h.name.toLowerCase() === 'x-reminder-reference')?.value;
}
