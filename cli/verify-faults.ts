/**
 * `npm run verify:faults [-- --scenarios N --seed S]`: runs the seeded fault scenarios (cli/faults/scenarios.ts)
 * and prints one line per scenario and the totals. The last line is always
 * `faults: scenarios=N duplicates=D missing=M ambiguous=A lateEvents=L leaseExpiries=E unsent5xx=U lostSends=S
 * deliveryOnly=O`, where A … O count the faults of each kind actually injected (U: SES answered 5xx and sent
 * nothing; S: Send events lost; O: emails settled by a Delivery event alone). The run passes (exit 0) only when
 * D = 0, M = 0, nothing unexpected was delivered, the ledger agrees with the SES store and each of A … O is above 0; otherwise, and on any error,
 * the last line starts `faults: FAILED` and says why, and the exit code is 1.
 */
import { parseArgs } from 'node:util';
import { runFaultScenarios } from './faults/scenarios.js';
import { verdict } from './faults/verdict.js';
import { type Emulators, LOCAL_AWS_ENV, startEmulators } from '../local/emulators.js';

async function main(): Promise<boolean> {
  const { values } = parseArgs({
    options: { scenarios: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } },
  });
  const count = Number(values.scenarios);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed))
    throw new Error('--scenarios must be a positive whole number and --seed a whole number');
  Object.assign(process.env, LOCAL_AWS_ENV);
  let emulators: Emulators | undefined;
  try {
    emulators = await startEmulators();
    const started = Date.now();
    const totals = await runFaultScenarios(emulators, count, seed, (r) =>
      console.log(
        `scenario seed=${r.seed} job=${r.job} asOf=${r.asOf} expected=${r.expected} delivered=${r.delivered} duplicates=${r.duplicates} missing=${r.missing} unexpected=${r.unexpected} ledgerMismatches=${r.ledgerMismatches} declaredRepeats=${r.declaredRepeats} runs=${r.runs} sweeps=${r.sweeps} events=${r.events}${r.concurrent ? ' concurrent' : ''}${r.stalled ? ' stalled' : ''}${r.killAt ? ` killedAtCall=${r.killAt}` : ''}${r.killAfterSend ? ` killedAfterSend=${r.killAfterSend}` : ''} ambiguous=${r.injected.ambiguous} lateEvents=${r.injected.lateEvents} leaseExpiries=${r.injected.leaseExpiries} unsent5xx=${r.injected.unsent5xx} lostSends=${r.injected.lostSends} deliveryOnly=${r.injected.deliveryOnly}${r.duplicated.length ? ` duplicated=[${r.duplicated.join(', ')}]` : ''}`,
      ),
    );
    const t = totals.injected;
    console.log(
      `injected: throttles=${t.throttles} partialBatches=${t.partialBatches} kills=${t.kills}; unexpected=${totals.unexpected} ledgerMismatches=${totals.ledgerMismatches} declaredRepeats=${totals.declaredRepeats}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const { ok, line } = verdict(totals);
    console.log(line);
    return ok;
  } finally {
    await emulators?.stop();
  }
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    const e = error as Error;
    console.error(e);
    console.log(`faults: FAILED (${e?.name ?? 'Error'}: ${e?.message ?? String(error)})`);
    process.exitCode = 1;
  },
);
