/**
 * Snapshot imports on dynalite: upsert, close what is gone, refuse a broken export without writing, keep system-owned
 * state, reject what DynamoDB would refuse, survive a crash at any point.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import type { SnapshotStore } from '../../shared/ports/record-store.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import type { Rejected } from '../../shared/use-cases/import-records.js';
import { type ImportSnapshotOptions, importSnapshot } from '../../shared/use-cases/import-snapshot.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { clearSentEmails, sentEmails } from '../../local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type LocalAws, emptyTable, startLocalAws } from '../helpers/local-aws.js';
import { child } from '../helpers/records.js';

const DOMAIN = 'example-council.gov.uk';
let local: LocalAws;

const team = (id: string, name: string) =>
  JSON.stringify({ kind: 'team', id, name, managerEmails: [`manager.${id.toLowerCase()}@${DOMAIN}`] });
const worker = (id: string, teamId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    kind: 'worker',
    id,
    name: `Worker ${id}`,
    email: `${id.toLowerCase()}@${DOMAIN}`,
    teamId,
    ...extra,
  });
/** A child whose visit is overdue on 2024-06-03 (last visit 2024-04-02, due 2024-05-14). */
const kid = (id: string, teamId = 'T-N', workerId = 'W-A', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...child({
      id,
      teamId,
      workerId,
      dateOfBirth: '2010-01-01',
      periodOfCareStart: '2023-01-02',
      placement: { start: '2023-01-02', type: 'foster' },
      visits: ['2024-04-02'],
    }),
    ...extra,
  });

/** 80 children in T-N (W-A), 10 in T-S (W-S), and the directory. */
const base = (omit: string[] = []) => [
  team('T-N', 'North'),
  team('T-S', 'South'),
  worker('W-A', 'T-N'),
  worker('W-S', 'T-S'),
  ...Array.from({ length: 80 }, (_, i) => `N-${i + 1}`)
    .filter((id) => !omit.includes(id))
    .map((id) => kid(id)),
  ...Array.from({ length: 10 }, (_, i) => `S-${i + 1}`)
    .filter((id) => !omit.includes(id))
    .map((id) => kid(id, 'T-S', 'W-S')),
];

const clock = new FixedClock(new Date('2024-06-03T05:00:00Z'));
const run = async (
  lines: string[],
  options: Partial<ImportSnapshotOptions> = {},
  store: SnapshotStore = local.adapters.store,
) => {
  const rejected: Rejected[] = [];
  const report = await importSnapshot(
    { name: 'test.jsonl', lines },
    { store, clock, onRejected: (r) => rejected.push(r) },
    { retentionDays: 730, ...options },
  );
  return { report, rejected };
};

/** Every record and directory item, without the import state: what "changes nothing" compares. */
async function tableContents() {
  const result = await local.adapters.doc.send(
    new ScanCommand({ TableName: local.config.RECORDS_TABLE, ConsistentRead: true }),
  );
  return (result.Items ?? [])
    .filter((i) => i.pk !== 'IMPORT')
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
}
const item = async (pk: string, sk: string) => (await tableContents()).find((i) => i.pk === pk && i.sk === sk);
const openIds = async () => {
  const ids: string[] = [];
  for await (const page of local.adapters.store.scanCases({ segments: 2 }))
    ids.push(...page.map((c) => (c as { id: string }).id));
  return ids.sort();
};

beforeAll(async () => {
  local = await startLocalAws();
}, 60_000);
afterAll(async () => local.stop());
beforeEach(async () => {
  // A fresh table per test: delete everything.
  await emptyTable(local, local.config.RECORDS_TABLE);
  clock.time = new Date('2024-06-03T05:00:00Z');
  await clearSentEmails(local.emulators.sesEndpoint);
});

const later = (iso: string) => {
  clock.time = new Date(iso);
};

describe('snapshot import', () => {
  it('loads a snapshot, stores only the schema fields and records the import', async () => {
    const lines = base();
    lines.push(
      kid('N-extra', 'T-N', 'W-A', {
        ethnicity: 'not ours to keep',
        placement: { start: '2023-01-02', type: 'foster', carerName: 'x' },
      }),
    );
    const { report } = await run(lines);
    expect(report).toMatchObject({
      outcome: 'complete',
      counts: { cases: 91, workers: 2, teams: 2, rejected: 0 },
      closed: 0,
    });
    const stored = await item('CASE#N-extra', 'CASE');
    expect(stored).toMatchObject({
      id: 'N-extra',
      entity: 'case',
      importedAt: '2024-06-03T05:00:00.000Z',
      visits: ['2024-04-02'],
    });
    expect(stored).not.toHaveProperty('ethnicity');
    expect(stored!.placement).toEqual({ start: '2023-01-02', type: 'foster' });
    const [state] = await local.adapters.store.readImportStates();
    expect(state).toMatchObject({
      scope: 'all',
      lastComplete: { importedAt: '2024-06-03T05:00:00.000Z', counts: { cases: 91 } },
    });
    expect(state).not.toHaveProperty('closing');
  });

  it('closes a record dropped from the next snapshot: it gets no further email of any kind', async () => {
    await run(base());
    const policy = compilePolicy({});
    const deps = (asOf: string) => ({
      ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date(`${asOf}T07:00:00Z`))),
      store: local.adapters.store,
      policy,
      settings: reminderSettings(local.config),
      runId: asOf,
    });
    // Before: N-7 is in the worker's reminder.
    await runDailyReminders(day('2024-06-03'), deps('2024-06-03'));
    const before = await sentEmails(local.emulators.sesEndpoint);
    expect(before.some((m) => /\bN-7\b/.test(m.body.text ?? ''))).toBe(true);
    await clearSentEmails(local.emulators.sesEndpoint);

    later('2024-06-04T05:00:00Z');
    const { report } = await run(base(['N-7']));
    expect(report).toMatchObject({ outcome: 'complete', closed: 1, openCasesBefore: 90 });
    const closed = await item('CASE#N-7', 'CASE');
    expect(closed).toMatchObject({
      closedAt: '2024-06-04T05:00:00.000Z',
      expiresAt: Date.parse('2024-06-04T05:00:00Z') / 1000 + 730 * 86_400,
    });
    expect(await openIds()).not.toContain('N-7');
    expect(await openIds()).toHaveLength(89);

    // Daily reminders (a new stage falls due), escalations and the digest over the following weeks: never N-7.
    await runDailyReminders(day('2024-06-04'), deps('2024-06-04'));
    await runDailyReminders(day('2024-06-11'), deps('2024-06-11'));
    await runEscalations(day('2024-06-11'), deps('2024-06-11'));
    await runWeeklyDigest(day('2024-06-10'), { scope: 'all' }, deps('2024-06-10'));
    const after = await sentEmails(local.emulators.sesEndpoint);
    expect(after.length).toBeGreaterThan(3);
    expect(after.some((m) => /\bN-8\b/.test(m.body.text ?? ''))).toBe(true);
    expect(after.filter((m) => /\bN-7\b/.test(`${m.subject}${m.body.text}${m.body.html}`))).toEqual([]);

    // It comes back in a later snapshot: open again, no TTL.
    later('2024-06-05T05:00:00Z');
    await run(base());
    const reopened = await item('CASE#N-7', 'CASE');
    expect(reopened).not.toHaveProperty('closedAt');
    expect(reopened).not.toHaveProperty('expiresAt');
  });

  it.each([
    ['empty', () => [], /no valid case records \(0 lines read, 0 rejected\); 90 open cases would be closed/],
    [
      'truncated',
      () => base().slice(0, 50),
      /would close 44 of the 90 open cases \(48\.9 %, more than the 10 % allowed; it holds 46 cases\)/,
    ],
    [
      'shrunk by 11 %',
      () => base(['N-1', 'N-2', 'N-3', 'N-4', 'N-5', 'N-6', 'N-7', 'N-8', 'N-9', 'N-10']),
      /would close 10 of the 90 open cases \(11\.1 %, more than the 10 % allowed; it holds 80 cases\)/,
    ],
    [
      'mostly garbage',
      () => [...base(), ...Array.from({ length: 6 }, () => '{"kind": "child"}')],
      /6 of 100 lines were rejected \(6\.0 %, more than the 5 % allowed\)/,
    ],
  ])('refuses a snapshot that is %s and changes nothing', async (_name, lines, reason) => {
    await run(base());
    const before = await tableContents();
    later('2024-06-04T05:00:00Z');
    const { report } = await run(lines());
    expect(report.outcome).toBe('refused');
    expect(report.reason).toMatch(reason);
    expect(await tableContents()).toEqual(before);
    const [state] = await local.adapters.store.readImportStates();
    expect(state!.lastAttempt).toMatchObject({ outcome: 'refused', at: '2024-06-04T05:00:00.000Z' });
    expect(state!.lastComplete!.importedAt).toBe('2024-06-03T05:00:00.000Z');
  });

  it('applies a shrunken snapshot with acceptShrink, and 10 % fewer is not refused', async () => {
    await run(base());
    const nine = base(['N-1', 'N-2', 'N-3', 'N-4', 'N-5', 'N-6', 'N-7', 'N-8', 'N-9']);
    later('2024-06-04T05:00:00Z');
    expect((await run(nine)).report).toMatchObject({ outcome: 'complete', closed: 9 });
    later('2024-06-05T05:00:00Z');
    expect((await run([], { acceptShrink: true })).report).toMatchObject({ outcome: 'complete', closed: 81 });
    expect(await openIds()).toEqual([]);
  });

  it('keeps bounce suppression through a re-import, whatever the file says', async () => {
    await run(base());
    await local.adapters.store.suppressWorkerAddress(`w-a@${DOMAIN}`, new Date('2024-06-03T09:00:00Z'));
    later('2024-06-04T05:00:00Z');
    const lines = base().map((l) =>
      l === worker('W-A', 'T-N') ? worker('W-A', 'T-N', { name: 'Worker Renamed', emailSuppressed: false }) : l,
    );
    await run(lines);
    expect(await item('DIRECTORY', 'WORKER#W-A')).toMatchObject({
      name: 'Worker Renamed',
      emailSuppressed: true,
      emailSuppressedAt: '2024-06-03T09:00:00.000Z',
      importedAt: '2024-06-04T05:00:00.000Z',
    });
  });

  it('makes workers and teams absent from the snapshot inactive; a team that is inactive gets no digest slot', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const withoutSouth = base().filter((l) => !l.includes('"T-S"') || l.includes('"kind":"child"'));
    const { report } = await run([...withoutSouth]);
    expect(report.deactivated).toEqual({ workers: 1, teams: 1 });
    expect(await item('DIRECTORY', 'WORKER#W-S')).toMatchObject({ active: false });
    const directory = await local.adapters.store.loadDirectory();
    expect(directory.teams.map((t) => (t as { id: string }).id)).toEqual(['T-N']);
  });

  it('rejects a 400 KB field, a huge number and deep nesting with reasons while the rest loads', async () => {
    let deep: Record<string, unknown> = { missing: true };
    for (let i = 0; i < 40; i++) deep = { missing: deep };
    const bad = [
      kid('BIG', 'T-N', 'W-A', { givenName: 'x'.repeat(400 * 1024) }),
      kid('HUGE', 'T-N', 'W-A', { weeksLookedAfterSince14BeforePeriod: 2 ** 60 }),
      kid('DEEP', 'T-N', 'W-A', { flags: deep }),
    ];
    const lines = base();
    lines.splice(10, 0, ...bad);
    const { report, rejected } = await run(lines);
    expect(report).toMatchObject({ outcome: 'complete', counts: { cases: 90, rejected: 3, lines: 97 } });
    expect(rejected.map((r) => [r.line, r.recordId, r.problem])).toEqual([
      [11, 'BIG', 'invalid-record'],
      [12, 'HUGE', 'invalid-record'],
      [13, 'DEEP', 'invalid-record'],
    ]);
    expect(rejected[0]!.detail).toContain('givenName');
    expect(rejected[1]!.detail).toContain('weeksLookedAfterSince14BeforePeriod');
    expect(rejected[2]!.detail).toContain('flags');
    expect(JSON.stringify(rejected)).not.toContain('xxxx');
    // Named but unreadable: open, as a stub naming the problem (never the value), for the team manager's list.
    expect(await openIds()).toHaveLength(93);
    const big = await item('CASE#BIG', 'CASE');
    expect(big).toMatchObject({ id: 'BIG', teamId: 'T-N', notReadableIn: '2024-06-03' });
    expect(big!.notReadableDetail).toContain('givenName');
    expect(JSON.stringify(big)).not.toContain('xxxx');
  });

  it('a crash half-way through the upserts leaves the previous snapshot in force; a re-run completes it', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const next = base(['N-1', 'N-2']).map((l) =>
      l.includes('"N-50"') ? kid('N-50', 'T-N', 'W-A', { visits: ['2024-05-30'] }) : l,
    );
    let batches = 0;
    const crashing = crashingStore({ upsert: () => ++batches === 1 });
    await expect(run(next, {}, crashing)).rejects.toThrow('simulated crash');
    expect(await openIds()).toContain('N-1');
    expect(await openIds()).toHaveLength(90);
    const [state] = await local.adapters.store.readImportStates();
    expect(state).toMatchObject({
      lastComplete: { importedAt: '2024-06-03T05:00:00.000Z' },
      lastAttempt: { outcome: 'failed' },
    });
    expect(state).not.toHaveProperty('closing');

    later('2024-06-04T06:00:00Z');
    expect((await run(next)).report).toMatchObject({ outcome: 'complete', closed: 2 });
    expect(await openIds()).toHaveLength(88);
    expect(await item('CASE#N-50', 'CASE')).toMatchObject({ visits: ['2024-05-30'] });
  });

  it('a crash half-way through closing is finished by the next import, even one that is refused', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const crashing = crashingStore({ close: (ids) => ids.includes('N-3') });
    const dropped = ['N-1', 'N-2', 'N-3', 'N-4', 'N-5', 'N-6', 'N-7'];
    // Close batches of one at a time, so that the crash falls between them.
    await expect(run(base(dropped), {}, crashing)).rejects.toThrow('simulated crash');
    const [state] = await local.adapters.store.readImportStates();
    expect(state!.closing).toEqual({ importedAt: '2024-06-04T05:00:00.000Z', workers: true, teams: true });
    const stillOpen = (await openIds()).filter((id) => dropped.includes(id));
    expect(stillOpen.length).toBeGreaterThan(0);

    later('2024-06-05T05:00:00Z');
    const { report } = await run([]);
    expect(report).toMatchObject({ outcome: 'refused' });
    expect(report.resumedClosing).toBe(stillOpen.length);
    expect((await openIds()).filter((id) => dropped.includes(id))).toEqual([]);
    expect(await openIds()).toHaveLength(83);
  });

  it('with a scope, closes only what is missing from those teams and rejects lines of other teams', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const south = [
      ...Array.from({ length: 9 }, (_, i) => kid(`S-${i + 1}`, 'T-S', 'W-S')),
      team('T-S', 'South'),
      worker('W-S', 'T-S'),
    ];
    const { report, rejected } = await run([...south, kid('N-1')], { scope: ['T-S'], acceptShrink: true });
    expect(report).toMatchObject({
      outcome: 'complete',
      scope: 'T-S',
      closed: 1,
      openCasesBefore: 10,
      deactivated: { workers: 0, teams: 0 },
    });
    expect(rejected).toMatchObject([{ recordId: 'N-1', problem: 'out-of-scope' }]);
    expect(await openIds()).toHaveLength(89);
    expect(await openIds()).not.toContain('S-10');
  });
});

/** The real store, failing at the chosen call (a process killed at that point writes nothing more). */
function crashingStore(when: { upsert?: () => boolean; close?: (ids: readonly string[]) => boolean }): SnapshotStore {
  const real = local.adapters.store;
  return {
    storedKeys: (s) => real.storedKeys(s),
    upsert: async (items, at) => {
      if (when.upsert?.()) {
        await real.upsert(items.slice(0, Math.floor(items.length / 2)), at);
        throw new Error('simulated crash');
      }
      return real.upsert(items, at);
    },
    close: async (ids, snapshot, closedAt, expiresAt, teamIds) => {
      let n = 0;
      for (const id of ids) {
        if (when.close?.([id])) throw new Error('simulated crash');
        n += await real.close([id], snapshot, closedAt, expiresAt, teamIds);
      }
      return n;
    },
    markNotReadable: (marks, at, d) => real.markNotReadable(marks, at, d),
    removeReplaced: (e, ids, at) => real.removeReplaced(e, ids, at),
    deactivate: (e, ids, at) => real.deactivate(e, ids, at),
    readImportStates: () => real.readImportStates(),
    writeImportState: (s) => real.writeImportState(s),
  };
}
