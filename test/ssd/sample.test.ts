/** The committed sample extract is what its script generates, and converts as the script says it should. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF, sampleFiles } from '../../scripts/generate-ssd-sample.js';
import { convert } from './helpers.js';

const dir = new URL('../../samples/ssd/', import.meta.url);

describe('samples/ssd', () => {
  it('matches scripts/generate-ssd-sample.ts (regenerate with npm run gen:ssd-sample)', () => {
    const expected = sampleFiles();
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) expect(readFileSync(new URL(name, dir), 'utf8')).toBe(text);
  });

  it('holds about 30 people: children, leavers, out of scope, a few bad rows and one person not converted', async () => {
    const out = await convert(sampleFiles(), SAMPLE_AS_OF);
    expect(out.summary).toEqual({
      persons: 33,
      children: 22,
      leavers: 6,
      outOfScope: 4,
      notConverted: 1,
      problems: 6,
    });
  });
});
