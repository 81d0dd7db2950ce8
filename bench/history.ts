/**
 * Compliance history: a year of weekly dates for a 4,000-person authority (a synthetic SSD extract written to a
 * temporary folder), on one core. Prints the time to read the extract once into the time-aware model, the replay
 * (derive, validate and evaluate every person on every date), per date, the same year daily (only people whose
 * record or dates change are evaluated), and one record's history. CPU time of
 * this process (steadier than wall time on a shared machine) beside wall time. Then the shipped command end to end
 * (`deadlines history … --html`, precompiled, start-up and report included), pinned to one core where taskset is.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addYears, day, formatDay } from '../shared/domain/calendar/local-date.js';
import { historyDates, replayHistory } from '../shared/domain/history/replay.js';
import { forecastInputFromSsd, ssdTimeline } from '../shared/domain/history/ssd-timeline.js';
import { compilePolicy } from '../shared/domain/policy.js';
import { readSsdFolder } from '../shared/use-cases/convert-ssd.js';
import { runHistory } from '../shared/use-cases/history.js';
import { syntheticSsdExtract, writeSsdExtract } from '../cli/synthetic/ssd-extract.js';
import { type Timing as ProcessTiming, canPinToOneCore, medianTiming, seconds, timed } from './process-timing.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface HistoryFigures {
  persons: number;
  dates: number;
  lines: number;
  readMs: Timing;
  replayMs: Timing;
  /** The same year with `--every day` (366 dates): only people whose record or dates change are evaluated. */
  dailyDates: number;
  dailyReplayMs: Timing;
  oneRecordMs: Timing;
  cohort903: number;
  /** `deadlines history … --html` as shipped (precompiled), start-up and report included, pinned to one core. */
  command: ProcessTiming;
}

interface Timing {
  wall: number;
  cpu: number;
}

function time<T>(f: () => T): [T, Timing] {
  const c = process.cpuUsage();
  const t = performance.now();
  const out = f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return [out, { wall, cpu: (u.user + u.system) / 1000 }];
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[T, Timing]> {
  const c = process.cpuUsage();
  const t = performance.now();
  const out = await f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return [out, { wall, cpu: (u.user + u.system) / 1000 }];
}

export async function benchHistory(persons = 4000): Promise<HistoryFigures> {
  const end = day('2025-03-31');
  const start = addYears(end, -1);
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  try {
    writeSsdExtract(dir, syntheticSsdExtract({ persons, extractedOn: end }));
    const policy = compilePolicy({});
    const [extract, readMs] = await timeAsync(() => readSsdFolder(dir));
    const timeline = ssdTimeline(extract);
    const [run, replayMs] = time(() =>
      runHistory({ timeline, start, end, every: 'week', policy, forecastInput: forecastInputFromSsd }),
    );
    const [daily, dailyReplayMs] = time(() =>
      runHistory({
        timeline: ssdTimeline(extract),
        start,
        end,
        every: 'day',
        policy,
        forecastInput: forecastInputFromSsd,
      }),
    );
    // One record's history (what `explain --history` does after reading): the first child in care at the end.
    const one = extract.persons.find((p) => forecastInputFromSsd(p, end) !== undefined)!;
    const single = { persons: [one], recordAsOf: timeline.recordAsOf };
    const [, oneRecordMs] = time(() => replayHistory(single, historyDates(start, end, 'week'), policy));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
    const commandArgs = [
      join(ROOT, 'dist', 'deadlines.mjs'),
      'history',
      '--from',
      'ssd',
      '--input',
      dir,
      '--start',
      formatDay(start),
      '--end',
      formatDay(end),
      '--html',
      join(dir, 'report.html'),
    ];
    const command = medianTiming([1, 2, 3].map(() => timed(commandArgs, { oneCore: true })));
    return {
      persons,
      command,
      dates: run.dates.length,
      lines: run.lines.length,
      readMs,
      replayMs,
      dailyDates: daily.dates.length,
      dailyReplayMs,
      oneRecordMs,
      cohort903: run.forecast?.cohort.length ?? 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printHistoryFigures(f: HistoryFigures): void {
  const t = (x: Timing) => `${(x.wall / 1000).toFixed(2)} s wall, ${(x.cpu / 1000).toFixed(2)} s CPU`;
  console.log(
    `compliance history: ${f.persons.toLocaleString('en-GB')} persons (synthetic SSD extract), ${f.dates} weekly dates to ${formatDay(day('2025-03-31'))}, one core`,
  );
  console.log(`  read the CSV extract once (time-aware model)   ${t(f.readMs)}`);
  console.log(
    `  replay: derive + evaluate every date           ${t(f.replayMs)}  (${(f.replayMs.cpu / f.dates).toFixed(0)} ms CPU per date)`,
  );
  console.log(
    `  read + replay                                  ${((f.readMs.cpu + f.replayMs.cpu) / 1000).toFixed(2)} s CPU (target: under 10 s)`,
  );
  console.log(
    `  daily replay (${f.dailyDates} dates, changed people only) ${t(f.dailyReplayMs)}  (weekly: ${(f.replayMs.cpu / 1000).toFixed(2)} s CPU)`,
  );
  console.log(
    `  read + daily replay                            ${((f.readMs.cpu + f.dailyReplayMs.cpu) / 1000).toFixed(2)} s CPU (target: under 4 s)`,
  );
  console.log(
    `  deadlines history --html, end to end          ${seconds(f.command.wallMs)} wall, ${seconds(f.command.cpuMs)} CPU${canPinToOneCore ? ' (pinned to one core, median of 3)' : ' (median of 3)'}`,
  );
  console.log(
    `  one record's history (${f.dates} dates)             ${f.oneRecordMs.wall.toFixed(1)} ms wall (target: under 100 ms)`,
  );
  console.log(`  ${f.lines} lines written; 903 OC2 cohort at the end: ${f.cohort903} children`);
}
