/**
 * The local stand-ins for AWS, started in-process: dynalite for DynamoDB and aws-ses-v2-local for SES, both bound
 * to 127.0.0.1 on free ports and reached through the real AWS SDK over HTTP. Used by `npm start` and the tests.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import sesLocalModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import { KEY } from '../../shared/adapters/table-design.js';

export interface Emulators {
  dynamoEndpoint: string;
  sesEndpoint: string;
  stop(): Promise<void>;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startEmulators(options: { dataDir?: string; sesPort?: number } = {}): Promise<Emulators> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: options.dataDir } : {}) });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const ses = await sesLocalModule.default({ host: '127.0.0.1', port: options.sesPort ?? 0 });
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
export const LOCAL_AWS_ENV = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'eu-west-2' } as const;

export async function createTables(endpoint: string, tables: { records: string; ledger: string }): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (const name of [tables.records, tables.ledger]) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: KEY.partition, AttributeType: 'S' },
            { AttributeName: KEY.sort, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: KEY.partition, KeyType: 'HASH' },
            { AttributeName: KEY.sort, KeyType: 'RANGE' },
          ],
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
