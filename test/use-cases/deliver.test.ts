import { describe, expect, it } from 'vitest';
import { EmailSendError } from '../../shared/ports/email-sender.js';
import type { EmailIntent } from '../../shared/ports/ledger.js';
import {
  POSSIBLE_REPEAT_TEXT,
  deliver,
  loggableKey,
  rateLimiter,
  recipientAllowed,
} from '../../shared/use-cases/deliver.js';
import { inParallel } from '../../shared/use-cases/deliver-all.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { FutureAsOfError, refuseFutureAsOf, rerunNote } from '../../shared/use-cases/run-day.js';
import { fakeDelivery } from '../helpers/fakes.js';

describe('delivery helpers', () => {
  it('inParallel reports a failure only after the work in flight has finished, and starts nothing new', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = inParallel([1, 2, 3, 4, 5, 6], 3, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('boom');
      await new Promise((r) => setTimeout(r, 30));
      finished.push(n);
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished.sort()).toEqual([2, 3]);
    expect(started.sort()).toEqual([1, 2, 3]);
  });

  it('keeps addresses out of logged ledger keys', () => {
    expect(loggableKey('manager-daily#2024-06-03#team:T01#manager.one@council.gov.uk')).toBe(
      'manager-daily#2024-06-03#team:T01#<recipient>',
    );
    expect(loggableKey('daily-reminder#2024-06-03#worker:W001')).toBe('daily-reminder#2024-06-03#worker:W001');
    // A key holding two addresses: each is replaced, not only the first.
    expect(loggableKey('escalated#manager#a.b@council.gov.uk#c.d@council.gov.uk')).toBe(
      'escalated#manager#<recipient>#<recipient>',
    );
  });

  it('rateLimiter spaces sends at the configured rate', async () => {
    let t = 0;
    const waits: number[] = [];
    const take = rateLimiter(
      4,
      () => t,
      async (ms) => {
        waits.push(ms);
        t += ms;
      },
    );
    for (let i = 0; i < 5; i++) await take();
    expect(waits).toEqual([250, 250, 250, 250]);
  });

  it.each([
    ['sam@council.gov.uk', true],
    ['sam@north.council.gov.uk', true],
    ['sam@evilcouncil.gov.uk', false],
    ['sam@council.gov.uk.evil.com', false],
    ['not-an-address', false],
  ])('recipient %s allowed: %s', (address, allowed) => {
    expect(recipientAllowed(address, ['council.gov.uk'])).toBe(allowed);
  });
});

describe('send rate from the SES account', () => {
  it('is the lower of the configured rate and the account maximum, read once; the configured rate if unreadable', async () => {
    const { accountAwareThrottle } = await import('../../shared/composition/compose.js');
    const { SESv2Client } = await import('@aws-sdk/client-sesv2');
    const { LOCAL_AWS_ENV, LOCAL_SES_ACCOUNT, startEmulators } = await import('../../local/emulators.js');
    Object.assign(process.env, LOCAL_AWS_ENV, {
      AWS_SES_ACCOUNT: JSON.stringify({
        ...LOCAL_SES_ACCOUNT,
        SendQuota: { ...LOCAL_SES_ACCOUNT.SendQuota, MaxSendRate: 20 },
      }),
    });
    const emulators = await startEmulators();
    const quiet = { info() {}, warn() {}, error() {} };
    try {
      const ses = new SESv2Client({ endpoint: emulators.sesEndpoint, region: 'eu-west-2' });
      const chosen: number[] = [];
      const spy = (rate: number) => {
        chosen.push(rate);
        return async () => {};
      };
      const fast = accountAwareThrottle(1000, ses, quiet, spy);
      for (let i = 0; i < 5; i++) await fast();
      await accountAwareThrottle(5, ses, quiet, spy)();
      await accountAwareThrottle(0, ses, quiet, spy)();
      delete process.env.AWS_SES_ACCOUNT; // the emulator now answers GetAccount with an error
      await accountAwareThrottle(7, ses, quiet, spy)();
      expect(chosen).toEqual([20, 5, 20, 7]);
      ses.destroy();
    } finally {
      await emulators.stop();
    }
  });
});

const KEY = 'manager-daily#2024-06-03#team:T1#boss@council.gov.uk';
const intent: EmailIntent = {
  key: KEY,
  kind: 'manager-daily',
  audience: 'team:T1',
  recipient: 'boss@council.gov.uk',
  asOf: '2024-06-03',
  runId: 'r1',
  subject: 'Cases that reach nobody',
  noticeKeys: ['n1'],
};
const email = {
  to: 'boss@council.gov.uk',
  subject: 'Cases that reach nobody',
  html: '<html><body><p>Hello</p></body></html>',
  text: 'Hello',
  reference: KEY,
  tags: {},
};

function capturingLog() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('deliver', () => {
  it('records an unknown outcome without retrying, logs it with the key redacted, and does not resend before the quarantine', async () => {
    const { lines, log } = capturingLog();
    const d = fakeDelivery({ log });
    d.sender.failWith = () => new EmailSendError('SES TimeoutError', 'unknown', 'ETIMEDOUT');
    expect(await deliver(intent, email, d)).toBe('unknown');
    expect(d.sender.attempts).toBe(1);
    expect(d.ledger.emails.get(KEY)).toMatchObject({ status: 'unknown', reason: 'ETIMEDOUT' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          emailKey: 'manager-daily#2024-06-03#team:T1#<recipient>',
          outcome: 'unknown',
        }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('@');

    d.sender.failWith = undefined;
    d.clock.time = new Date('2024-06-03T12:30:00Z'); // 6 hours less a minute or so after the attempt
    expect(await deliver(intent, email, d)).toBe('unknown');
    expect(d.sender.sent).toHaveLength(0);
  });

  it('after the quarantine, sends once more with a line saying it may be a repeat', async () => {
    const d = fakeDelivery();
    d.sender.failWith = () => new EmailSendError('SES ServiceUnavailable (503)', 'unknown', 'ServiceUnavailable');
    await deliver(intent, email, d);
    d.sender.failWith = undefined;
    d.clock.time = new Date('2024-06-03T12:31:00Z');
    expect(await deliver(intent, email, d)).toBe('sent-possible-repeat');
    const [sent] = d.sender.sent;
    expect(sent!.possibleRepeat).toBe(true);
    expect(sent!.text.startsWith(POSSIBLE_REPEAT_TEXT)).toBe(true);
    expect(sent!.html).toContain(
      `<body><p style="margin:0 0 16px 0;font-weight:bold">${POSSIBLE_REPEAT_TEXT}</p><p>Hello`,
    );
    expect(d.ledger.emails.get(KEY)?.status).toBe('sent');
    expect(await deliver(intent, email, d)).toBe('already-sent');
  });

  it('retries only what SES refused, then leaves it for the next run; a permanent refusal is logged once, redacted', async () => {
    const { lines, log } = capturingLog();
    const d = fakeDelivery({ log, maxAttempts: 3 });
    d.sender.failWith = () => new EmailSendError('slow down', 'retry', 'TooManyRequestsException');
    expect(await deliver(intent, email, d)).toBe('failed');
    expect(d.sender.attempts).toBe(3);
    expect(d.ledger.emails.get(KEY)?.status).toBe('retry');

    d.sender.failWith = () => new EmailSendError('rejected', 'permanent', 'MessageRejected');
    expect(await deliver(intent, email, d)).toBe('failed');
    expect(d.sender.attempts).toBe(4);
    expect(d.ledger.emails.get(KEY)?.status).toBe('failed');
    expect(lines.map((l) => [l.level, l.message, l.fields.code, l.fields.emailKey])).toEqual([
      ['error', 'email not sent', 'TooManyRequestsException', 'manager-daily#2024-06-03#team:T1#<recipient>'],
      ['error', 'email not sent', 'MessageRejected', 'manager-daily#2024-06-03#team:T1#<recipient>'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('@');
  });

  it('a claimant that waited past its lease while another run took over does not send', async () => {
    const d = fakeDelivery();
    const other = { ...intent, runId: 'r2' };
    d.throttle = async () => {
      // While this run waits for a send slot, another run, three minutes later, takes the email over.
      await d.ledger.claimEmail(other, new Date('2024-06-03T06:33:00Z'), {
        leaseSeconds: 120,
        quarantineSeconds: 21600,
      });
    };
    expect(await deliver(intent, email, d)).toBe('in-progress');
    expect(d.sender.attempts).toBe(0);
    expect(d.ledger.emails.get(KEY)).toMatchObject({ status: 'sending', runId: 'r2', attempts: 2 });
  });
});

describe('the day a run is for', () => {
  it('refuses a day after today in London, and allows today at the BST edge', () => {
    // 23:30 UTC on 3 June is 00:30 on 4 June in London.
    expect(refuseFutureAsOf(day('2024-06-04'), new Date('2024-06-03T23:30:00Z'))).toBe(day('2024-06-04'));
    expect(() => refuseFutureAsOf(day('2024-06-04'), new Date('2024-06-03T22:30:00Z'))).toThrow(FutureAsOfError);
    expect(() => refuseFutureAsOf(day('2024-06-05'), new Date('2024-06-03T22:30:00Z'))).toThrow(
      'asOf 2024-06-05 is after today (2024-06-03, Europe/London)',
    );
  });

  it('notes in a re-run of an earlier day that it evaluated today’s records', () => {
    expect(rerunNote(day('2024-06-03'), new Date('2024-06-03T07:00:00Z'))).toEqual({});
    expect(rerunNote(day('2024-05-31'), new Date('2024-06-03T07:00:00Z'))).toEqual({
      rerun: 're-run of 2024-05-31 on 2024-06-03: evaluated the records as they are on 2024-06-03',
    });
  });
});
