/**
 * The local run as a person would use it: `npm start -- --once --as-of D --data-dir DIR --outbox OUT`, twice on the
 * same day. The first morning sends no recipient more than three emails (daily, escalation, digest), every one
 * marked automatic and under 100 KB; the second run of the same day sends nothing at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxEmail } from '../../local/outbox.js';

const work = mkdtempSync(join(tmpdir(), 'email-volume-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(outbox: string): OutboxEmail[] {
  const tsx = resolve('node_modules/.bin/tsx');
  execFileSync(
    tsx,
    ['local/run.ts', '--once', '--as-of', '2026-11-23', '--data-dir', join(work, 'data'), '--outbox', outbox],
    { stdio: 'pipe', timeout: 170_000 },
  );
  return readdirSync(outbox).map((f) => JSON.parse(readFileSync(join(outbox, f), 'utf8')) as OutboxEmail);
}

describe('npm start twice on the same day', () => {
  it('sends at most three emails to anyone, then nothing on the re-run', { timeout: 360_000 }, () => {
    const first = run(join(work, 'outbox-1'));
    expect(first.length).toBeGreaterThan(20);
    const perRecipient = new Map<string, string[]>();
    for (const e of first) {
      expect(e.to).toHaveLength(1);
      const to = e.to[0]!;
      perRecipient.set(to, [...(perRecipient.get(to) ?? []), e.headers['X-Reminder-Reference']!.split('#')[0]!]);
      expect(e.headers['Auto-Submitted']).toBe('auto-generated');
      expect(Buffer.byteLength(e.html ?? '')).toBeLessThan(100 * 1024);
    }
    for (const [to, kinds] of perRecipient) {
      expect(kinds.length, `${to}: ${kinds.join(', ')}`).toBeLessThanOrEqual(3);
      expect(new Set(kinds).size, `${to}: ${kinds.join(', ')}`).toBe(kinds.length);
    }
    const second = run(join(work, 'outbox-2'));
    expect(second).toEqual([]);
  });
});
