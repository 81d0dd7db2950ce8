/**
 * Settlement of emails whose outcome the claimant never learnt: SES's Send event, and a Delivery, Bounce or
 * Complaint (which SES sends only for a message it accepted) when the Send event was lost. Fixed instants, on the
 * emulators the ledger tests use.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../shared/adapters/dynamodb-ledger.js';
import type { Claim, EmailIntent } from '../../shared/ports/ledger.js';
import { type Backend, BACKENDS, startWithTables } from '../helpers/dynamodb-backends.js';

const intent = (key: string): EmailIntent => ({
  key,
  kind: 'weekly-digest',
  audience: 'team:T1',
  recipient: 'm@council.gov.uk',
  asOf: '2024-06-03',
  runId: 'r1',
  subject: 's',
  noticeKeys: [`notice#${key}#n1`],
});
const at = (hhmmss: string) => new Date(`2024-06-03T${hhmmss}Z`);
const times = { leaseSeconds: 120, quarantineSeconds: 6 * 3600 };
const token = (claim: Claim) => {
  if (!claim.claimed) throw new Error(`expected a claim, got ${claim.status}`);
  return claim.token;
};

describe.each(BACKENDS)('settling unknown outcomes on %s', (_name, start) => {
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

  /** An email whose request reached SES and got no answer (a 5xx, a timeout). */
  const unknownEmail = async (key: string) => {
    const a = token(await ledger.claimEmail(intent(key), at('06:00:00'), times));
    expect(await ledger.beginAttempt(key, a, at('06:00:01'), 120)).toBe(true);
    expect(await ledger.markFailed(key, a, 'unknown', 'InternalFailure', at('06:00:02'))).toBe(true);
  };

  it.each([
    ['Delivery', false, 'delivery'],
    ['Bounce', true, 'failed'],
    ['Bounce', false, 'bounce'],
    ['Complaint', true, 'failed'],
  ] as const)(
    'a %s event (permanent %s) settles an unknown email whose Send event was lost',
    async (eventType, permanent, delivery) => {
      const key = `settle-${eventType}-${permanent}`;
      await unknownEmail(key);
      expect(await ledger.recordDeliveryEvent(key, eventType, permanent, at('06:01:00'), `ses-${key}`)).toBe(true);
      expect(await item(key)).toMatchObject({
        status: 'sent',
        acceptedAt: '2024-06-03T06:01:00.000Z',
        acceptedMessageId: `ses-${key}`,
        delivery,
        deliveryEvents: [{ eventType, permanent, at: '2024-06-03T06:01:00.000Z' }],
      });
      expect((await item(key))?.leaseUntil).toBeUndefined();
      // Its notices are recorded, and a run after the quarantine does not send it again.
      expect(await ledger.notified([`notice#${key}#n1`])).toEqual(new Set([`notice#${key}#n1`]));
      expect(await ledger.claimEmail(intent(key), at('12:30:00'), times)).toMatchObject({
        claimed: false,
        status: 'sent',
      });
    },
  );

  it('a transient DeliveryDelay or a Reject does not count as acceptance', async () => {
    await unknownEmail('delayed');
    expect(await ledger.recordDeliveryEvent('delayed', 'DeliveryDelay', false, at('06:01:00'))).toBe(true);
    expect(await item('delayed')).toMatchObject({ status: 'unknown', delivery: 'deliverydelay' });
    expect((await item('delayed'))?.acceptedAt).toBeUndefined();
  });

  it('a second Send event, or a later Delivery, keeps the first acceptance', async () => {
    await unknownEmail('twice');
    expect(await ledger.recordDeliveryEvent('twice', 'Send', false, at('06:00:30'), 'ses-first')).toBe(true);
    expect(await ledger.recordDeliveryEvent('twice', 'Send', false, at('06:09:00'), 'ses-second')).toBe(true);
    expect(await ledger.recordDeliveryEvent('twice', 'Delivery', false, at('06:10:00'), 'ses-third')).toBe(true);
    expect(await item('twice')).toMatchObject({
      status: 'sent',
      acceptedAt: '2024-06-03T06:00:30.000Z',
      acceptedMessageId: 'ses-first',
      messageId: 'ses-first',
      sentAt: '2024-06-03T06:00:30.000Z',
      delivery: 'delivery',
    });
  });

  it('an event for an email the ledger never saw changes nothing', async () => {
    expect(await ledger.recordDeliveryEvent('never-seen', 'Delivery', false, at('06:01:00'), 'ses-x')).toBe(false);
    expect(await item('never-seen')).toBeUndefined();
  });
});
