import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { IncompleteSnapshotError, S3SnapshotSource } from '../../shared/adapters/s3-snapshot-source.js';

/** An S3 client whose every object reads as `text`. */
const s3With = (text: string) =>
  ({ send: async () => ({ Body: { transformToString: async () => text } }) }) as unknown as S3Client;

describe('the snapshot folder manifest', () => {
  it.each([
    ['not JSON', '{ files: ', SyntaxError],
    ['a list of files of the wrong kind', '{"files": [1]}', Error],
  ])('that is %s is refused as incomplete, keeping the parse error as cause', async (_name, text, causeType) => {
    const source = new S3SnapshotSource(s3With(text));
    const error = await source.downloadFolder('bucket', 'ssd/2024-06-03/manifest.json', '/tmp/unused').catch((e) => e);
    expect(error).toBeInstanceOf(IncompleteSnapshotError);
    expect(error.message).toBe('ssd/2024-06-03/manifest.json is not a JSON object with an optional "files" list');
    expect(error.cause).toBeInstanceOf(causeType);
  });
});
