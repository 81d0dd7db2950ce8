/**
 * `deadlines evaluate` beside its floor, on 200,000 synthetic records in a temporary JSON-lines file.
 *
 * The floor is a plain Node process that does only what any evaluate must: read the same lines, JSON.parse each,
 * and write seven obligation-shaped JSON lines per record, each as long as evaluate's average output line (evaluate
 * writes about five), joining each 2,000 lines into one string for `process.stdout.write`. A second floor writes
 * as the command line does (below). All write to /dev/null. The command line runs precompiled (dist/deadlines.mjs, as
 * `npm run deadlines` runs it); the same command through tsx (TypeScript compiled at start-up, as before the
 * bundle) is timed once for comparison. Wall time and CPU time (process-timing.ts). Median of `rounds`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { day } from '../shared/domain/calendar/local-date.js';
import { type Timing, medianTiming, seconds, timed } from './process-timing.js';
import { syntheticLines } from './synthetic-lines.js';

const ROOT = resolve(import.meta.dirname, '..');
const AS_OF = '2024-06-03';

/**
 * A floor script: read the lines, JSON.parse each, and write seven obligation-shaped JSON lines per record padded to
 * `width` characters, through `writer` (its state and `flush()`, how a line is added, when to flush).
 */
function floorScript(writer: { setup: string; append: string; full: string }): string {
  return `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
const [input, width] = process.argv.slice(2);
const pad = 'x'.repeat(Number(width));
${writer.setup}
const lines = createInterface({ input: createReadStream(input, { encoding: 'utf8' }), crlfDelay: Infinity });
for await (const line of lines) {
  const record = JSON.parse(line);
  for (let i = 0; i < 7; i++) {
    const o = { recordId: record.id, obligation: 'visit', dueDate: '2024-06-03', status: 'upcoming', days: i, rule: 'visit-standard', citation: 'CPPCR 2010 reg 28(2)', force: 'statutory', explanation: '' };
    o.explanation = pad.slice(0, Math.max(0, Number(width) - JSON.stringify(o).length));
    ${writer.append}
  }
  if (${writer.full}) await flush();
}
await flush();
`;
}

/** The floor of the issue: every 2,000 lines joined into one string for `process.stdout.write`. */
const FLOOR = floorScript({
  setup: `let buffer = [];
async function flush() {
  if (buffer.length === 0) return;
  const chunk = buffer.join('\\n') + '\\n';
  buffer = [];
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}`,
  append: 'buffer.push(JSON.stringify(o));',
  full: 'buffer.length >= 2000',
});

/**
 * The same floor with the command line's own way of writing (cli/io.ts `Output`): lines encoded into a reused
 * byte buffer instead of joined into a string and encoded into a new buffer per chunk. Evaluate against this one
 * is the like-for-like figure: what validating and evaluating cost, with writing done the same way on both sides.
 */
const FLOOR_BUFFERED = floorScript({
  setup: `const CHUNK = 1 << 20;
const free = [];
let buffer = Buffer.allocUnsafeSlow(CHUNK);
let used = 0;
async function flush() {
  if (used === 0) return;
  const full = buffer;
  const bytes = full.subarray(0, used);
  buffer = free.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
  used = 0;
  if (!process.stdout.write(bytes, () => free.push(full))) await new Promise((r) => process.stdout.once('drain', r));
}`,
  append: 'used += buffer.write(JSON.stringify(o), used);\n    buffer[used++] = 10;',
  full: 'used >= CHUNK / 2',
});

export interface FloorFigures {
  records: number;
  outputLines: number;
  lineWidth: number;
  floor: Timing;
  floorBuffered: Timing;
  evaluate: Timing;
  evaluateTsx: Timing;
}

export function benchEvaluateFloor(count = 200_000, rounds = 3): FloorFigures {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  try {
    const input = join(dir, 'records.jsonl');
    writeFileSync(input, `${syntheticLines(day(AS_OF), count).join('\n')}\n`);
    const floorFile = join(dir, 'floor.mjs');
    writeFileSync(floorFile, FLOOR);
    const floorBufferedFile = join(dir, 'floor-buffered.mjs');
    writeFileSync(floorBufferedFile, FLOOR_BUFFERED);
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
    const evaluateArgs = ['evaluate', '--as-of', AS_OF, '--input', input];

    // Once to a file: the output's size sets the floor's line width.
    const sample = join(dir, 'out.jsonl');
    timed([join(ROOT, 'dist', 'deadlines.mjs'), ...evaluateArgs], { stdoutFile: sample });
    const bytes = statSync(sample).size;
    const outputLines = Number(execFileSync('wc', ['-l', sample], { encoding: 'utf8' }).trim().split(' ')[0]);
    rmSync(sample);
    const lineWidth = Math.round(bytes / outputLines) - 1;

    const floor: Timing[] = [];
    const floorBuffered: Timing[] = [];
    const evaluate: Timing[] = [];
    for (let i = 0; i < rounds; i++) {
      floor.push(timed([floorFile, input, String(lineWidth)]));
      floorBuffered.push(timed([floorBufferedFile, input, String(lineWidth)]));
      evaluate.push(timed([join(ROOT, 'dist', 'deadlines.mjs'), ...evaluateArgs]));
    }
    const evaluateTsx = timed(['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...evaluateArgs]);
    return {
      records: count,
      outputLines,
      lineWidth,
      floor: medianTiming(floor),
      floorBuffered: medianTiming(floorBuffered),
      evaluate: medianTiming(evaluate),
      evaluateTsx,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printFloorFigures(f: FloorFigures): void {
  const s = seconds;
  const ratio = (a: number | null, b: number | null) => (a === null || b === null ? '–' : `${(a / b).toFixed(2)}×`);
  console.log(
    `evaluate CLI vs floor: ${f.records.toLocaleString('en-GB')} records, ${f.outputLines.toLocaleString('en-GB')} output lines of ~${f.lineWidth} characters (wall / CPU, median)`,
  );
  console.log(`  floor (read, JSON.parse, write 7 lines per record)   ${s(f.floor.wallMs)} / ${s(f.floor.cpuMs)}`);
  console.log(
    `  the same floor, writing as the command line does     ${s(f.floorBuffered.wallMs)} / ${s(f.floorBuffered.cpuMs)}`,
  );
  console.log(
    `  deadlines evaluate, precompiled                      ${s(f.evaluate.wallMs)} / ${s(f.evaluate.cpuMs)}  → ${ratio(f.evaluate.wallMs, f.floor.wallMs)} wall, ${ratio(f.evaluate.cpuMs, f.floor.cpuMs)} CPU of the floor; ${ratio(f.evaluate.wallMs, f.floorBuffered.wallMs)} wall, ${ratio(f.evaluate.cpuMs, f.floorBuffered.cpuMs)} CPU of the buffered floor`,
  );
  console.log(
    `  deadlines evaluate through tsx (one run)             ${s(f.evaluateTsx.wallMs)} / ${s(f.evaluateTsx.cpuMs)}  → ${ratio(f.evaluateTsx.wallMs, f.floor.wallMs)} wall, ${ratio(f.evaluateTsx.cpuMs, f.floor.cpuMs)} CPU`,
  );
}
