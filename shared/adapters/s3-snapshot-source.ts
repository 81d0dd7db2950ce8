/**
 * Snapshots in the data bucket: a JSON-lines object read line by line (streamed, never held whole), or a folder of
 * SSD CSV tables downloaded to a local folder for the converter. The council's export job writes `manifest.json`
 * last, so its arrival means the folder is complete; if the manifest lists files (`{"files": ["ssd_person.csv", …]}`)
 * every one must be there.
 */
import { AdapterError } from './errors.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, NotFound, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { z } from 'zod';

export function createS3Client(options: { region: string; endpoint?: string | undefined }): S3Client {
  return new S3Client({
    region: options.region,
    maxAttempts: 4,
    // A local stand-in answers path-style requests only.
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
}

const manifestSchema = z.object({ files: z.array(z.string().min(1)).max(100).optional() }).loose();

/** The folder's manifest lists a file the folder lacks, or is not a JSON object. */
export class IncompleteSnapshotError extends AdapterError {
  override readonly name = 'IncompleteSnapshotError';
}

export class S3SnapshotSource {
  constructor(private readonly s3: S3Client) {}

  /** When the object was uploaded; undefined when it is gone (expired, deleted). */
  async uploadedAt(bucket: string, key: string): Promise<Date | undefined> {
    try {
      return (await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).LastModified;
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  /** The object's lines; a byte-order mark is dropped by the line reader downstream. */
  async *lines(bucket: string, key: string): AsyncGenerator<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = object.Body as Readable;
    body.setEncoding('utf8');
    const rl = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) yield line;
  }

  async text(bucket: string, key: string): Promise<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  }

  /** Downloads the `.csv` objects (and `directory.jsonl`) beside `manifestKey` into `dir`; returns their file names. */
  async downloadFolder(bucket: string, manifestKey: string, dir: string): Promise<string[]> {
    const prefix = manifestKey.slice(0, manifestKey.length - basename(manifestKey).length);
    let manifest: z.output<typeof manifestSchema>;
    try {
      manifest = manifestSchema.parse(JSON.parse(await this.text(bucket, manifestKey)));
    } catch (error) {
      if ((error as { $metadata?: unknown }).$metadata) throw error;
      throw new IncompleteSnapshotError(`${manifestKey} is not a JSON object with an optional "files" list`, {
        cause: error,
      });
    }
    await mkdir(dir, { recursive: true });
    const written: string[] = [];
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        const name = key.slice(prefix.length);
        // Only the folder's own CSV files and directory, never a nested folder (an older export kept beside it).
        if (!(name.toLowerCase().endsWith('.csv') || name === 'directory.jsonl') || name.includes('/')) continue;
        const data = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        await writeFile(join(dir, name), (await data.Body?.transformToByteArray()) ?? new Uint8Array());
        written.push(name);
      }
    }
    const missing = (manifest.files ?? []).filter((f) => !written.some((w) => w.toLowerCase() === f.toLowerCase()));
    if (missing.length > 0)
      throw new IncompleteSnapshotError(
        `the manifest lists ${missing.join(', ')}, missing from ${prefix || 'the bucket root'}`,
      );
    return written;
  }
}
