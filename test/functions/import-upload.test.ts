/**
 * From an upload to the records: an SSD folder uploaded to s3rver as the export script does (tables, events, the
 * directory, the manifest last), each upload's own S3 event handed to the import function on dynalite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.js';
import { child } from '../helpers/records.js';

const BUCKET = 'council-exports';
const SAMPLE = new URL('../../samples/ssd/', import.meta.url);
let local: LocalAws;
let s3: LocalS3;
let iam: IamCheck;
let handler: (event: unknown) => Promise<unknown[]>;

beforeAll(async () => {
  local = await startLocalAws();
  s3 = await startLocalS3([BUCKET]);
  process.env.S3_ENDPOINT = s3.endpoint;
  // The sample export carries 4 deliberately bad rows of 39 (samples/ssd): allowed here, so that it imports.
  process.env.IMPORT_MAX_REJECTED_PERCENT = '20';
  iam = await iamCheck('import-snapshot');
  const run = ((await import('../../functions/import-snapshot/handler.js')) as { handler: typeof handler }).handler;
  handler = (event) => iam.run(() => run(event));
}, 60_000);
afterAll(async () => {
  await s3.stop();
  await local.stop();
});

const openCases = async () => {
  const ids: string[] = [];
  for await (const page of local.adapters.store.scanCases({ segments: 1 }))
    ids.push(...page.map((c) => (c as { id: string }).id));
  return ids.sort();
};

describe('an SSD folder uploaded as the export script uploads it', () => {
  const files = readdirSync(SAMPLE).filter((f) => f.endsWith('.csv') || f === 'directory.jsonl');
  let manifestEvent: unknown;
  let directoryEvent: unknown;

  it('the tables and the directory beside them start nothing', async () => {
    for (const f of files) {
      const event = await s3.put(BUCKET, `ssd/2024-06-03/${f}`, readFileSync(new URL(f, SAMPLE), 'utf8'));
      if (f === 'directory.jsonl') directoryEvent = event;
      expect(await handler(event)).toEqual([{ skipped: `ssd/2024-06-03/${f}` }]);
    }
    expect(directoryEvent).toBeDefined();
    expect(await openCases()).toEqual([]);
    expect(await local.adapters.store.readImportStates()).toEqual([]);
  });

  it('its manifest imports the folder once: cases opened, workers and teams from the directory', async () => {
    manifestEvent = await s3.put(BUCKET, 'ssd/2024-06-03/manifest.json', JSON.stringify({ files }));
    const [report] = await handler(manifestEvent);
    expect(report).toMatchObject({ outcome: 'complete', closed: 0, source: 'ssd/2024-06-03/manifest.json' });
    // The sample's 28 people converted, its 8 workers, its 3 teams and the team for cases with no team; one child
    // blocked (no date of birth) is rejected by id and kept in sight as a case that could not be read.
    expect(report).toMatchObject({
      counts: { lines: 41, rejected: 1, cases: 28, workers: 8, teams: 4 },
      notReadable: 1,
    });
    expect(await openCases()).toHaveLength(29);
  });

  it('a replayed manifest event, or the directory’s, changes nothing and marks nothing stale', async () => {
    const [before] = await local.adapters.store.readImportStates();
    expect(await handler(manifestEvent)).toEqual([{ skipped: 'ssd/2024-06-03/manifest.json' }]);
    expect(await handler(directoryEvent)).toEqual([{ skipped: 'ssd/2024-06-03/directory.jsonl' }]);
    expect(await local.adapters.store.readImportStates()).toEqual([before]);
  });

  it('a later .jsonl snapshot replaces it: the cases it lacks are closed', async () => {
    const before = await openCases();
    const kept = before.slice(0, before.length - 1);
    const lines = [
      JSON.stringify({ kind: 'team', id: 'T-1', name: 'North', managerEmails: ['m@example-council.gov.uk'] }),
      ...kept.map((id) => JSON.stringify(child({ id, teamId: 'T-1' }))),
    ];
    const [report] = await handler(await s3.put(BUCKET, 'snapshots/2024-06-04.jsonl', lines.join('\n')));
    expect(report).toMatchObject({ outcome: 'complete', closed: 1 });
    expect(await openCases()).toEqual(kept);
  });

  it('makes only AWS calls its synthesised role allows', async () => {
    await iam.assertAllowed();
  });
});
