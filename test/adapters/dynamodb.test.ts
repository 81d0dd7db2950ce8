import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../shared/adapters/dynamodb-ledger.js';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb-record-store.js';
import type { EmailIntent } from '../../shared/ports/ledger.js';
import { type Backend, BACKENDS, startWithTables } from '../helpers/dynamodb-backends.js';
import { child } from '../helpers/records.js';
import type { Claim } from '../../shared/ports/ledger.js';

const intent = (key: string): EmailIntent => ({
  key,
  kind: 'daily-reminder',
  audience: 'worker:W-1',
  recipient: 'w@council.gov.uk',
  asOf: '2024-06-03',
  runId: 'r1',
  subject: 's',
  noticeKeys: ['n1', 'n2'],
});
const at = (iso: string) => new Date(iso);

describe.each(BACKENDS)('DynamoDB adapters on %s', (_name, start) => {
  let backend: Backend;
  let doc: DynamoDBDocumentClient;
  let store: DynamoRecordStore;
  let ledger: DynamoLedger;

  beforeAll(async () => {
    ({ backend, doc } = await startWithTables(start));
    store = new DynamoRecordStore(doc, 'records', 7);
    ledger = new DynamoLedger(doc, 'ledger', 400);
  }, 60_000);
  afterAll(async () => {
    doc.destroy();
    await backend.stop();
  });

  it('writes cases, workers and teams in batches and reads every case back with a parallel scan', async () => {
    const cases = Array.from({ length: 260 }, (_, i) => ({
      entity: 'case' as const,
      id: `C-${i}`,
      item: child({ id: `C-${i}`, visits: ['2024-01-01'] }) as unknown as Record<string, unknown>,
    }));
    const written = await store.putAll([
      ...cases,
      {
        entity: 'worker',
        id: 'W-1',
        item: { id: 'W-1', name: 'Sam', email: 'w@council.gov.uk', teamId: 'T-1', active: true },
      },
      { entity: 'team', id: 'T-1', item: { id: 'T-1', name: 'North', managerEmails: ['m@council.gov.uk'] } },
    ]);
    expect(written).toBe(262);
    for (const segments of [1, 4]) {
      const seen: unknown[] = [];
      for await (const page of store.scanCases({ segments })) seen.push(...page);
      expect(seen).toHaveLength(260);
      expect(new Set(seen.map((s) => (s as { id: string }).id)).size).toBe(260);
      expect(seen[0]).toMatchObject({ kind: 'child', entity: 'case', visits: ['2024-01-01'] });
    }
    const directory = await store.loadDirectory();
    expect(directory.workers).toEqual([expect.objectContaining({ id: 'W-1', entity: 'worker' })]);
    expect(directory.teams).toEqual([expect.objectContaining({ id: 'T-1', managerEmails: ['m@council.gov.uk'] })]);
  });

  const times = { leaseSeconds: 120, quarantineSeconds: 6 * 3600 };
  const tokenOf = (claim: Claim) => (claim.claimed ? claim.token : '');

  it('claims an email once; a second claim sees it in progress, then sent', async () => {
    const claim = await ledger.claimEmail(intent('e1'), at('2024-06-03T06:00:00Z'), times);
    expect(claim).toEqual({ claimed: true, attempt: 1, token: expect.any(String), possibleRepeat: false });
    expect(await ledger.claimEmail(intent('e1'), at('2024-06-03T06:00:30Z'), times)).toEqual({
      claimed: false,
      status: 'sending',
      noticeKeys: ['n1', 'n2'],
    });
    expect(await ledger.markSent('e1', tokenOf(claim), 'msg-1', at('2024-06-03T06:00:01Z'))).toBe(true);
    expect(await ledger.claimEmail(intent('e1'), at('2024-06-03T09:00:00Z'), times)).toMatchObject({
      claimed: false,
      status: 'sent',
    });
    const item = await doc.send(new GetCommand({ TableName: 'ledger', Key: { pk: 'EMAIL#e1', sk: 'EMAIL' } }));
    expect(item.Item).toMatchObject({ status: 'sent', messageId: 'msg-1', recipient: 'w@council.gov.uk', attempts: 1 });
    expect(item.Item?.expiresAt).toBeGreaterThan(Date.parse('2024-06-03') / 1000 + 399 * 86_400);
  });

  it('lets a claim be taken over after its lease expires, and a retryable failure be retried', async () => {
    await ledger.claimEmail(intent('e2'), at('2024-06-03T06:00:00Z'), times);
    const second = await ledger.claimEmail(intent('e2'), at('2024-06-03T06:03:00Z'), times);
    expect(second).toEqual({ claimed: true, attempt: 2, token: expect.any(String), possibleRepeat: false });
    await ledger.markFailed('e2', tokenOf(second), 'retry', 'ThrottlingException', at('2024-06-03T06:03:01Z'));
    const third = await ledger.claimEmail(intent('e2'), at('2024-06-03T06:03:02Z'), times);
    expect(third).toEqual({ claimed: true, attempt: 3, token: expect.any(String), possibleRepeat: false });
    await ledger.markFailed('e2', tokenOf(third), 'failed', 'MessageRejected', at('2024-06-03T06:03:03Z'));
    expect(await ledger.claimEmail(intent('e2'), at('2024-06-03T07:00:00Z'), times)).toMatchObject({
      claimed: false,
      status: 'failed',
    });
    expect(await ledger.emailStatuses(['e1', 'e2', 'nope'])).toEqual(
      new Map([
        ['e1', 'sent'],
        ['e2', 'failed'],
      ]),
    );
  });

  it('records and finds notices in bulk', async () => {
    const keys = Array.from({ length: 230 }, (_, i) => `notice-${i}`);
    await ledger.recordNotices(keys.slice(0, 150), 'e1', at('2024-06-03T06:00:00Z'));
    const found = await ledger.notified(keys);
    expect(found.size).toBe(150);
    expect(found.has('notice-149')).toBe(true);
    expect(found.has('notice-150')).toBe(false);
  });

  it('keeps run records', async () => {
    await ledger.saveRun({
      job: 'daily-reminders',
      asOf: '2024-06-03',
      runId: 'r1',
      startedAt: '2024-06-03T06:00:00.000Z',
      finishedAt: '2024-06-03T06:01:00.000Z',
      summary: { emailsSent: 3 },
    });
    const item = await doc.send(
      new GetCommand({
        TableName: 'ledger',
        Key: { pk: 'RUN#daily-reminders#2024-06-03', sk: '2024-06-03T06:00:00.000Z#r1' },
      }),
    );
    expect(item.Item?.summary).toEqual({ emailsSent: 3 });
  });
});
