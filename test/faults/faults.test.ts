import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, LOCAL_AWS_ENV, startEmulators } from '../../cli/local/emulators.js';
import { runFaultScenarios } from '../../cli/faults/scenarios.js';

let emulators: Emulators;
beforeAll(async () => {
  Object.assign(process.env, LOCAL_AWS_ENV);
  emulators = await startEmulators();
});
afterAll(async () => emulators.stop());

describe('the daily run under faults (throttling, 5xx, partial batches, killed processes, concurrent runs)', () => {
  it('delivers every expected email exactly once in 100 seeded scenarios, and the ledger agrees with SES', async () => {
    const totals = await runFaultScenarios(emulators, 100, 1);
    expect(totals.scenarios).toBe(100);
    // The scenarios really are hostile.
    expect(totals.injected.kills).toBeGreaterThan(30);
    expect(totals.injected.throttles).toBeGreaterThan(50);
    expect(totals.injected.partialBatches).toBeGreaterThan(50);
    expect(totals.results.filter((r) => r.concurrent).length).toBeGreaterThan(15);
    expect(totals.results.every((r) => r.expected > 0)).toBe(true);
    expect({
      duplicates: totals.duplicates,
      missing: totals.missing,
      unexpected: totals.unexpected,
      ledgerMismatches: totals.ledgerMismatches,
    }).toEqual({ duplicates: 0, missing: 0, unexpected: 0, ledgerMismatches: 0 });
  }, 600_000);
});
