import { unwrap } from '../../shared/templates/text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { type EmailSender, EmailSendError } from '../../shared/ports/email-sender.js';
import type { Ledger } from '../../shared/ports/ledger.js';
import { type DailySummary, runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

let local: LocalAws;
let caseload: Awaited<ReturnType<typeof seedSynthetic>>;
let handler: (event: unknown) => Promise<DailySummary>;
let iam: IamCheck;
const runDaily: typeof runDailyReminders = (...args) => iam.run(() => runDailyReminders(...args));

beforeAll(async () => {
  local = await startLocalAws();
  caseload = await seedSynthetic(local, '2024-06-03');
  iam = await iamCheck('daily-reminders');
  const run = (await import('../../functions/daily-reminders/handler.js')).handler as typeof handler;
  handler = (event) => iam.run(() => run(event));
});
afterAll(async () => local.stop());

const mailOn = async (asOf: string) =>
  (await sentEmails(local.emulators.sesEndpoint)).filter((e) => referenceOf(e)?.includes(`#${asOf}#`));

function useCaseDeps(overrides: { sender?: EmailSender; ledger?: Ledger; clock?: FixedClock } = {}) {
  return {
    ...deliveryDeps(local.config, local.adapters, silentLog, overrides.clock ?? new FixedClock()),
    ...(overrides.sender ? { sender: overrides.sender } : {}),
    ...(overrides.ledger ? { ledger: overrides.ledger } : {}),
    sleep: async () => {},
    store: local.adapters.store,
    policy: local.config.policy,
    settings: reminderSettings(local.config),
    runId: 'test',
  };
}

describe('daily reminders on dynalite and aws-ses-v2-local', () => {
  it('sends one email per worker with something to act on, and unreachable cases to managers', async () => {
    const summary = await handler({ asOf: '2024-06-03' });
    const mail = await mailOn('2024-06-03');
    expect(summary).toMatchObject({
      recordsRead: caseload.records.length + caseload.malformed.length,
      invalidRecords: caseload.malformed.length,
      failed: 0,
    });
    expect(mail).toHaveLength(summary.emailsSent);
    for (const m of mail) {
      expect(m.destination.to).toHaveLength(1);
      expect(m.destination.cc.length + m.destination.bcc.length).toBe(0);
      expect(m.destination.to[0]).toMatch(/@example-council\.gov\.uk$/);
    }
    const recipients = mail.map((m) => m.destination.to[0]);
    expect(new Set(recipients).size).toBe(recipients.length);
    const inactive = caseload.workers.filter((w) => w.active === false).map((w) => w.email);
    expect(inactive.length).toBeGreaterThan(0);
    for (const address of inactive) expect(recipients).not.toContain(address);
    const managerMail = mail.filter((m) => referenceOf(m)!.startsWith('manager-daily#'));
    expect(managerMail.length).toBeGreaterThan(0);
    // The worker who left is one line with a count, not a row per case.
    expect(
      managerMail.some((m) => /W012 \([^)]+\) has left: \d+ cases? to reallocate/.test(unwrap(m.body.text!))),
    ).toBe(true);
    expect(managerMail.some((m) => m.body.text!.includes('Records that could not be read'))).toBe(true);
  });

  it('a re-run of the same day sends nothing new', async () => {
    const before = (await mailOn('2024-06-03')).length;
    const again = await handler({ asOf: '2024-06-03' });
    expect(again).toMatchObject({ emailsSent: 0, alreadySent: before, failed: 0 });
    expect(await mailOn('2024-06-03')).toHaveLength(before);
  });

  it('takes the as-of date from the scheduled time in London', async () => {
    // 23:30 UTC on Sunday 2 June 2024 is 00:30 on Monday 3 June in London (BST).
    const summary = await handler({ scheduledTime: '2024-06-02T23:30:00Z' });
    expect(summary.asOf).toBe('2024-06-03');
  });

  it('after the sender fails half-way, a re-run delivers every email exactly once', async () => {
    let sends = 0;
    const flaky: EmailSender = {
      send: async (email) => {
        if (++sends > 2) throw new EmailSendError('SES throttled', 'retry', 'TooManyRequestsException');
        return local.adapters.sender.send(email);
      },
    };
    const first = await runDaily(day('2024-06-04'), useCaseDeps({ sender: flaky }));
    expect(first.emailsSent).toBe(2);
    expect(first.failed).toBeGreaterThan(0);
    const second = await runDaily(day('2024-06-04'), useCaseDeps());
    expect(second).toMatchObject({ emailsSent: first.failed, failed: 0 });
    const mail = await mailOn('2024-06-04');
    const references = mail.map(referenceOf);
    expect(new Set(references).size).toBe(references.length);
    expect(mail).toHaveLength(first.emailsSent + first.failed);
  });

  it('after a crash during a send, the email waits out the quarantine and is then sent once, marked as a possible repeat', async () => {
    // The process "dies" on its 4th send: the claim is taken and nothing is recorded after it.
    let sends = 0;
    const dying: EmailSender = {
      send: async (email) => {
        if (++sends >= 4) throw new Error('process killed');
        return local.adapters.sender.send(email);
      },
    };
    const ledger = local.adapters.ledger;
    const crashingLedger: Ledger = Object.assign(Object.create(ledger) as Ledger, {
      markFailed: async () => {
        throw new Error('process killed');
      },
    });
    const clock = new FixedClock(new Date('2024-06-05T06:30:00Z'));
    await expect(
      runDaily(day('2024-06-05'), {
        ...useCaseDeps({ sender: dying, ledger: crashingLedger, clock }),
        settings: { ...reminderSettings(local.config), sendConcurrency: 1 },
      }),
    ).rejects.toThrow('process killed');
    expect(await mailOn('2024-06-05')).toHaveLength(3);

    const tooSoon = await runDailyReminders(
      day('2024-06-05'),
      useCaseDeps({ clock: new FixedClock(new Date('2024-06-05T06:31:00Z')) }),
    );
    expect(tooSoon.inProgress).toBe(1);
    const later = await runDailyReminders(
      day('2024-06-05'),
      useCaseDeps({ clock: new FixedClock(new Date('2024-06-05T06:45:00Z')) }),
    );
    // The dead run handed its fourth email to SES: whether SES took it cannot be known, so it is not resent yet.
    expect(later).toMatchObject({ emailsSent: 0, unknown: 1, inProgress: 0, failed: 0 });
    const afterQuarantine = await runDailyReminders(
      day('2024-06-05'),
      useCaseDeps({ clock: new FixedClock(new Date('2024-06-05T12:45:00Z')) }),
    );
    expect(afterQuarantine).toMatchObject({ emailsSent: 1, possibleRepeats: 1, unknown: 0, failed: 0 });
    const mail = await mailOn('2024-06-05');
    const references = mail.map(referenceOf);
    expect(new Set(references).size).toBe(references.length);
    expect(mail).toHaveLength(3 + tooSoon.emailsSent + 1);
    expect(mail.at(-1)!.body.text).toContain('You may already have received this email');
  });

  it('makes only AWS calls its synthesised role allows', async () => {
    await iam.assertAllowed();
  });
});
