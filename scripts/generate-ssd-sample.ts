/**
 * Regenerates samples/ssd/: a small fictional SSD extract (about 30 people) of the synthetic authority, as a council
 * would export it, for trying `deadlines convert --from ssd` and the local run without real data. It holds children
 * in care, care leavers, people out of scope (an Eligible care leaver, a child whose care ended, a child who died, a
 * child in need), a few bad rows that cost only themselves (an impossible date, a row broken by an unquoted comma,
 * an unknown event word, a child with no team, a retired placement code), a child with no date of birth (not
 * converted), an events.csv and directory.jsonl (worker and team lines).
 *
 *   npm run gen:ssd-sample
 *
 * test/ssd/sample.test.ts fails when the committed files and this script disagree.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticCaseload } from '../cli/synthetic/authority.js';
import { ssdExtractOf } from '../cli/synthetic/ssd.js';
import { day } from '../shared/domain/calendar/local-date.js';

export const SAMPLE_AS_OF = '2024-06-03';

/** The committed sample's files, name → contents. */
export function sampleFiles(): Record<string, string> {
  const asOf = day(SAMPLE_AS_OF);
  const caseload = syntheticCaseload({ asOf, seed: 11, children: 17, leavers: 6, teams: 3, workers: 8, malformed: 0 });
  return ssdExtractOf(caseload, { asOf, extras: true }).files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../samples/ssd/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) rmSync(join(dir, name));
  const files = sampleFiles();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  console.log(`wrote ${Object.keys(files).length} files to ${dir}`);
}
