/**
 * Rules-engine benchmark: 100,000 synthetic records evaluated in-process, beside the floor of merely parsing the
 * same JSON lines. Prints records per second, peak memory and the projection for all of England (~150,000 records).
 */
import { cpus } from 'node:os';
import { day } from '../shared/domain/calendar/local-date.js';
import { evaluateRecord } from '../shared/domain/evaluate.js';
import { compilePolicy } from '../shared/domain/policy.js';
import { validateRecord } from '../shared/domain/records/validate.js';
import { syntheticLines } from './synthetic-lines.js';

export interface EngineFigures {
  records: number;
  parseMs: number;
  validateMs: number;
  evaluateMs: number;
  totalMs: number;
  recordsPerSecond: number;
  obligations: number;
  peakRssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchEngine(count = 100_000, rounds = 5): EngineFigures {
  const asOf = day('2024-06-03');
  const lines = syntheticLines(asOf, count);
  const policy = compilePolicy({});
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const parse: number[] = [];
  const validate: number[] = [];
  const full: number[] = [];
  let obligations = 0;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    let sink = 0;
    for (const line of lines) sink += (JSON.parse(line) as { id: string }).id.length;
    parse.push(performance.now() - t);

    t = performance.now();
    for (const line of lines) sink += validateRecord(JSON.parse(line), asOf).problems.length;
    validate.push(performance.now() - t);
    sample();

    t = performance.now();
    obligations = 0;
    for (let i = 0; i < lines.length; i++) {
      const v = validateRecord(JSON.parse(lines[i]!), asOf);
      if (v.record) obligations += evaluateRecord(v.record, asOf, policy).length;
      if ((i & 8191) === 0) sample();
    }
    full.push(performance.now() - t);
    sample();
    if (sink < 0) console.log(sink);
  }
  const totalMs = median(full);
  return {
    records: lines.length,
    parseMs: median(parse),
    validateMs: median(validate) - median(parse),
    evaluateMs: totalMs - median(validate),
    totalMs,
    recordsPerSecond: Math.round((lines.length / totalMs) * 1000),
    obligations,
    peakRssMb: Math.round(peakRss / 1048576),
  };
}

export function printEngineFigures(f: EngineFigures): void {
  const perK = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    `rules engine: ${f.records.toLocaleString('en-GB')} records on ${cpus()[0]?.model ?? 'unknown CPU'} (one core, Node ${process.version})`,
  );
  console.log(`  JSON.parse only (floor)       ${perK(f.parseMs)}`);
  console.log(`  + schema validation           ${perK(f.validateMs)}`);
  console.log(`  + rules evaluation            ${perK(f.evaluateMs)}`);
  console.log(
    `  total                         ${perK(f.totalMs)}  → ${f.recordsPerSecond.toLocaleString('en-GB')} records/s, ${(f.totalMs / f.parseMs).toFixed(1)}× the parse floor`,
  );
  console.log(`  obligations produced          ${f.obligations.toLocaleString('en-GB')}`);
  console.log(`  peak RSS                      ${f.peakRssMb} MB`);
  const england = (ms: number) => `${((ms / f.records) * 150_000).toFixed(0)} ms`;
  console.log(
    `  England (~150,000 records), projected: rules ${england(f.evaluateMs)}; validation + rules ${england(f.validateMs + f.evaluateMs)}; with JSON parsing ${england(f.totalMs)}`,
  );
}
