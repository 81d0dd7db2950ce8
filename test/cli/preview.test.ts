/**
 * `deadlines preview` and `{ "asOf", "dryRun": true }`: every email of the day rendered into a folder, the same
 * emails the real run then sends, and nothing claimed, sent or recorded by the preview itself.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';
import { runCli } from './capture.js';

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws();
  await seedSynthetic(local, '2024-06-03');
}, 60_000);
afterAll(async () => local.stop());

const ledgerItems = async () =>
  (await local.adapters.doc.send(new ScanCommand({ TableName: local.config.LEDGER_TABLE }))).Items ?? [];
const index = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    key: string;
    subject: string;
    recipient: string;
    files: string[];
  }[];
const previewArgs = (dir: string, asOf = '2024-06-03') => [
  'preview',
  '--as-of',
  asOf,
  '--out',
  dir,
  '--table',
  local.config.RECORDS_TABLE,
  '--ledger',
  local.config.LEDGER_TABLE,
  '--endpoint',
  local.emulators.dynamoEndpoint,
];

describe('deadlines preview', () => {
  it('renders every email of the day into a folder, sends and records nothing; the real run then sends exactly those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-'));
    const r = await runCli(previewArgs(dir));
    expect(r.code, r.stderr).toBe(0);
    const planned = index(dir);
    expect(planned.length).toBeGreaterThan(5);
    for (const p of planned) {
      expect(readFileSync(join(dir, p.files[0]!), 'utf8')).toContain('<html');
      expect(readFileSync(join(dir, p.files[1]!), 'utf8').length).toBeGreaterThan(20);
    }
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, job: 'daily-reminders', emailsSent: planned.length });
    expect(await sentEmails(local.emulators.sesEndpoint)).toEqual([]);
    expect(await ledgerItems()).toEqual([]);

    const { handler } = await import('../../functions/daily-reminders/handler.js');
    await handler({ asOf: '2024-06-03' });
    const sent = await sentEmails(local.emulators.sesEndpoint);
    expect(sent.map((m) => referenceOf(m)).sort()).toEqual(planned.map((p) => p.key).sort());
    const subjects = new Map(sent.map((m) => [referenceOf(m), m.subject]));
    for (const p of planned) expect(subjects.get(p.key)).toBe(p.subject);

    // After the run, a preview of the same day has nothing new to announce.
    const again = mkdtempSync(join(tmpdir(), 'preview-'));
    expect((await runCli(previewArgs(again))).code).toBe(0);
    expect(index(again)).toEqual([]);
  }, 60_000);

  it('the function with "dryRun": true writes the emails under /tmp and claims nothing', async () => {
    const before = (await ledgerItems()).length;
    const { handler } = await import('../../functions/daily-reminders/handler.js');
    const result = (await handler({ asOf: '2024-06-04', dryRun: true })) as {
      dryRun: true;
      folder: string;
      emails: { key: string }[];
    };
    expect(result.dryRun).toBe(true);
    expect(result.emails.length).toBeGreaterThan(0);
    expect(index(result.folder).length).toBe(result.emails.length);
    expect(existsSync(result.folder)).toBe(true);
    expect((await ledgerItems()).length).toBe(before);
    const runs = await local.adapters.doc.send(
      new QueryCommand({
        TableName: local.config.LEDGER_TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'RUN#daily-reminders#2024-06-04' },
      }),
    );
    expect(runs.Items).toEqual([]);
  }, 60_000);

  it('rejects a missing date or an unknown job (exit 2); --help lists every option on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-'));
    expect((await runCli(['preview', '--out', dir])).code).toBe(2);
    expect((await runCli([...previewArgs(dir), '--job', 'nonsense'])).code).toBe(2);
    const help = await runCli(['preview', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--as-of <date>', '--out <dir>', '--table <name>', '--ledger <name>', '--data-dir <dir>'])
      expect(help.stdout).toContain(option);
    expect(help.stdout).toMatch(/--job <job>[\s\S]*?default: "daily-reminders"\)/);
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/ledger/);
    expect(top.stdout).toMatch(/preview/);
  });
});
