import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import type { DirectoryEntity, RecordWriter } from '../../shared/ports/record-store.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { OWNED_FIELDS, importLines } from '../../shared/use-cases/import-records.js';
import { importSnapshot } from '../../shared/use-cases/import-snapshot.js';
import type { ImportState } from '../../shared/domain/import/snapshot-policy.js';
import type { SnapshotItem, SnapshotStore } from '../../shared/ports/record-store.js';
import { InMemoryStore, fakeDelivery } from '../helpers/fakes.js';
import { validChild, validLeaver } from '../helpers/arbitraries.js';

class MemoryWriter implements RecordWriter {
  items = new Map<string, Record<string, unknown>>();
  async putAll(items: { entity: DirectoryEntity; id: string; item: Record<string, unknown> }[]): Promise<number> {
    for (const i of items) this.items.set(`${i.entity}#${i.id}`, i.item);
    return items.length;
  }
}

const nasty = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE records; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '{{7*7}}',
  'Zoë Ørsted-Łukasz 李',
  '\u202Eevil',
  '\u0000',
  'a'.repeat(300),
  '../../etc/passwd',
  '%7Bid%7D',
);
const garbage = fc.oneof(
  fc.string().map((s) => ({ line: s, valid: false })),
  fc.jsonValue().map((v) => ({ line: JSON.stringify(v) ?? 'null', valid: false })),
  fc
    .record({
      id: fc.oneof(fc.integer(), fc.constant(null), nasty),
      kind: fc.constantFrom('child', 'leaver', 'adult', 7),
      dateOfBirth: fc.constantFrom('2024-02-30', '31/12/2010', 20100101, ''),
    })
    .map((v) => ({ line: JSON.stringify(v), valid: false })),
  validChild.map(({ record }) => ({
    line: JSON.stringify({ ...record, visits: Array.from({ length: 2500 }, () => '2020-01-01') }),
    valid: false,
  })),
);
const good = fc.oneof(validChild, validLeaver).chain(({ record }) =>
  fc.record({ given: nasty, family: nasty, n: fc.nat() }).map(({ given, family, n }) => ({
    line: JSON.stringify({
      ...record,
      id: `R-${n}-${Math.random().toString(36).slice(2)}`,
      givenName: given.slice(0, 200),
      familyName: family.slice(0, 200),
    }),
    valid: true,
  })),
);

/** Snapshot import's store in memory: what the fuzzed snapshot import wrote. */
class MemorySnapshotStore implements SnapshotStore {
  items = new Map<string, SnapshotItem & { importedAt: string }>();
  states: ImportState[] = [];
  async storedKeys() {
    return { cases: [], workers: [], teams: [] };
  }
  async upsert(items: readonly SnapshotItem[], importedAt: string) {
    for (const i of items) this.items.set(`${i.entity}#${i.id}`, { ...i, importedAt });
  }
  async close() {
    return 0;
  }
  async markNotReadable() {}
  async removeReplaced() {
    return 0;
  }
  async deactivate() {
    return 0;
  }
  async readImportStates() {
    return this.states;
  }
  async writeImportState(state: ImportState) {
    this.states = [state];
  }
}
const unknownFields = fc.record({
  secret: fc.constantFrom('x'.repeat(500_000), 'ethnicity'),
  huge: fc.constantFrom(2 ** 60, 1e300),
  deep: fc.constant(JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)),
});

describe('bad input, fuzzed', () => {
  it('snapshot import: no crash, every line loaded or rejected, only the schema fields stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(good, garbage), unknownFields), { minLength: 1, maxLength: 30 }),
        async (entries) => {
          const store = new MemorySnapshotStore();
          const lines = entries.map(([l, extra]) =>
            l.valid ? JSON.stringify({ ...JSON.parse(l.line), ...extra }) : l.line,
          );
          const rejected: { line: number; detail: string }[] = [];
          const report = await importSnapshot(
            { name: 'fuzz', lines },
            { store, clock: { now: () => new Date('2024-06-03T05:00:00Z') }, onRejected: (r) => rejected.push(r) },
            { retentionDays: 730, acceptShrink: true },
          );
          const nonBlank = lines.filter((l) => l.trim() !== '').length;
          expect(report.counts.lines).toBe(nonBlank);
          expect(report.counts.cases + report.counts.workers + report.counts.teams + report.counts.rejected).toBe(
            nonBlank,
          );
          entries.forEach(([l], i) => {
            if (l.valid) expect(rejected.some((r) => r.line === i + 1)).toBe(false);
          });
          for (const { entity, item } of store.items.values())
            for (const key of Object.keys(item)) expect(OWNED_FIELDS[entity]).toContain(key);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('import: no crash, every bad line reported with a reason, every good line in the same batch loaded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(good, garbage), { minLength: 1, maxLength: 40 }), async (lines) => {
        const writer = new MemoryWriter();
        const rejected: { line: number; detail: string }[] = [];
        const summary = await importLines(
          lines.map((l) => l.line),
          writer,
          (r) => rejected.push(r),
        );
        const nonBlank = lines.filter((l) => l.line.trim() !== '').length;
        expect(summary.lines).toBe(lines.length);
        expect(summary.loaded.cases + summary.loaded.workers + summary.loaded.teams + summary.rejected).toBe(nonBlank);
        for (const r of rejected) expect(r.detail.length).toBeGreaterThan(0);
        lines.forEach((l, i) => {
          if (l.valid) expect(rejected.some((r) => r.line === i + 1)).toBe(false);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('email: HTML in any field of any record is escaped in every email, names shown or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(validChild, nasty, nasty, nasty), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (kids, showNames) => {
          const cases = kids.map(([{ record }, id, given, family], i) => ({
            ...record,
            id: `${id}`.slice(0, 100) + i,
            givenName: given.slice(0, 200),
            familyName: family.slice(0, 200),
            teamId: 'T<b>1',
            workerId: i % 2 ? 'W"1' : null,
            dateOfBirth: '2012-01-01',
            periodOfCareStart: '2020-01-01',
            placement: { ...record.placement, start: '2020-01-01' },
            visits: [],
            reviews: [],
            healthAssessments: [],
            dentalChecks: [],
            peps: [],
            supervisions: [],
            pathwayPlanReviews: [],
            careOrderDate: undefined,
          }));
          const store = new InMemoryStore(
            cases,
            [{ id: 'W"1', name: '<i>Worker</i>', email: 'w@council.gov.uk', teamId: 'T<b>1' }],
            [{ id: 'T<b>1', name: '<marquee>Team</marquee>', managerEmails: ['m@council.gov.uk'] }],
          );
          const delivery = fakeDelivery();
          const deps = {
            ...delivery,
            store,
            policy: compilePolicy({ showNames }),
            settings: {
              serviceName: '<svg onload=x>',
              caseLinkTemplate: 'https://cases.example/c/{id}',
              scanSegments: 1,
              sendConcurrency: 2,
              serviceRecipients: ['h@council.gov.uk'],
            },
            runId: 'fuzz',
          };
          await runDailyReminders(day('2024-06-03'), deps);
          await runWeeklyDigest(day('2024-06-03'), { scope: 'all' }, deps);
          expect(delivery.sender.sent.length).toBeGreaterThan(0);
          expect(delivery.sender.sent.some((e) => e.html.includes('&lt;marquee&gt;Team&lt;/marquee&gt;'))).toBe(true);
          for (const email of delivery.sender.sent) {
            expect(email.html).not.toMatch(/<(script|img|svg|marquee|i|b)[\s>]/i);
            expect(email.html).not.toMatch(/href="(?!https:\/\/cases\.example\/c\/)/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
