import { unwrap } from '../../shared/templates/text.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { handleDeliveryEvents } from '../../shared/use-cases/delivery-events.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { child } from '../helpers/records.js';

let local: LocalAws;
const DOMAIN = 'example-council.gov.uk';
let handler: typeof import('../../functions/ses-events/handler.js').handler;
let sesIam: IamCheck;
let dailyIam: IamCheck;
const runDaily: typeof runDailyReminders = (...args) => dailyIam.run(() => runDailyReminders(...args));

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
  sesIam = await iamCheck('ses-events');
  dailyIam = await iamCheck('daily-reminders');
  const run = (await import('../../functions/ses-events/handler.js')).handler;
  handler = (event) => sesIam.run(() => run(event));
});
afterAll(async () => local.stop());

const deps = (asOf: string) => ({
  ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date(`${asOf}T07:00:00Z`))),
  store: local.adapters.store,
  policy: local.config.policy,
  settings: reminderSettings(local.config),
  runId: asOf,
});
const SOURCE = `reminders@${DOMAIN}`;
const sns = (message: unknown, raw = JSON.stringify(message)) =>
  ({ Records: [{ Sns: { MessageId: 'm-1', Message: raw } }] }) as unknown as SNSEvent;

describe('SES delivery events (ses-events function)', () => {
  it('a permanent bounce suppresses the address, records the failure in the ledger, and sends the worker’s cases to the manager', async () => {
    await runDaily(day('2024-06-03'), deps('2024-06-03'));
    const first = (await sentEmails(local.emulators.sesEndpoint)).find((m) => m.destination.to[0] === `sam@${DOMAIN}`)!;
    const reference = referenceOf(first)!;

    const summary = await handler(
      sns({
        eventType: 'Bounce',
        mail: {
          messageId: first.messageId,
          source: SOURCE,
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

    await runDaily(day('2024-06-04'), deps('2024-06-04'));
    const next = (await sentEmails(local.emulators.sesEndpoint)).filter((m) =>
      referenceOf(m)!.includes('#2024-06-04#'),
    );
    expect(next.map((m) => m.destination.to[0])).toEqual([`manager@${DOMAIN}`]);
    expect(unwrap(next[0]!.body.text!)).toContain(
      'W-1 (Sam Morgan): email address is bouncing: 1 case not being reminded',
    );
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
        recordDeliveryEvent: async () => true,
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
          source: SOURCE,
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

  it('rejects an event from another deployment (sender or configuration set) and changes nothing', async () => {
    const keys = (await sentEmails(local.emulators.sesEndpoint)).map(referenceOf);
    const key = keys.find((k) => k!.startsWith('daily-reminder#2024-06-03#'))!;
    const logs: unknown[][] = [];
    const log = { info() {}, warn: (...a: unknown[]) => logs.push(a), error() {} };
    const sink = {
      recordDeliveryEvent: async () => {
        throw new Error('must not record');
      },
      suppressWorkerAddress: async () => {
        throw new Error('must not suppress');
      },
    };
    const bounce = (source: string, tags?: Record<string, string[]>) => ({
      eventType: 'Bounce' as const,
      mail: {
        source,
        ...(tags ? { tags } : {}),
        destination: [`sam@${DOMAIN}`],
        headers: [{ name: 'X-Reminder-Reference', value: key }],
      },
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `sam@${DOMAIN}` }] },
    });
    const identity = { configurationSet: 'reminders-prod', senderAddress: `Reminders <${SOURCE}>` };
    const summary = await sesIam.run(() =>
      handleDeliveryEvents(
        [
          bounce(`someone@elsewhere.gov.uk`, { 'ses:configuration-set': ['reminders-prod'] }),
          bounce(SOURCE, { 'ses:configuration-set': ['reminders-staging'] }),
          bounce(SOURCE),
        ],
        sink,
        log,
        new Date(),
        identity,
      ),
    );
    expect(summary).toMatchObject({ rejected: 3, recorded: 0, suppressedAddresses: 0 });
    expect(logs.map((l) => (l[1] as { reason: string }).reason)).toEqual([
      'source does not match',
      'configuration set does not match',
      'configuration set does not match',
    ]);
    // Through the function (this deployment has no configuration set): the sender must match.
    expect(
      await handler(sns({ ...bounce('x@elsewhere.gov.uk'), mail: { ...bounce('x@elsewhere.gov.uk').mail } })),
    ).toMatchObject({ rejected: 1, suppressedAddresses: 0 });
  });

  it('logs and ignores a Send event for an email the ledger never saw', async () => {
    const logs: unknown[][] = [];
    const summary = await sesIam.run(() =>
      handleDeliveryEvents(
        [
          {
            eventType: 'Send',
            mail: {
              messageId: 'ses-stray',
              source: SOURCE,
              destination: [`manager@${DOMAIN}`],
              headers: [{ name: 'X-Reminder-Reference', value: `manager-daily#2099-01-01#team:T-9#boss@${DOMAIN}` }],
            },
          },
        ],
        {
          recordDeliveryEvent: local.adapters.ledger.recordDeliveryEvent.bind(local.adapters.ledger),
          suppressWorkerAddress: async () => [],
        },
        { info() {}, warn: (...a: unknown[]) => logs.push(a), error() {} },
        new Date(),
      ),
    );
    expect(summary).toMatchObject({ unknownEmails: 1, ignored: 1, recorded: 0 });
    expect(logs).toHaveLength(1);
    // The key is logged redacted: the manager's address never appears.
    expect(JSON.stringify(logs)).not.toContain('boss@');
    expect(logs[0]![1]).toMatchObject({
      messageId: 'ses-stray',
      emailKey: 'manager-daily#2099-01-01#team:T-9#<recipient>',
    });
  });

  it('a permanent bounce of a manager address suppresses it, logging ids only, and the team is rerouted to the heads of service', async () => {
    const logs: unknown[][] = [];
    const capture = { info() {}, warn: (...a: unknown[]) => logs.push(a), error: (...a: unknown[]) => logs.push(a) };
    const summary = await sesIam.run(() =>
      handleDeliveryEvents(
        [
          {
            eventType: 'Bounce',
            mail: { source: SOURCE, destination: [`manager@${DOMAIN}`], headers: [] },
            bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `manager@${DOMAIN}` }] },
          },
        ],
        {
          recordDeliveryEvent: local.adapters.ledger.recordDeliveryEvent.bind(local.adapters.ledger),
          suppressWorkerAddress: local.adapters.store.suppressWorkerAddress.bind(local.adapters.store),
          suppressAddress: local.adapters.ledger.suppressAddress.bind(local.adapters.ledger),
        },
        capture,
        new Date(),
        { configurationSet: undefined, senderAddress: SOURCE },
      ),
    );
    expect(summary.suppressedAddresses).toBe(1);
    expect(await local.adapters.ledger.suppressedAddresses([`manager@${DOMAIN}`])).toEqual(
      new Set([`manager@${DOMAIN}`]),
    );

    const runLogs: unknown[][] = [];
    const d = deps('2024-06-06');
    const result = await runDaily(day('2024-06-06'), {
      ...d,
      log: { info() {}, warn: (...a: unknown[]) => runLogs.push(a), error: (...a: unknown[]) => runLogs.push(a) },
    });
    // Sam's address bounces (first test) and the manager's too: the case goes to the heads of service.
    expect(result.unreachableToHeadsOfService).toBe(1);
    const mail = (await sentEmails(local.emulators.sesEndpoint)).filter((m) =>
      referenceOf(m)!.includes('#2024-06-06#'),
    );
    expect(mail.map((m) => m.destination.to[0])).toEqual(local.config.SERVICE_RECIPIENTS);
    expect(runLogs.map((l) => l[0])).toContain(
      'team has no usable manager address: its unreachable cases go to the heads of service',
    );
    expect(JSON.stringify([...logs, ...runLogs])).not.toMatch(/@/);
  });

  it.each([
    ['Delivery', { delivery: { recipients: [`manager@${DOMAIN}`] } }, { recorded: 1, suppressedAddresses: 0 }],
    [
      'Complaint',
      { complaint: { complainedRecipients: [{ emailAddress: `manager@${DOMAIN}` }] } },
      { recorded: 1, suppressedAddresses: 1 },
    ],
  ])('a %s event is recorded on its email through the function', async (eventType, detail, expected) => {
    const manager = (await sentEmails(local.emulators.sesEndpoint))
      .map(referenceOf)
      .find((k) => k!.startsWith('manager-daily#2024-06-04#'))!;
    const summary = await handler(
      sns({
        eventType,
        mail: {
          messageId: `ses-${eventType}`,
          source: SOURCE,
          destination: [`manager@${DOMAIN}`],
          headers: [{ name: 'X-Reminder-Reference', value: manager }],
        },
        ...detail,
      }),
    );
    expect(summary).toMatchObject(expected);
  });

  it.each([
    ['ses-events', () => sesIam],
    ['daily-reminders', () => dailyIam],
  ])('%s makes only AWS calls its synthesised role allows', async (_name, check) => {
    await check().assertAllowed();
  });
});
