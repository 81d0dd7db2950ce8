/**
 * Prints, after every run, the test files that cost the most wall time (importing the file and its modules, then its
 * tests and hooks), slowest first: where to look when `npm test` grows.
 */
import type { Reporter, TestModule } from 'vitest/node';

const SHOWN = 10;

export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules
      .map((m) => {
        const d = m.diagnostic();
        const setup = d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration;
        return { file: m.relativeModuleId, total: setup + d.duration, setup };
      })
      .sort((a, b) => b.total - a.total)
      .slice(0, SHOWN);
    if (rows.length === 0) return;
    const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)} s`;
    const lines = rows.map((r) => `  ${s(r.total)}  ${r.file}  (import and setup ${s(r.setup).trim()})`);
    process.stdout.write(`\n Slowest test files\n${lines.join('\n')}\n`);
  }
}
