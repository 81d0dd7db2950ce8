import { describe, expect, it } from 'vitest';
import { inParallel, loggableKey, rateLimiter, recipientAllowed } from '../../shared/use-cases/deliver.js';

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
    const { LOCAL_AWS_ENV, LOCAL_SES_ACCOUNT, startEmulators } = await import('../../cli/local/emulators.js');
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
