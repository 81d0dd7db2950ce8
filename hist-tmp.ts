import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addYears, day } from './shared/domain/calendar/local-date.js';
import { historyDates, replayHistory } from './shared/domain/history/replay.js';
import { ssdTimeline } from './shared/domain/history/ssd-timeline.js';
import { compilePolicy } from './shared/domain/policy.js';
import { readSsdFolder } from './shared/use-cases/convert-ssd.js';
import { syntheticSsdExtract, writeSsdExtract } from './cli/synthetic/ssd-extract.js';
const end = day('2025-03-31');
const dir = '/tmp/hist4000';
writeSsdExtract(dir, syntheticSsdExtract({ persons: 4000, extractedOn: end }));
let t = performance.now();
const extract = await readSsdFolder(dir);
console.log('read', (performance.now() - t).toFixed(0));
const policy = compilePolicy({});
for (const every of ['week', 'day'] as const) {
  t = performance.now();
  const r = replayHistory(ssdTimeline(extract), historyDates(addYears(end, -1), end, every), policy);
  console.log(every, (performance.now() - t).toFixed(0), r.lines.length, r.becameOverdue.length);
  if (process.env.OUT) writeFileSync(`${process.env.OUT}-${every}.json`, JSON.stringify(r));
}
