/**
 * `deadlines ledger` against the local emulators: by day, worker and record, with what became of each email
 * (delivered, bounced, sent) from the SES events recorded on it; against a local data directory; usage and help.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, referenceOf, sentEmails, startEmulators } from '../../local/emulators.js';
import { DynamoLedger } from '../../shared/adapters/dynamodb-ledger.js';
import { createDynamoClients, deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import type { LedgerEmail } from '../../shared/ports/ledger-queries.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { handleDeliveryEvents } from '../../shared/use-cases/delivery-events.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';
import { runCli } from './capture.js';

let local: LocalAws;
let sent: Awaited<ReturnType<typeof sentEmails>>;
let delivered: string;
let bounced: string;

const parse = (stdout: string): LedgerEmail[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  local = await startLocalAws();
  await seedSynthetic(local, '2024-06-03');
  await runDailyReminders(day('2024-06-03'), {
    ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date('2024-06-03T07:00:00Z'))),
    store: local.adapters.store,
    policy: local.config.policy,
    settings: reminderSettings(local.config),
    runId: 'r1',
  });
  sent = await sentEmails(local.emulators.sesEndpoint);
  const workerMail = sent.filter((m) => referenceOf(m)!.startsWith('daily-reminder#'));
  delivered = referenceOf(workerMail[0]!)!;
  bounced = referenceOf(workerMail[1]!)!;
  const sink = {
    recordDeliveryEvent: local.adapters.ledger.recordDeliveryEvent.bind(local.adapters.ledger),
    suppressWorkerAddress: local.adapters.store.suppressWorkerAddress.bind(local.adapters.store),
  };
  const mail = (reference: string) => ({
    destination: [],
    headers: [{ name: 'X-Reminder-Reference', value: reference }],
  });
  await handleDeliveryEvents(
    [
      { eventType: 'Delivery', mail: mail(delivered) },
      { eventType: 'Bounce', mail: mail(bounced), bounce: { bounceType: 'Permanent', bouncedRecipients: [] } },
    ],
    sink,
    silentLog,
    new Date('2024-06-03T07:05:00Z'),
  );
}, 60_000);
afterAll(async () => local.stop());

const endpoint = () => ['--endpoint', local.emulators.dynamoEndpoint, '--table', local.config.LEDGER_TABLE, '--json'];

describe('deadlines ledger', () => {
  it('--date: every email of the day, with what became of each', async () => {
    const r = await runCli(['ledger', '--date', '2024-06-03', ...endpoint()]);
    expect(r.code).toBe(0);
    const emails = parse(r.stdout);
    expect(emails.map((e) => e.key).sort()).toEqual(sent.map((m) => referenceOf(m)!).sort());
    const outcome = new Map(emails.map((e) => [e.key, e.outcome]));
    expect(outcome.get(delivered)).toBe('delivered');
    expect(outcome.get(bounced)).toBe('bounced');
    const others = emails.filter((e) => e.key !== delivered && e.key !== bounced);
    expect(new Set(others.map((e) => e.outcome))).toEqual(new Set(['sent']));
    expect(emails.every((e) => e.asOf === '2024-06-03' && e.sentAt && e.subject)).toBe(true);
    expect((await runCli(['ledger', '--date', '2024-06-04', ...endpoint()])).stdout).toBe('');
  });

  it('--worker: every email to that worker, and no one else', async () => {
    const worker = delivered.split('#worker:')[1]!;
    const emails = parse((await runCli(['ledger', '--worker', worker, ...endpoint()])).stdout);
    expect(emails.map((e) => e.key)).toEqual([delivered]);
    expect(emails[0]!.events).toEqual([expect.objectContaining({ eventType: 'Delivery' })]);
  });

  it("--record: every email that announced one of the record's items, through the record index", async () => {
    const all = parse((await runCli(['ledger', '--date', '2024-06-03', ...endpoint()])).stdout);
    const recordId = all.find((e) => e.key === delivered)!.noticeKeys[0]!.split('#')[2]!;
    const expected = all.filter((e) => e.noticeKeys.some((k) => k.split('#')[2] === recordId)).map((e) => e.key);
    expect(expected.length).toBeGreaterThan(0);
    const emails = parse((await runCli(['ledger', '--record', recordId, ...endpoint()])).stdout);
    expect(emails.map((e) => e.key).sort()).toEqual(expected.sort());
    expect((await runCli(['ledger', '--record', 'NO-SUCH-RECORD', ...endpoint()])).stdout).toBe('');
  });

  it('prints one readable line per email without --json', async () => {
    const r = await runCli(['ledger', '--date', '2024-06-03', ...endpoint().slice(0, 4)]);
    const line = r.stdout.split('\n').find((l) => l.includes(delivered.split('#worker:')[1]!))!;
    expect(line).toMatch(/^2024-06-03T\S+\s+delivered\s+daily-reminder\s+worker:/);
    expect(line).toContain('Delivery@2024-06-03T07:05:00.000Z');
  });

  it('needs exactly one of --as-of, --worker, --record, and a real date (exit 2)', async () => {
    expect((await runCli(['ledger', ...endpoint()])).code).toBe(2);
    expect((await runCli(['ledger', '--date', '2024-06-03', '--worker', 'W1', ...endpoint()])).code).toBe(2);
    const bad = await runCli(['ledger', '--date', '2024-02-30', ...endpoint()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of must be a real date');
  });

  it('--help: on stdout, exit 0, one line per option with its default', async () => {
    const r = await runCli(['ledger', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--as-of <date>', '--worker <id>', '--record <id>', '--table <name>', '--data-dir <dir>'])
      expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/--region <region>.*\(default: "eu-west-2"\)|--region <region>.*\(default: "/);
  });
});

describe('deadlines ledger --data-dir (the local run’s data)', () => {
  it('reads the ledger a local run left on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-data-'));
    const emulators = await startEmulators({ dataDir: dir });
    await createTables(emulators.dynamoEndpoint, { records: 'records', ledger: 'ledger' });
    const { dynamo, doc } = createDynamoClients({ region: 'eu-west-2', endpoint: emulators.dynamoEndpoint });
    const ledger = new DynamoLedger(doc, 'ledger', 30);
    const at = new Date('2024-06-03T07:00:00Z');
    const key = 'daily-reminder#2024-06-03#worker:W9';
    const claim = await ledger.claimEmail(
      {
        key,
        kind: 'daily-reminder',
        audience: 'worker:W9',
        recipient: 'w9@example-council.gov.uk',
        asOf: '2024-06-03',
        runId: 'r',
        subject: 'Reminders',
        noticeKeys: ['notice#worker:W9#C-77#visit#2024-06-05#before-2'],
      },
      at,
      { leaseSeconds: 120, quarantineSeconds: 6 * 3600 },
    );
    if (!claim.claimed) throw new Error('the claim should succeed on an empty ledger');
    await ledger.markSent(key, claim.token, 'm-1', at);
    await ledger.recordNotices(['notice#worker:W9#C-77#visit#2024-06-05#before-2'], key, at);
    dynamo.destroy();
    await emulators.stop();

    const r = spawnSync(
      process.execPath,
      ['cli/launch.mjs', 'ledger', '--record', 'C-77', '--data-dir', dir, '--json'],
      { encoding: 'utf8', env: { ...process.env, DYNAMODB_ENDPOINT: '' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(parse(r.stdout)).toEqual([expect.objectContaining({ key, outcome: 'sent', audience: 'worker:W9' })]);
  }, 60_000);
});
