/**
 * The delivery sweep on the emulators (dynalite and aws-ses-v2-local): what a run leaves unsettled (SES answering
 * 5xx without sending, a claim abandoned by a run that died) is sent by the sweep, once, after the quarantine (at
 * once for a claim that never reached SES), for the daily, escalation and digest emails alike; an email whose Send
 * event was lost but whose Delivery event arrived is never sent again; an email still unknown after a re-send
 * raises the alarm's count. Fixed instants; the sender wraps the real SES client and fails where the test says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptersFor, JOBS, type Job, runJob, seed } from '../../cli/faults/scenarios.js';
import { syntheticCaseload } from '../../cli/synthetic/authority.js';
import {
  clearSentEmails,
  createTables,
  type Emulators,
  LOCAL_AWS_ENV,
  LOCAL_DOMAIN,
  referenceOf,
  sentEmails,
  startEmulators,
} from '../../local/emulators.js';
import { DynamoLedgerQueries } from '../../shared/adapters/dynamodb-ledger-queries.js';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { runDeliverySweep } from '../../shared/composition/delivery-sweep.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { type EmailSender, EmailSendError, type OutgoingEmail } from '../../shared/ports/email-sender.js';
import { handleDeliveryEvents } from '../../shared/use-cases/delivery-events.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';

const quiet = { info() {}, warn() {}, error() {} };
const AS_OF = '2024-11-11';
const at = (hhmm: string) => new Date(`${AS_OF}T${hhmm}:00Z`);

let emulators: Emulators;
beforeAll(async () => {
  Object.assign(process.env, LOCAL_AWS_ENV);
  emulators = await startEmulators();
}, 60_000);
afterAll(async () => emulators.stop());

/** How the wrapped sender answers a send to the email with this reference. */
type Fault = 'unsent-5xx' | 'sent-then-timeout';

let tableCount = 0;
async function world() {
  const tables = { records: `sweep-records-${++tableCount}`, ledger: `sweep-ledger-${tableCount}` };
  await createTables(emulators.dynamoEndpoint, tables);
  const { config, adapters } = adaptersFor(emulators, tables);
  await seed(
    adapters,
    syntheticCaseload({
      asOf: day(AS_OF),
      seed: 2,
      children: 30,
      leavers: 8,
      teams: 3,
      workers: 7,
      domain: LOCAL_DOMAIN,
    }),
  );
  await clearSentEmails(emulators.sesEndpoint);
  // The first email sent fails as the test says (once, or every time); its key is `failedKey`.
  let mode: { fault: Fault; always: boolean } | undefined;
  let failedKey: string | undefined;
  let failures = 0;
  const sender: EmailSender = {
    async send(email: OutgoingEmail) {
      if (mode && failedKey === undefined) failedKey = email.reference;
      const fault = mode && email.reference === failedKey && (mode.always || failures === 0) ? mode.fault : undefined;
      if (fault) failures++;
      if (fault === 'unsent-5xx') throw new EmailSendError('SES InternalFailure (500)', 'unknown', 'InternalFailure');
      const result = await adapters.sender.send(email);
      if (fault === 'sent-then-timeout') throw new EmailSendError('SES TimeoutError', 'unknown', 'ETIMEDOUT');
      return result;
    },
  };
  const deps = (now: Date, extra: Partial<DailyDeps> = {}): DailyDeps => ({
    ...deliveryDeps(config, { ...adapters, sender }, quiet, { now: () => now }),
    sleep: async () => {},
    store: adapters.store,
    policy: config.policy,
    settings: reminderSettings(config),
    runId: `run-${now.toISOString()}`,
    ...extra,
  });
  const queries = new DynamoLedgerQueries(adapters.doc, tables.ledger);
  return {
    adapters,
    settings: reminderSettings(config),
    failFirst(fault: Fault, always = false) {
      mode = { fault, always };
    },
    get failedKey() {
      return failedKey;
    },
    run: (job: Job, now: Date, extra: Partial<DailyDeps> = {}) => runJob(job, day(AS_OF), deps(now, extra)),
    sweep: (now: Date) => runDeliverySweep(deps(now), queries),
    copiesOf: async (key: string) => (await sentEmails(emulators.sesEndpoint)).filter((m) => referenceOf(m) === key),
    total: async () => (await sentEmails(emulators.sesEndpoint)).length,
    destroy() {
      adapters.dynamo.destroy();
      adapters.ses.destroy();
    },
  };
}

const repeatHeader = (m: { headers?: { name: string; value: string }[] }) =>
  m.headers?.find((h) => h.name === 'X-Reminder-Possible-Repeat')?.value;

describe('the delivery sweep', () => {
  it.each(JOBS)(
    '%s: an email SES answered 5xx without sending is sent once by the sweep after the quarantine, saying it may be a repeat',
    async (job) => {
      const w = await world();
      w.failFirst('unsent-5xx');
      const run = await w.run(job, at('07:00'));
      const key = w.failedKey!;
      expect(run).toMatchObject({ unknown: 1, failed: 0, inProgress: 0 });
      const afterRun = await w.total();
      expect(await w.copiesOf(key)).toEqual([]);

      // Inside the quarantine: found, left alone.
      expect(await w.sweep(at('07:30'))).toMatchObject({
        job: 'delivery-sweep',
        asOf: AS_OF,
        daysSwept: ['2024-11-09', '2024-11-10', '2024-11-11'],
        unsettled: 1,
        due: 0,
        waiting: 1,
        reruns: 0,
        emailsSent: 0,
        unsettledAfterQuarantine: 0,
      });
      // Past it (6 hours after 07:00): sent once, with the repeat line; nothing else is sent.
      expect(await w.sweep(at('13:30'))).toMatchObject({
        unsettled: 1,
        due: 1,
        waiting: 0,
        reruns: 1,
        emailsSent: 1,
        possibleRepeats: 1,
        unknown: 0,
        unsettledAfterQuarantine: 0,
      });
      const copies = await w.copiesOf(key);
      expect(copies).toHaveLength(1);
      expect(repeatHeader(copies[0]!)).toBe('true');
      expect(copies[0]!.body.text?.startsWith('You may already have received this email: our first attempt')).toBe(
        true,
      );
      expect(await w.total()).toBe(afterRun + 1);
      expect(await w.adapters.ledger.emailStatuses([key])).toEqual(new Map([[key, 'sent']]));
      // Settled: the next sweep finds nothing.
      expect(await w.sweep(at('14:30'))).toMatchObject({ unsettled: 0, due: 0, reruns: 0, emailsSent: 0 });
      w.destroy();
    },
    120_000,
  );

  it('an email whose Send event was lost but whose Delivery event arrived is never sent again', async () => {
    const w = await world();
    w.failFirst('sent-then-timeout');
    expect(await w.run('daily-reminders', at('07:00'))).toMatchObject({ unknown: 1 });
    const key = w.failedKey!;
    const [copy] = await w.copiesOf(key);
    expect(copy).toBeDefined();
    const summary = await handleDeliveryEvents(
      [{ eventType: 'Delivery', mail: { messageId: copy!.messageId, destination: [], headers: copy!.headers ?? [] } }],
      {
        recordDeliveryEvent: w.adapters.ledger.recordDeliveryEvent.bind(w.adapters.ledger),
        suppressWorkerAddress: async () => [],
      },
      quiet,
      at('07:01'),
    );
    expect(summary).toMatchObject({ events: 1, recorded: 1 });
    expect(await w.sweep(at('13:30'))).toMatchObject({ unsettled: 0, due: 0, reruns: 0, emailsSent: 0 });
    expect(await w.copiesOf(key)).toHaveLength(1);
    w.destroy();
  }, 120_000);

  it('a claim abandoned before it reached SES is sent by the next sweep after its lease, not as a repeat', async () => {
    const w = await world();
    let slots = 0;
    // The run dies while waiting for its third send slot: two emails went, the third is claimed and abandoned.
    const dies = w.run('daily-reminders', at('07:00'), {
      settings: { ...w.settings, sendConcurrency: 1 },
      throttle: async () => {
        if (++slots === 3) throw new Error('process killed');
      },
    });
    await expect(dies).rejects.toThrow('process killed');
    expect(await w.total()).toBe(2);
    const sweep = await w.sweep(at('07:30'));
    expect(sweep).toMatchObject({ unsettled: 1, due: 1, reruns: 1, emailsSent: 1, possibleRepeats: 0 });
    const mail = await sentEmails(emulators.sesEndpoint);
    expect(mail).toHaveLength(3);
    expect(mail.map(repeatHeader)).toEqual([undefined, undefined, undefined]);
    w.destroy();
  }, 120_000);

  it('an email still unknown after its re-send is counted for the alarm', async () => {
    const w = await world();
    w.failFirst('unsent-5xx', true);
    expect(await w.run('escalations', at('07:00'))).toMatchObject({ unknown: 1 });
    expect(await w.sweep(at('13:30'))).toMatchObject({ due: 1, reruns: 1, unknown: 1, emailsSent: 0 });
    expect(await w.sweep(at('14:30'))).toMatchObject({
      unsettled: 1,
      due: 0,
      waiting: 1,
      unsettledAfterQuarantine: 1,
    });
    w.destroy();
  }, 120_000);
});
