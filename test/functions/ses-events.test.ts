import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { handleDeliveryEvents } from '../../shared/use-cases/delivery-events.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { referenceOf, sentEmails } from '../../cli/local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { child } from '../helpers/records.js';

let local: LocalAws;
const DOMAIN = 'example-council.gov.uk';
let handler: typeof import('../../functions/ses-events/handler.js').handler;

beforeAll(async () => {
  local = await startLocalAws();
  await local.adapters.store.putAll([
    { entity: 'team', id: 'T-1', item: { id: 'T-1', name: 'North', managerEmails: [`manager@${DOMAIN}`] } },
    {
      entity: 'worker',
      id: 'W-1',
      item: { id: 'W-1', name: 'Sam Morgan', email: `sam@${DOMAIN}`, teamId: 'T-1', active: true },
    },
    {
      entity: 'case',
      id: 'C-1',
      item: child({
        id: 'C-1',
        workerId: 'W-1',
        teamId: 'T-1',
        periodOfCareStart: '2024-05-01',
        placement: { start: '2024-05-24', type: 'foster' },
      }) as never,
    },
  ]);
  ({ handler } = await import('../../functions/ses-events/handler.js'));
});
afterAll(async () => local.stop());

const deps = (asOf: string) => ({
  ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date(`${asOf}T07:00:00Z`))),
  store: local.adapters.store,
  policy: local.config.policy,
  settings: reminderSettings(local.config),
  runId: asOf,
});
const sns = (message: unknown, raw = JSON.stringify(message)) =>
  ({ Records: [{ Sns: { MessageId: 'm-1', Message: raw } }] }) as unknown as SNSEvent;

describe('SES delivery events (ses-events function)', () => {
  it('a permanent bounce suppresses the address, records the failure in the ledger, and sends the worker’s cases to the manager', async () => {
    await runDailyReminders(day('2024-06-03'), deps('2024-06-03'));
    const first = (await sentEmails(local.emulators.sesEndpoint)).find((m) => m.destination.to[0] === `sam@${DOMAIN}`)!;
    const reference = referenceOf(first)!;

    const summary = await handler(
      sns({
        eventType: 'Bounce',
        mail: {
          messageId: first.messageId,
          destination: [`sam@${DOMAIN}`],
          headers: [{ name: 'X-Reminder-Reference', value: reference }],
        },
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `sam@${DOMAIN}` }] },
      }),
    );
    expect(summary).toMatchObject({ suppressedAddresses: 1, recorded: 1 });

    const worker = await local.adapters.doc.send(
      new GetCommand({ TableName: local.config.RECORDS_TABLE, Key: { pk: 'DIRECTORY', sk: 'WORKER#W-1' } }),
    );
    expect(worker.Item?.emailSuppressed).toBe(true);
    const entry = await local.adapters.doc.send(
      new GetCommand({ TableName: local.config.LEDGER_TABLE, Key: { pk: `EMAIL#${reference}`, sk: 'EMAIL' } }),
    );
    expect(entry.Item).toMatchObject({
      status: 'sent',
      delivery: 'failed',
      deliveryEvents: [expect.objectContaining({ eventType: 'Bounce', permanent: true })],
    });

    await runDailyReminders(day('2024-06-04'), deps('2024-06-04'));
    const next = (await sentEmails(local.emulators.sesEndpoint)).filter((m) =>
      referenceOf(m)!.includes('#2024-06-04#'),
    );
    expect(next.map((m) => m.destination.to[0])).toEqual([`manager@${DOMAIN}`]);
    expect(next[0]!.body.text).toContain('worker email address is bouncing (W-1)');
  });

  it('a transient bounce is recorded but suppresses nothing; an unreadable message is skipped', async () => {
    const transient = await handleDeliveryEvents(
      [
        {
          eventType: 'Bounce',
          mail: { destination: [`x@${DOMAIN}`], headers: [] },
          bounce: { bounceType: 'Transient', bouncedRecipients: [] },
        },
      ],
      {
        recordDeliveryEvent: async () => {},
        suppressWorkerAddress: async () => {
          throw new Error('must not suppress');
        },
      },
      silentLog,
      new Date(),
    );
    expect(transient.suppressedAddresses).toBe(0);
    expect(await handler(sns(undefined, 'not json'))).toMatchObject({ suppressedAddresses: 0, recorded: 0 });
  });

  it('a Send event records that SES accepted the message', async () => {
    const ledgerKeys = (await sentEmails(local.emulators.sesEndpoint)).map(referenceOf);
    const manager = ledgerKeys.find((k) => k!.startsWith('manager-daily#2024-06-04#'))!;
    await handler(
      sns({
        eventType: 'Send',
        mail: {
          messageId: 'ses-456',
          destination: [`manager@${DOMAIN}`],
          headers: [{ name: 'X-Reminder-Reference', value: manager }],
        },
      }),
    );
    const entry = await local.adapters.doc.send(
      new GetCommand({ TableName: local.config.LEDGER_TABLE, Key: { pk: `EMAIL#${manager}`, sk: 'EMAIL' } }),
    );
    expect(entry.Item).toMatchObject({ acceptedMessageId: 'ses-456', acceptedAt: expect.any(String) });
  });
});
