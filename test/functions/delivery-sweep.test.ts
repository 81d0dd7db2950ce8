/**
 * The delivery-sweep function, as Lambda runs it (its handler, cold start from the environment, the run lock,
 * metrics), on the emulators: an email the morning's daily run left unknown is sent by the invocation at 14:30
 * (London), once, saying it may be a repeat; a second invocation finds nothing to do. The handler reads the time
 * from `Date`, fixed here (only `Date` is faked, no timer).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { type EmailSender, EmailSendError } from '../../shared/ports/email-sender.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { silentLog } from '../helpers/fakes.js';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

let local: LocalAws;
let unknownKey: string | undefined;
let iam: IamCheck;

beforeAll(async () => {
  local = await startLocalAws();
  iam = await iamCheck('delivery-sweep');
  // A Tuesday morning's run, at 08:00 London time.
  const then = new Date('2024-06-04T07:00:00Z');
  const asOf = day('2024-06-04');
  await seedSynthetic(local, '2024-06-04', { children: 30, leavers: 5, workers: 6 });
  const sender: EmailSender = {
    async send(email) {
      unknownKey ??= email.reference;
      if (email.reference === unknownKey)
        throw new EmailSendError('SES InternalFailure (500)', 'unknown', 'InternalFailure');
      return local.adapters.sender.send(email);
    },
  };
  const summary = await runDailyReminders(asOf, {
    ...deliveryDeps(local.config, { ...local.adapters, sender }, silentLog, { now: () => then }),
    store: local.adapters.store,
    policy: local.config.policy,
    settings: reminderSettings(local.config),
    runId: 'morning',
  });
  expect(summary).toMatchObject({ unknown: 1, failed: 0 });
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await local.stop();
});

describe('delivery-sweep function', () => {
  it('sends the unknown email once, as a possible repeat, and then finds nothing', async () => {
    const before = (await sentEmails(local.emulators.sesEndpoint)).length;
    const { handler: run } = await import('../../functions/delivery-sweep/handler.js');
    const handler = (event: Parameters<typeof run>[0]) => iam.run(() => run(event));
    // 14:30 London, the first sweep past the quarantine (6 hours after 08:00).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2024-06-04T13:30:00Z') });
    const first = await handler({ scheduledTime: '2024-06-04T13:30:00Z' });
    expect(first).toMatchObject({
      job: 'delivery-sweep',
      unsettled: 1,
      due: 1,
      reruns: 1,
      emailsSent: 1,
      possibleRepeats: 1,
      failed: 0,
      inProgress: 0,
      unsettledAfterQuarantine: 0,
    });
    const mail = await sentEmails(local.emulators.sesEndpoint);
    expect(mail).toHaveLength(before + 1);
    const copy = mail.filter((m) => referenceOf(m) === unknownKey);
    expect(copy).toHaveLength(1);
    expect(copy[0]!.headers?.find((h) => h.name === 'X-Reminder-Possible-Repeat')?.value).toBe('true');
    expect(await handler({})).toMatchObject({ unsettled: 0, due: 0, reruns: 0, emailsSent: 0 });
  }, 60_000);

  it('makes only AWS calls its synthesised role allows', async () => {
    await iam.assertAllowed();
  });
});
