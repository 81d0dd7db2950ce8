/**
 * Every relative link in the README and docs/ leads somewhere: the file exists and, when the link names a heading,
 * the heading exists in that file (GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  'RUNBOOK.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function headings(file: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = fence ? null : /^#{1,6} (.*)$/.exec(line);
    if (m?.[1]) out.add(anchorOf(m[1]));
  }
  return out;
}

function links(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const found = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '');
  return found.filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documentation links', () => {
  it('anchors follow GitHub: "Data in: snapshot imports" → data-in-snapshot-imports', () => {
    expect(anchorOf('Data in: snapshot imports')).toBe('data-in-snapshot-imports');
    expect(anchorOf('Data design (DynamoDB)')).toBe('data-design-dynamodb');
  });

  it.each(DOCS)('%s: every relative link resolves to a file and heading', (file) => {
    const broken: string[] = [];
    for (const target of links(file)) {
      const [path = '', anchor] = target.split('#');
      const dest = path === '' ? file : relative(ROOT, resolve(ROOT, dirname(file), path));
      if (!existsSync(join(ROOT, dest))) broken.push(`${target} (no file ${dest})`);
      else if (anchor && dest.endsWith('.md') && !headings(dest).has(anchor)) broken.push(`${target} (no heading)`);
    }
    expect(broken).toEqual([]);
  });
});
