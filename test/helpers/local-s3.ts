/**
 * S3 for tests: s3rver (an S3-compatible server from npm) in-process on 127.0.0.1, like dynalite, so the real SDK
 * client, its streaming, listing and HeadObject are exercised. Objects are uploaded with PutObject, and each upload's
 * S3 event (s3rver emits one per object created) is kept, so a test can hand the function the event the upload made.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver, { type S3rverEvent } from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';
import { LOCAL_AWS_ENV } from '../../local/emulators.js';

export interface LocalS3 {
  endpoint: string;
  /** Uploads an object; resolves with the S3 event its creation made (as an S3 event notification). */
  put(bucket: string, key: string, body: string): Promise<S3rverEvent>;
  stop(): Promise<void>;
}

// s3rver checks signatures against its own account: the emulators' credentials are added to it, so the functions
// and the CLI reach it with the same local credentials as dynalite and aws-ses-v2-local.
DUMMY_ACCOUNT.createKeyPair(LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY);

export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: LOCAL_AWS_ENV.AWS_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
  const events: S3rverEvent[] = [];
  server.on('event', (event) => events.push(event));
  return {
    endpoint,
    put: async (bucket, key, body) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      const event = events.findLast((e) => e.Records[0]?.s3.object.key === key);
      if (!event) throw new Error(`s3rver made no event for ${key}`);
      return event;
    },
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
