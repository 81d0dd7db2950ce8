import type { Day } from '../shared/domain/calendar/local-date.js';
import { syntheticCaseload } from '../cli/synthetic/authority.js';

/**
 * The benchmarks' caseload as JSON lines: `count` records, three in four children, over 20 teams and 500 workers,
 * always the same for the same arguments. The generated objects are dropped so that they do not weigh on the
 * measured garbage collector.
 */
export function syntheticLines(asOf: Day, count: number): string[] {
  const children = Math.round(count * 0.75);
  return syntheticCaseload({
    asOf,
    seed: 7,
    children,
    leavers: count - children,
    malformed: 0,
    teams: 20,
    workers: 500,
  }).records.map((r) => JSON.stringify(r));
}
