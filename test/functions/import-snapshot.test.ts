/** The import function on dynalite and s3rver, from each upload's own S3 event: the snapshot lifecycle, its failure signals. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { child } from '../helpers/records.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.js';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';

let local: LocalAws;
let s3: LocalS3;
let handler: (event: unknown) => Promise<unknown[]>;
let iam: IamCheck;
const BUCKET = 'council-exports';
const DOMAIN = 'example-council.gov.uk';

const snapshot = (n: number) =>
  [
    JSON.stringify({ kind: 'team', id: 'T-1', name: 'North', managerEmails: [`m@${DOMAIN}`] }),
    JSON.stringify({ kind: 'worker', id: 'W-1', name: 'Sam', email: `sam@${DOMAIN}`, teamId: 'T-1' }),
    ...Array.from({ length: n }, (_, i) => JSON.stringify(child({ id: `C-${i + 1}`, teamId: 'T-1', workerId: 'W-1' }))),
  ].join('\r\n');
/** Everything logged (Powertools writes through the global console when POWERTOOLS_DEV is set). */
function captureLogs() {
  const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation(() => {}),
  );
  return () => {
    const lines = spies.flatMap((s) =>
      s.mock.calls.map((c) => c.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')),
    );
    for (const s of spies) s.mockRestore();
    return lines;
  };
}

beforeAll(async () => {
  local = await startLocalAws();
  s3 = await startLocalS3([BUCKET]);
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'Test';
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  // The authority's team for SSD cases with no team, as a stage's policy sets it.
  process.env.POLICY_JSON = JSON.stringify({ noTeamId: 'NOT-ALLOCATED' });
  iam = await iamCheck('import-snapshot');
  const run = ((await import('../../functions/import-snapshot/handler.js')) as { handler: typeof handler }).handler;
  handler = (event) => iam.run(() => run(event));
}, 60_000);
afterAll(async () => {
  await s3.stop();
  await local.stop();
});

describe('import function', () => {
  it('imports a .jsonl snapshot dropped in the bucket (a key with a space, CRLF lines)', async () => {
    const [report] = await handler(await s3.put(BUCKET, 'snapshots/2024 06 03.jsonl', snapshot(40)));
    expect(report).toMatchObject({ outcome: 'complete', counts: { cases: 40, workers: 1, teams: 1 }, closed: 0 });
    const ids: string[] = [];
    for await (const page of local.adapters.store.scanCases({ segments: 1 }))
      ids.push(...page.map((c) => (c as { id: string }).id));
    expect(ids).toHaveLength(40);
  });

  it('closes what the next snapshot lacks', async () => {
    const [report] = await handler(await s3.put(BUCKET, 'snapshots/2024-06-04.jsonl', snapshot(37)));
    expect(report).toMatchObject({ outcome: 'complete', closed: 3 });
  });

  it('refuses a shrunken snapshot: throws, logs a line the alarm counts, emits the metric, records it', async () => {
    const logs = captureLogs();
    const upload = await s3.put(BUCKET, 'snapshots/2024-06-05.jsonl', snapshot(20));
    await expect(handler(upload)).rejects.toThrow(
      'import of snapshots/2024-06-05.jsonl refused: the snapshot would close 17 of the 37 open cases (45.9 %, more than the 10 % allowed; it holds 20 cases)',
    );
    const lines = logs();
    const refused = lines.find((l) => /"message":\s*"import refused"/.test(l));
    expect(refused).toMatch(/"importOutcome":\s*"refused"/);
    expect(lines.some((l) => l.includes('"ImportsRefused"') && l.includes('"import-snapshot"'))).toBe(true);
    const [state] = await local.adapters.store.readImportStates();
    expect(state!.lastAttempt).toMatchObject({ outcome: 'refused', source: 'snapshots/2024-06-05.jsonl' });
  });

  it('fails an SSD folder whose manifest names a missing table, and records the failure', async () => {
    const logs = captureLogs();
    await s3.put(BUCKET, 'ssd/2024-06-06/ssd_person.csv', 'pers_person_id\n1\n');
    const manifest = await s3.put(
      BUCKET,
      'ssd/2024-06-06/manifest.json',
      JSON.stringify({ files: ['ssd_person.csv', 'ssd_cla_episodes.csv'] }),
    );
    await expect(handler(manifest)).rejects.toThrow(
      'the manifest lists ssd_cla_episodes.csv, missing from ssd/2024-06-06/',
    );
    const lines = logs();
    expect(lines.find((l) => /"message":\s*"import failed"/.test(l))).toMatch(/"importOutcome":\s*"failed"/);
    expect(lines.some((l) => l.includes('"ImportsFailed"') && l.includes('"import-snapshot"'))).toBe(true);
    const [state] = await local.adapters.store.readImportStates();
    expect(state!.lastAttempt).toMatchObject({ outcome: 'failed', source: 'ssd/2024-06-06/manifest.json' });
    expect(state!.lastComplete!.counts.cases).toBe(37);
  });

  it('ignores other objects (a CSV arriving before its manifest)', async () => {
    expect(await handler(await s3.put(BUCKET, 'ssd/2024-06-07/ssd_person.csv', 'pers_person_id\n'))).toEqual([
      { skipped: 'ssd/2024-06-07/ssd_person.csv' },
    ]);
  });

  it('an SSD folder: a child with no team goes to the policy’s team for cases with no team, which gets a team line', async () => {
    const ids = [...Array.from({ length: 37 }, (_, i) => `C-${i + 1}`), 'C-NT'];
    const rows = (f: (id: string) => string) => ids.map((id) => `${f(id)}\n`).join('');
    await s3.put(
      BUCKET,
      'ssd/2024-06-08/ssd_person.csv',
      `pers_person_id,pers_dob\n${rows((id) => `${id},2012-01-01`)}`,
    );
    await s3.put(
      BUCKET,
      'ssd/2024-06-08/ssd_cla_episodes.csv',
      `clae_person_id,clae_cla_episode_start_date\n${rows((id) => `${id},2023-01-10`)}`,
    );
    await s3.put(
      BUCKET,
      'ssd/2024-06-08/ssd_involvements.csv',
      `invo_person_id,invo_professional_id,invo_professional_role_id,invo_professional_team,invo_involvement_start_date\n${ids
        .filter((id) => id !== 'C-NT')
        .map((id) => `${id},W-1,CW,T-1,2023-01-10\n`)
        .join('')}`,
    );
    await s3.put(BUCKET, 'ssd/2024-06-08/directory.jsonl', snapshot(0));
    const manifest = await s3.put(
      BUCKET,
      'ssd/2024-06-08/manifest.json',
      JSON.stringify({ files: ['ssd_person.csv', 'ssd_cla_episodes.csv', 'ssd_involvements.csv', 'directory.jsonl'] }),
    );
    const [report] = await handler(manifest);
    expect(report).toMatchObject({ outcome: 'complete', counts: { cases: 38, workers: 1, teams: 2, rejected: 0 } });
    const cases: { id: string; teamId: string; workerId: string | null }[] = [];
    for await (const page of local.adapters.store.scanCases({ segments: 1 })) cases.push(...(page as typeof cases));
    expect(cases.find((c) => c.id === 'C-NT')).toMatchObject({ teamId: 'NOT-ALLOCATED' });
    expect(cases.find((c) => c.id === 'C-NT')?.workerId).toBeUndefined();
    const { teams } = await local.adapters.store.loadDirectory();
    expect(teams.find((t) => (t as { id: string }).id === 'NOT-ALLOCATED')).toMatchObject({
      name: 'Not allocated to a team',
      managerEmails: [],
    });
  });

  it('makes only AWS calls its synthesised role allows', async () => {
    await iam.assertAllowed();
  });
});
