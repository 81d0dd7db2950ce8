/**
 * `npm run verify:faults [-- --scenarios N --seed S]`: runs the seeded fault scenarios and prints one line per
 * scenario and the totals. The last line is `faults: scenarios=N duplicates=0 missing=0` when all is well; the exit
 * code is 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { LOCAL_AWS_ENV, startEmulators } from './local/emulators.js';
import { runFaultScenarios } from './faults/scenarios.js';

const { values } = parseArgs({
  options: { scenarios: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } },
});
Object.assign(process.env, LOCAL_AWS_ENV);
const emulators = await startEmulators();
const started = Date.now();
const totals = await runFaultScenarios(emulators, Number(values.scenarios), Number(values.seed), (r) =>
  console.log(
    `scenario seed=${r.seed} asOf=${r.asOf} expected=${r.expected} delivered=${r.delivered} duplicates=${r.duplicates} missing=${r.missing} unexpected=${r.unexpected} ledgerMismatches=${r.ledgerMismatches} runs=${r.runs}${r.concurrent ? ' concurrent' : ''}${r.killAt ? ` killedAtCall=${r.killAt}` : ''} throttles=${r.injected.throttles} partialBatches=${r.injected.partialBatches}`,
  ),
);
await emulators.stop();
console.log(
  `injected: throttles=${totals.injected.throttles} partialBatches=${totals.injected.partialBatches} kills=${totals.injected.kills}; unexpected=${totals.unexpected} ledgerMismatches=${totals.ledgerMismatches}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`faults: scenarios=${totals.scenarios} duplicates=${totals.duplicates} missing=${totals.missing}`);
process.exitCode =
  totals.duplicates === 0 && totals.missing === 0 && totals.unexpected === 0 && totals.ledgerMismatches === 0 ? 0 : 1;
