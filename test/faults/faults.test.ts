import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFaultScenarios } from '../../cli/faults/scenarios.js';
import { verdict } from '../../cli/faults/verdict.js';
import { type Emulators, LOCAL_AWS_ENV, startEmulators } from '../../local/emulators.js';

let emulators: Emulators;
beforeAll(async () => {
  Object.assign(process.env, LOCAL_AWS_ENV);
  emulators = await startEmulators();
});
afterAll(async () => emulators.stop());

describe('the sending jobs under faults', () => {
  // A smaller count than `npm run verify:faults` (100): enough for every fault kind and all three jobs, with only
  // the invocations production makes (the schedule's, Lambda's retries, the hourly delivery sweep).
  it('deliver every expected email once in 9 seeded scenarios, with every kind of fault injected', async () => {
    const totals = await runFaultScenarios(emulators, 9, 1);
    expect(totals.scenarios).toBe(9);
    expect(new Set(totals.results.map((r) => r.job))).toEqual(
      new Set(['daily-reminders', 'escalations', 'weekly-digest']),
    );
    expect(totals.results.every((r) => r.expected > 0)).toBe(true);
    // The scenarios really are hostile.
    expect(totals.injected.kills).toBeGreaterThan(0);
    expect(totals.injected.throttles).toBeGreaterThan(0);
    expect(totals.injected.partialBatches).toBeGreaterThan(0);
    expect(totals.injected.ambiguous).toBeGreaterThan(0);
    expect(totals.injected.lateEvents).toBeGreaterThan(0);
    expect(totals.injected.leaseExpiries).toBeGreaterThan(0);
    expect(totals.injected.unsent5xx).toBeGreaterThan(0);
    expect(totals.injected.lostSends).toBeGreaterThan(0);
    expect(totals.injected.deliveryOnly).toBeGreaterThan(0);
    // Unknown outcomes were settled by the sweep, not by re-running the scenario until it completed.
    expect(totals.results.some((r) => r.sweeps > 1)).toBe(true);
    expect(totals.results.some((r) => r.concurrent)).toBe(true);
    expect({
      duplicates: totals.duplicates,
      missing: totals.missing,
      unexpected: totals.unexpected,
      ledgerMismatches: totals.ledgerMismatches,
    }).toEqual({ duplicates: 0, missing: 0, unexpected: 0, ledgerMismatches: 0 });
    expect(verdict(totals)).toEqual({
      ok: true,
      line: expect.stringMatching(
        /^faults: scenarios=9 duplicates=0 missing=0 ambiguous=[1-9]\d* lateEvents=[1-9]\d* leaseExpiries=[1-9]\d* unsent5xx=[1-9]\d* lostSends=[1-9]\d* deliveryOnly=[1-9]\d*$/,
      ),
    });
  }, 600_000);

  it('the verdict fails, and says so on its last line, when anything disagrees', () => {
    const base = {
      scenarios: 3,
      duplicates: 0,
      missing: 0,
      unexpected: 0,
      ledgerMismatches: 1,
      declaredRepeats: 0,
      injected: {
        throttles: 1,
        partialBatches: 1,
        kills: 1,
        ambiguous: 2,
        unsent5xx: 3,
        lateEvents: 1,
        leaseExpiries: 0,
        lostSends: 1,
        deliveryOnly: 0,
      },
      results: [],
    };
    expect(verdict(base)).toEqual({
      ok: false,
      line: 'faults: FAILED (1 ledger entries disagree with SES; no lease expiries injected; no Delivery-only settlement injected) scenarios=3 duplicates=0 missing=0 ambiguous=2 lateEvents=1 leaseExpiries=0 unsent5xx=3 lostSends=1 deliveryOnly=0',
    });
  });
});
