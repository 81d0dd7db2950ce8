/**
 * Snapshot imports on dynalite, keeping every child the export names in sight: a line whose id is readable keeps
 * its case open and listed to the manager; the guard counts who would close, by id and over 7 days; padded ids are
 * trimmed and the padded items replaced; a scoped import closes only what still belongs to its teams.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import type { SnapshotStore } from '../../shared/ports/record-store.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import type { Rejected } from '../../shared/use-cases/import-records.js';
import {
  type ImportSnapshotOptions,
  type SnapshotSource,
  importSnapshot,
} from '../../shared/use-cases/import-snapshot.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { clearSentEmails, sentEmails } from '../../local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type LocalAws, emptyTable, startLocalAws } from '../helpers/local-aws.js';
import { child } from '../helpers/records.js';

const DOMAIN = 'example-council.gov.uk';
let local: LocalAws;

const team = (id: string, name: string) =>
  JSON.stringify({ kind: 'team', id, name, managerEmails: [`manager.${id.trim().toLowerCase()}@${DOMAIN}`] });
const worker = (id: string, teamId: string) =>
  JSON.stringify({ kind: 'worker', id, name: `Worker ${id}`, email: `${id.trim().toLowerCase()}@${DOMAIN}`, teamId });
/** A child whose visit is overdue on 2024-06-03 (last visit 2024-04-02). */
const kidRecord = (id: string, teamId = 'T-N', workerId = 'W-A') =>
  child({
    id,
    teamId,
    workerId,
    dateOfBirth: '2010-01-01',
    periodOfCareStart: '2023-01-02',
    placement: { start: '2023-01-02', type: 'foster' },
    visits: ['2024-04-02'],
  });
const kid = (id: string, teamId = 'T-N', workerId = 'W-A') => JSON.stringify(kidRecord(id, teamId, workerId));
const ids = (prefix: string, n: number, from = 1) => Array.from({ length: n }, (_, i) => `${prefix}-${i + from}`);
const directory = [team('T-N', 'North'), team('T-S', 'South'), worker('W-A', 'T-N'), worker('W-S', 'T-S')];
/** The directory, N-1…N-80 in T-N and S-1…S-10 in T-S, less `omit`. */
const base = (omit: string[] = []) => [
  ...directory,
  ...ids('N', 80)
    .filter((id) => !omit.includes(id))
    .map((id) => kid(id)),
  ...ids('S', 10)
    .filter((id) => !omit.includes(id))
    .map((id) => kid(id, 'T-S', 'W-S')),
];

const clock = new FixedClock(new Date('2024-06-03T05:00:00Z'));
const later = (iso: string) => {
  clock.time = new Date(iso);
};
const run = async (
  lines: string[],
  options: Partial<ImportSnapshotOptions> = {},
  extra: Partial<SnapshotSource> = {},
  store: SnapshotStore = local.adapters.store,
  importClock = clock,
) => {
  const rejected: Rejected[] = [];
  const report = await importSnapshot(
    { name: 'test.jsonl', lines, ...extra },
    { store, clock: importClock, onRejected: (r) => rejected.push(r) },
    { retentionDays: 2190, ...options },
  );
  return { report, rejected };
};
async function items() {
  const result = await local.adapters.doc.send(
    new ScanCommand({ TableName: local.config.RECORDS_TABLE, ConsistentRead: true }),
  );
  return (result.Items ?? []).filter((i) => i.pk !== 'IMPORT');
}
const item = async (pk: string) => (await items()).find((i) => i.pk === pk);
const openIds = async () => {
  const out: string[] = [];
  for await (const page of local.adapters.store.scanCases({ segments: 2 }))
    out.push(...page.map((c) => (c as { id: string }).id));
  return out.sort();
};
const deps = (asOf: string) => ({
  ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date(`${asOf}T07:00:00Z`))),
  store: local.adapters.store,
  policy: compilePolicy({}),
  settings: reminderSettings(local.config),
  runId: asOf,
});
const mail = async () =>
  (await sentEmails(local.emulators.sesEndpoint)).map((m) => ({
    to: m.destination.to.join(','),
    subject: m.subject,
    text: m.body.text ?? '',
  }));

beforeAll(async () => {
  local = await startLocalAws();
}, 60_000);
afterAll(async () => local.stop());
beforeEach(async () => {
  await Promise.all([emptyTable(local, local.config.RECORDS_TABLE), emptyTable(local, local.config.LEDGER_TABLE)]);
  clock.time = new Date('2024-06-03T05:00:00Z');
  await clearSentEmails(local.emulators.sesEndpoint);
});

describe('a case the export names but the import cannot read', () => {
  it('stays open with its last good version, is listed to the manager, and is cleared when read again', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    // N-5's line now has a US date: not readable, but its id is.
    const damaged = base().map((l) =>
      l === kid('N-5')
        ? JSON.stringify({ ...kidRecord('N-5'), dateOfBirth: '10/13/2010 1:00 PM', familyName: 'Secret' })
        : l,
    );
    const { report, rejected } = await run(damaged);
    expect(report).toMatchObject({ outcome: 'complete', closed: 0, notReadable: 1, counts: { rejected: 1 } });
    expect(rejected).toMatchObject([{ recordId: 'N-5', problem: 'invalid-record' }]);
    const stored = await item('CASE#N-5');
    expect(stored).toMatchObject({
      dateOfBirth: '2010-01-01',
      visits: ['2024-04-02'],
      notReadableIn: '2024-06-04',
      importedAt: '2024-06-04T05:00:00.000Z',
    });
    expect(stored!.notReadableDetail).toContain('dateOfBirth');
    expect(JSON.stringify(stored)).not.toContain('Secret');
    expect(await openIds()).toContain('N-5');

    const daily = await runDailyReminders(day('2024-06-04'), deps('2024-06-04'));
    expect(daily).toMatchObject({ notReadable: 1, invalidRecords: 0 });
    const sent = await mail();
    const toWorker = sent.find((m) => m.to === `w-a@${DOMAIN}`)!;
    expect(toWorker.text).toMatch(/\bN-5\b/);
    const toManager = sent.find((m) => m.to === `manager.t-n@${DOMAIN}`)!;
    expect(toManager.subject).toContain('1 case not readable in the export');
    expect(toManager.text).toContain('Could not be read: fix in the case system (1)');
    expect(toManager.text).toMatch(/N-5.*Not readable in the export of 4 Jun 2024 \(dateOfBirth/s);
    expect(sent.filter((m) => m.to === `manager.t-s@${DOMAIN}`)).toEqual([]);
    // And in the week's digest for North, until read again.
    await clearSentEmails(local.emulators.sesEndpoint);
    await runWeeklyDigest(day('2024-06-04'), { scope: 'all' }, deps('2024-06-04'));
    const digests = await mail();
    const northDigest = digests.find((m) => m.subject.startsWith('North: weekly digest'))!;
    expect(northDigest.text).toContain('Could not be read: fix in the case system (1)');
    expect(northDigest.text).toMatch(/\bN-5\b/);
    const southDigest = digests.find((m) => m.subject.startsWith('South: weekly digest'))!;
    expect(southDigest.text).not.toContain('Could not be read: fix in the case system');

    // The next export reads it: the mark goes, with the manager's list.
    later('2024-06-05T05:00:00Z');
    await run(base());
    const cleared = await item('CASE#N-5');
    expect(cleared).not.toHaveProperty('notReadableIn');
    expect(cleared).not.toHaveProperty('notReadableDetail');
    await clearSentEmails(local.emulators.sesEndpoint);
    await runDailyReminders(day('2024-06-10'), deps('2024-06-10'));
    expect((await mail()).filter((m) => m.text.includes('Could not be read: fix in the case system'))).toEqual([]);
  });

  it.each([
    ['a JSON line failing validation', [JSON.stringify({ id: '  NEW-1 ', kind: 'child', teamId: 'T-N' })], []],
    [
      'a person the SSD converter blocked (rejectedBefore with recordId)',
      [],
      [{ line: 0, recordId: 'NEW-1', problem: 'no-date-of-birth', detail: 'pers_dob' }],
    ],
  ] as const)('%s with no stored record is still named to a person', async (_name, lines, before) => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const { report } = await run([...base(), ...lines], {}, { rejectedBefore: [...before] });
    expect(report).toMatchObject({ outcome: 'complete', notReadable: 1, closed: 0 });
    expect(await item('CASE#NEW-1')).toMatchObject({ id: 'NEW-1', notReadableIn: '2024-06-04' });
    await runDailyReminders(day('2024-06-04'), deps('2024-06-04'));
    const naming = (await mail()).filter((m) => /Could not be read: fix in the case system \(1\)/.test(m.text));
    expect(naming).toHaveLength(1);
    // With a readable team, its manager; without one, the heads of service.
    expect(naming[0]!.to).toBe(lines.length ? `manager.t-n@${DOMAIN}` : `head.of.service@${DOMAIN}`);
    expect(naming[0]!.text).toMatch(/\bNEW-1\b/);
    // Listed once, as not readable, not again as an invalid record.
    expect(naming[0]!.text).not.toContain('Records that could not be read');
  });

  it('a converter-blocked person with a stored record keeps it open; duplicate and out-of-scope lines do not', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const { report } = await run(
      base(['N-1', 'N-2']),
      {},
      {
        rejectedBefore: [{ line: 0, recordId: 'N-1', problem: 'no-ceased-date', detail: 'clea_care_leaver_ceased' }],
      },
    );
    expect(report).toMatchObject({ outcome: 'complete', closed: 1, notReadable: 1 });
    expect(await openIds()).toContain('N-1');
    expect(await openIds()).not.toContain('N-2');
  });

  it('lines naming a case do not count toward the rejected-lines threshold; lines naming nobody do', async () => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const bad = (id: string) => JSON.stringify({ ...kidRecord(id), dateOfBirth: '13/10/2010' });
    const damaged = base().map((l, i) => (i >= 4 && i < 10 ? bad(`N-${i - 3}`) : l));
    const { report } = await run(damaged);
    expect(report).toMatchObject({ outcome: 'complete', closed: 0, notReadable: 6, counts: { rejected: 6 } });
    expect(await item('CASE#N-1')).toMatchObject({ notReadableIn: '2024-06-04' });

    later('2024-06-05T05:00:00Z');
    const refused = await run([...damaged, ...Array.from({ length: 5 }, () => '{"kind": "child"}')]);
    expect(refused.report).toMatchObject({
      outcome: 'refused',
      reason:
        '5 of 99 lines were rejected (5.1 %, more than the 5 % allowed; not counting 6 lines of cases kept open as not readable)',
    });
  });
});

describe('the guard looks at who would close', () => {
  it.each([
    [
      'the same size with other ids',
      () => [...directory, ...ids('X', 90).map((id) => kid(id))],
      'the snapshot would close 90 of the 90 open cases (100.0 %, more than the 10 % allowed; it holds 90 cases)',
    ],
    [
      'larger, but 11 of the open cases gone',
      () => [...base(ids('N', 11)), ...ids('X', 30).map((id) => kid(id))],
      'the snapshot would close 11 of the 90 open cases (12.2 %, more than the 10 % allowed; it holds 109 cases)',
    ],
  ])('refuses a snapshot %s, before writing', async (_name, lines, reason) => {
    await run(base());
    later('2024-06-04T05:00:00Z');
    const { report } = await run(lines());
    expect(report).toMatchObject({ outcome: 'refused', reason });
    expect(await openIds()).toEqual([...ids('N', 80), ...ids('S', 10)].sort());
    expect(await item('CASE#X-1')).toBeUndefined();
  });

  it('refuses when the closures of the last 7 days pass the weekly threshold; accepted ones do not count', async () => {
    await run(base());
    // Night after night, under 10 % each.
    later('2024-06-04T05:00:00Z');
    expect((await run(base(ids('N', 8)))).report).toMatchObject({ outcome: 'complete', closed: 8 });
    later('2024-06-05T05:00:00Z');
    expect((await run(base(ids('N', 15)))).report).toMatchObject({ outcome: 'complete', closed: 7 });
    later('2024-06-06T05:00:00Z');
    const third = await run(base(ids('N', 22)));
    expect(third.report).toMatchObject({
      outcome: 'refused',
      reason:
        'the snapshot would close 7 cases after 15 closed in the last 7 days: 22 of 90 (24.4 %, more than the 20 % allowed in 7 days)',
    });
    expect(await openIds()).toHaveLength(75);
    // Eight days after the first closures, they have left the window.
    later('2024-06-12T05:00:00Z');
    expect((await run(base(ids('N', 22)))).report).toMatchObject({ outcome: 'complete', closed: 7 });
    // A shrink a person accepted is not held against the nights after it.
    later('2024-06-13T05:00:00Z');
    expect((await run(base(ids('N', 50)), { acceptShrink: true })).report).toMatchObject({ closed: 28 });
    later('2024-06-14T05:00:00Z');
    expect((await run(base(ids('N', 51)))).report).toMatchObject({ outcome: 'complete', closed: 1 });
  });
});

describe('identifiers are trimmed at the boundary', () => {
  it('matches and rewrites records stored with padded ids; team and service digests then agree', async () => {
    // Written before ids were trimmed: a case keyed "P-1  " in team "T-N  ", and N-1 with a padded team.
    await local.adapters.store.putAll([
      { entity: 'case', id: 'P-1  ', item: { ...kidRecord('P-1  ', 'T-N  '), importedAt: '2024-06-01T05:00:00Z' } },
      { entity: 'case', id: 'N-1', item: { ...kidRecord('N-1', 'T-N  '), importedAt: '2024-06-01T05:00:00Z' } },
      { entity: 'team', id: 'T-N  ', item: { id: 'T-N  ', name: 'North', managerEmails: [`manager.t-n@${DOMAIN}`] } },
    ]);
    const padded = [
      team('T-N  ', 'North'),
      team(' T-S', 'South'),
      worker('W-A ', ' T-N'),
      worker('W-S', 'T-S  '),
      ...ids('N', 80).map((id) => kid(id, 'T-N  ', ' W-A')),
      ...ids('S', 10).map((id) => kid(` ${id}`, 'T-S', 'W-S  ')),
      kid('P-1  ', '  T-N', 'W-A'),
    ];
    const { report } = await run(padded);
    expect(report).toMatchObject({ outcome: 'complete', closed: 0, replaced: 2, counts: { cases: 91, rejected: 0 } });
    const all = await items();
    expect(all.map((i) => i.pk as string).filter((pk) => pk.startsWith('CASE#P-1'))).toEqual(['CASE#P-1']);
    expect(all.filter((i) => i.entity === 'team').map((i) => i.sk)).toEqual(
      expect.arrayContaining(['TEAM#T-N', 'TEAM#T-S']),
    );
    expect(all.filter((i) => i.entity === 'team')).toHaveLength(2);
    expect(await item('CASE#S-1')).toMatchObject({ id: 'S-1', teamId: 'T-S', workerId: 'W-S' });
    expect(await item('CASE#N-1')).toMatchObject({ teamId: 'T-N', workerId: 'W-A' });
    expect((await openIds()).filter((id) => id.startsWith('P-1'))).toEqual(['P-1']);

    await runWeeklyDigest(day('2024-06-03'), { scope: 'all' }, deps('2024-06-03'));
    const sent = await mail();
    const overdue = (subject: string | undefined) => Number(/(\d+) items? overdue/.exec(subject ?? '')![1]);
    const north = overdue(sent.find((m) => m.subject.startsWith('North: weekly digest'))?.subject);
    const south = overdue(sent.find((m) => m.subject.startsWith('South: weekly digest'))?.subject);
    const service = overdue(sent.find((m) => m.subject.startsWith('Statutory compliance by team'))?.subject);
    // 81 identical children in North, 10 in South: the same items per child, and the service total is the sum.
    expect(north).toBeGreaterThan(0);
    expect(north / 81).toBe(south / 10);
    expect(north + south).toBe(service);
  });

  it('a case stored only under a padded id whose new line cannot be read keeps that last good version', async () => {
    await local.adapters.store.putAll([
      { entity: 'case', id: 'P-2  ', item: { ...kidRecord('P-2  '), importedAt: '2024-06-01T05:00:00Z' } },
    ]);
    const lines = [
      team('T-N', 'North'),
      worker('W-A', 'T-N'),
      ...ids('N', 20).map((id) => kid(id)),
      JSON.stringify({ ...kidRecord('P-2'), dateOfBirth: '10/13/2010 1:00 PM' }),
    ];
    const { report } = await run(lines);
    expect(report).toMatchObject({ outcome: 'complete', closed: 0, replaced: 0, notReadable: 1 });
    // The padded item is neither removed nor closed: it is the only version of the child the engine can evaluate.
    expect(await item('CASE#P-2  ')).toMatchObject({ dateOfBirth: '2010-01-01' });
    expect(await openIds()).toEqual(expect.arrayContaining(['P-2  ', 'P-2']));
  });

  it('a scoped import closes a case stored with a padded team id of a team in scope', async () => {
    await run(base());
    await local.adapters.store.putAll([
      { entity: 'case', id: 'N-0', item: { ...kidRecord('N-0', 'T-N  '), importedAt: '2024-06-01T05:00:00Z' } },
    ]);
    later('2024-06-04T05:00:00Z');
    const north = [team('T-N', 'North'), worker('W-A', 'T-N'), ...ids('N', 80).map((id) => kid(id))];
    const { report } = await run(north, { scope: ['T-N'] });
    expect(report).toMatchObject({ outcome: 'complete', openCasesBefore: 81, closed: 1 });
    expect(await openIds()).not.toContain('N-0');
  });
});

describe('two scoped imports at once while a case moves team', () => {
  it("the old team's import does not close the case the new team's snapshot holds", async () => {
    await run(base());
    // N-1 moves from North to South. North's import reads the keys (N-1 is North's and absent from its file); South's
    // import then runs to completion; North's import goes on to close what it lacks.
    const north = [team('T-N', 'North'), worker('W-A', 'T-N'), ...ids('N', 79, 2).map((id) => kid(id))];
    const south = [team('T-S', 'South'), worker('W-S', 'T-S'), ...ids('S', 10).map((id) => kid(id, 'T-S', 'W-S'))];
    south.push(kid('N-1', 'T-S', 'W-S'));
    const southClock = new FixedClock(new Date('2024-06-04T05:00:01Z'));
    const northClock = new FixedClock(new Date('2024-06-04T05:00:02Z'));
    const real = local.adapters.store;
    let southReport: unknown;
    const racing: SnapshotStore = {
      storedKeys: async (s) => {
        const keys = await real.storedKeys(s);
        southReport = (await run(south, { scope: ['T-S'] }, {}, real, southClock)).report;
        return keys;
      },
      upsert: (i, at) => real.upsert(i, at),
      close: (i, s, c, e, t) => real.close(i, s, c, e, t),
      markNotReadable: (m, at, d) => real.markNotReadable(m, at, d),
      removeReplaced: (e, i, at) => real.removeReplaced(e, i, at),
      deactivate: (e, i, at) => real.deactivate(e, i, at),
      readImportStates: () => real.readImportStates(),
      writeImportState: (s) => real.writeImportState(s),
    };
    const { report } = await run(north, { scope: ['T-N'] }, {}, racing, northClock);
    expect(southReport).toMatchObject({ outcome: 'complete', closed: 0 });
    expect(report).toMatchObject({ outcome: 'complete', openCasesBefore: 80, closed: 0 });
    expect(await item('CASE#N-2')).not.toHaveProperty('closedAt');
    expect(await item('CASE#N-1')).toMatchObject({ teamId: 'T-S', importedAt: '2024-06-04T05:00:01.000Z' });
    expect(await item('CASE#N-1')).not.toHaveProperty('closedAt');
    expect(await openIds()).toHaveLength(90);
  });
});
