/**
 * Converting a whole SSD extract as of date A: every person in ssd_person order becomes a record line, or a
 * blocking problem line, or is counted out of scope; `unknown-code` lines follow the record they concern, and
 * malformed rows whose person cannot be read come last. The summary is what the command prints on stderr.
 * A generator, so that a caller can write each line as it comes and respect back-pressure.
 */
import type { Day } from '../calendar/local-date.js';
import { type DeriveOptions, type SsdRecord, derivePerson } from './derive.js';
import type { ProblemLine, SsdExtract } from './extract.js';

export interface ConversionSummary {
  /** Distinct pers_person_id: the sum of the next four. */
  persons: number;
  children: number;
  leavers: number;
  outOfScope: number;
  notConverted: number;
  /** Problem lines written. */
  problems: number;
}

export type ConversionLine = SsdRecord | ProblemLine;

export function* convertExtract(
  extract: SsdExtract,
  asOf: Day,
  options: DeriveOptions = {},
): Generator<ConversionLine, ConversionSummary> {
  const s: ConversionSummary = { persons: 0, children: 0, leavers: 0, outOfScope: 0, notConverted: 0, problems: 0 };
  for (const person of extract.persons) {
    s.persons++;
    const result = derivePerson(person, asOf, options);
    switch (result.outcome) {
      case 'child':
      case 'leaver':
        if (result.outcome === 'child') s.children++;
        else s.leavers++;
        yield result.record;
        for (const p of result.problems) yield p;
        s.problems += result.problems.length;
        break;
      case 'out-of-scope':
        s.outOfScope++;
        break;
      case 'not-converted':
        s.notConverted++;
        s.problems++;
        yield result.problem;
        break;
    }
  }
  for (const p of extract.unattributed) yield p;
  s.problems += extract.unattributed.length;
  return s;
}

/** Every line and the summary at once: for callers that hold the result in memory anyway (tests, imports). */
export function convertExtractAll(
  extract: SsdExtract,
  asOf: Day,
  options: DeriveOptions = {},
): { lines: ConversionLine[]; summary: ConversionSummary } {
  const lines: ConversionLine[] = [];
  const run = convertExtract(extract, asOf, options);
  for (;;) {
    const next = run.next();
    if (next.done) return { lines, summary: next.value };
    lines.push(next.value);
  }
}
