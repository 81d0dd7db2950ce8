/**
 * The ledger's takeover and fencing rules, deterministically (fixed instants, no timers), on dynalite and on AWS's
 * DynamoDB Local: every write after a claim holds only under the claim's token; `sent` is never changed back;
 * acceptance by SES (`acceptedAt`) blocks every takeover and turns any status into `sent`; an unknown outcome, or an
 * expired claim that handed its message to SES, waits out the quarantine; keys of awkward ids never collide.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../shared/adapters/dynamodb-ledger.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { escaped, keyPart, ledgerKey, tagged } from '../../shared/domain/ledger-key.js';
import type { Obligation } from '../../shared/domain/obligations.js';
import { noticeKey } from '../../shared/domain/reminders.js';
import type { Claim, EmailIntent } from '../../shared/ports/ledger.js';
import { type Backend, BACKENDS, startWithTables } from '../helpers/dynamodb-backends.js';

const intent = (key: string): EmailIntent => ({
  key,
  kind: 'daily-reminder',
  audience: 'worker:W-1',
  recipient: 'w@council.gov.uk',
  asOf: '2024-06-03',
  runId: 'r1',
  subject: 's',
  noticeKeys: [`${key}/n1`],
});
const at = (hhmmss: string) => new Date(`2024-06-03T${hhmmss}Z`);
const times = { leaseSeconds: 120, quarantineSeconds: 6 * 3600 };
const token = (claim: Claim) => {
  if (!claim.claimed) throw new Error(`expected a claim, got ${claim.status}`);
  return claim.token;
};

describe('ledger keys', () => {
  it('escape separators so that ids with #, : and spaces never collide, and leave plain ids as they were', () => {
    expect(keyPart('W-001')).toBe('W-001');
    expect(keyPart('a#b:c d%')).toBe('a%23b%3Ac%20d%25');
    expect(ledgerKey('daily-reminder', '2024-06-03', escaped(tagged('worker', 'W001')))).toBe(
      'daily-reminder#2024-06-03#worker:W001',
    );
    // Under plain joining, worker "A#x" and worker "A" + a suffix "x" share a key; escaped, they do not.
    const ids = ['A', 'A#x', 'A:x', 'A x', 'A%23x', 'worker:A', 'A#', '#A'];
    const keys = ids.map((id) => ledgerKey('daily-reminder', '2024-06-03', escaped(tagged('worker', id))));
    expect(new Set(keys).size).toBe(ids.length);
    const o = (recordId: string) =>
      ({ recordId, obligation: 'visit', due: day('2024-06-10') }) as unknown as Obligation;
    const notices = [
      noticeKey(tagged('worker', 'W#1'), o('C'), 'before-7'),
      noticeKey(tagged('worker', 'W'), o('1#C'), 'before-7'),
      noticeKey(tagged('worker', 'W'), o('1 C'), 'before-7'),
      noticeKey(tagged('worker', 'W:1'), o('C'), 'before-7'),
    ];
    expect(new Set(notices).size).toBe(4);
    expect(noticeKey(tagged('worker', 'W1'), o('C1'), 'before-7')).toBe(
      'notice#worker:W1#C1#visit#2024-06-10#before-7',
    );
  });
});

describe.each(BACKENDS)('ledger fencing on %s', (_name, start) => {
  let backend: Backend;
  let doc: DynamoDBDocumentClient;
  let ledger: DynamoLedger;
  const item = async (key: string) =>
    (await doc.send(new GetCommand({ TableName: 'ledger', Key: { pk: `EMAIL#${key}`, sk: 'EMAIL' } }))).Item;

  beforeAll(async () => {
    ({ backend, doc } = await startWithTables(start));
    ledger = new DynamoLedger(doc, 'ledger', 400);
  }, 60_000);
  afterAll(async () => backend.stop());

  it('a claimant slower than its lease cannot send, mark sent or mark failed after another run took over', async () => {
    const a = token(await ledger.claimEmail(intent('slow'), at('06:00:00'), times));
    const b = token(await ledger.claimEmail(intent('slow'), at('06:02:01'), times));
    expect(b).not.toBe(a);
    expect(await ledger.beginAttempt('slow', a, at('06:02:02'), 120)).toBe(false);
    expect(await ledger.beginAttempt('slow', b, at('06:02:02'), 120)).toBe(true);
    expect(await ledger.markSent('slow', b, 'msg-b', at('06:02:03'))).toBe(true);
    // A's late failure would have turned B's `sent` back into `retry`, and a third run would have sent again.
    expect(await ledger.markFailed('slow', a, 'retry', 'TimeoutError', at('06:02:04'))).toBe(false);
    expect(await ledger.markSent('slow', a, 'msg-a', at('06:02:05'))).toBe(false);
    expect(await item('slow')).toMatchObject({ status: 'sent', messageId: 'msg-b', attempts: 2 });
    expect(await ledger.claimEmail(intent('slow'), at('09:00:00'), times)).toMatchObject({
      claimed: false,
      status: 'sent',
    });
  });

  it('sent is never downgraded, not even by its own claimant', async () => {
    const a = token(await ledger.claimEmail(intent('final'), at('06:00:00'), times));
    expect(await ledger.markSent('final', a, 'msg-1', at('06:00:01'))).toBe(true);
    expect(await ledger.markFailed('final', a, 'failed', 'MessageRejected', at('06:00:02'))).toBe(false);
    expect(await ledger.markFailed('final', a, 'unknown', 'TimeoutError', at('06:00:02'))).toBe(false);
    expect((await item('final'))?.status).toBe('sent');
  });

  it('an accepted email is never taken over from retry, and the acceptance makes it sent', async () => {
    const a = token(await ledger.claimEmail(intent('acc-retry'), at('06:00:00'), times));
    expect(await ledger.markFailed('acc-retry', a, 'retry', 'ThrottlingException', at('06:00:01'))).toBe(true);
    expect(await ledger.recordAcceptance('acc-retry', 'ses-1', at('06:00:05'))).toBe(true);
    expect(await ledger.claimEmail(intent('acc-retry'), at('06:10:00'), times)).toMatchObject({
      claimed: false,
      status: 'sent',
    });
    expect(await item('acc-retry')).toMatchObject({ status: 'sent', acceptedMessageId: 'ses-1' });
    expect(await ledger.notified(['acc-retry/n1'])).toEqual(new Set(['acc-retry/n1']));
  });

  it('an accepted email is never taken over from sending after its lease, and is repaired to sent', async () => {
    const a = token(await ledger.claimEmail(intent('acc-sending'), at('06:00:00'), times));
    expect(await ledger.beginAttempt('acc-sending', a, at('06:00:01'), 120)).toBe(true);
    // The Send event arrives; the claimant died before marking it sent.
    expect(await ledger.recordDeliveryEvent('acc-sending', 'Send', false, at('06:00:02'), 'ses-2')).toBe(true);
    expect(await ledger.claimEmail(intent('acc-sending'), at('13:00:00'), times)).toMatchObject({
      claimed: false,
      status: 'sent',
    });
    expect(await ledger.markFailed('acc-sending', a, 'unknown', 'TimeoutError', at('13:00:01'))).toBe(false);
    expect((await item('acc-sending'))?.status).toBe('sent');
  });

  it('a second Send event for the same email keeps the first acceptance: its time, message id and sent time', async () => {
    const a = token(await ledger.claimEmail(intent('acc-twice'), at('06:00:00'), times));
    expect(await ledger.beginAttempt('acc-twice', a, at('06:00:01'), 120)).toBe(true);
    expect(await ledger.recordDeliveryEvent('acc-twice', 'Send', false, at('06:00:02'), 'ses-first')).toBe(true);
    // SES delivers events at least once: the same or a later Send event arrives again an hour on.
    expect(await ledger.recordDeliveryEvent('acc-twice', 'Send', false, at('07:00:00'), 'ses-second')).toBe(true);
    expect(await item('acc-twice')).toMatchObject({
      status: 'sent',
      acceptedAt: '2024-06-03T06:00:02.000Z',
      acceptedMessageId: 'ses-first',
      messageId: 'ses-first',
      sentAt: '2024-06-03T06:00:02.000Z',
    });
  });

  it('an entry written before fencing, accepted but left in retry, is never taken over', async () => {
    // The old ledger recorded a Send event without changing the status, and an unfenced failure could follow it.
    await doc.send(
      new PutCommand({
        TableName: 'ledger',
        Item: {
          pk: 'EMAIL#legacy',
          sk: 'EMAIL',
          ...intent('legacy'),
          emailKey: 'legacy',
          status: 'retry',
          attempts: 1,
          acceptedAt: '2024-06-03T06:00:02.000Z',
          acceptedMessageId: 'ses-old',
        },
      }),
    );
    expect(await ledger.claimEmail(intent('legacy'), at('07:00:00'), times)).toMatchObject({
      claimed: false,
      status: 'sent',
    });
    expect(await item('legacy')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('an acceptance arriving on a failed email makes it sent', async () => {
    const a = token(await ledger.claimEmail(intent('acc-failed'), at('06:00:00'), times));
    expect(await ledger.markFailed('acc-failed', a, 'failed', 'MessageRejected', at('06:00:01'))).toBe(true);
    await ledger.recordAcceptance('acc-failed', 'ses-3', at('06:00:02'));
    expect(await ledger.emailStatuses(['acc-failed'])).toEqual(new Map([['acc-failed', 'sent']]));
  });

  it('an unknown outcome waits out the quarantine, then is claimed once as a possible repeat', async () => {
    const a = token(await ledger.claimEmail(intent('unknown'), at('06:00:00'), times));
    expect(await ledger.beginAttempt('unknown', a, at('06:00:01'), 120)).toBe(true);
    expect(await ledger.markFailed('unknown', a, 'unknown', 'TimeoutError', at('06:00:11'))).toBe(true);
    expect(await ledger.claimEmail(intent('unknown'), at('06:05:00'), times)).toMatchObject({
      claimed: false,
      status: 'unknown',
    });
    expect(await ledger.claimEmail(intent('unknown'), at('12:00:10'), times)).toMatchObject({ claimed: false });
    const late = await ledger.claimEmail(intent('unknown'), at('12:00:12'), times);
    expect(late).toMatchObject({ claimed: true, attempt: 2, possibleRepeat: true });
    expect(await ledger.claimEmail(intent('unknown'), at('12:00:13'), times)).toMatchObject({
      claimed: false,
      status: 'sending',
    });
  });

  it('an expired claim that handed its message to SES is not taken over until the quarantine has passed', async () => {
    const a = token(await ledger.claimEmail(intent('handed'), at('06:00:00'), times));
    expect(await ledger.beginAttempt('handed', a, at('06:00:05'), 120)).toBe(true);
    expect(await ledger.claimEmail(intent('handed'), at('06:03:00'), times)).toMatchObject({
      claimed: false,
      status: 'unknown',
    });
    expect(await ledger.claimEmail(intent('handed'), at('12:00:06'), times)).toMatchObject({
      claimed: true,
      possibleRepeat: true,
    });
  });

  it('an expired claim that never reached SES is taken over at once, not as a repeat', async () => {
    await ledger.claimEmail(intent('dead'), at('06:00:00'), times);
    expect(await ledger.claimEmail(intent('dead'), at('06:02:01'), times)).toMatchObject({
      claimed: true,
      possibleRepeat: false,
    });
  });

  it('keeps emails with colliding-looking ids apart', async () => {
    const k1 = ledgerKey('daily-reminder', '2024-06-03', escaped(tagged('worker', 'A#B')));
    const k2 = ledgerKey('daily-reminder', '2024-06-03', escaped(tagged('worker', 'A')), 'B');
    const t1 = token(await ledger.claimEmail(intent(k1), at('06:00:00'), times));
    await ledger.markSent(k1, t1, 'm1', at('06:00:01'));
    expect(await ledger.claimEmail(intent(k2), at('06:00:02'), times)).toMatchObject({ claimed: true });
  });

  it('records suppressed addresses', async () => {
    await ledger.suppressAddress('Boss@Council.gov.uk', 'Bounce', at('06:00:00'));
    expect(await ledger.suppressedAddresses(['boss@council.gov.uk', 'other@council.gov.uk'])).toEqual(
      new Set(['boss@council.gov.uk']),
    );
  });
});
