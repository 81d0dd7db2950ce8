/**
 * An SSD folder as a snapshot for the import (shared/use-cases/snapshot-input.ts): a blocked person reaches the
 * import as one rejected line with its id (kept open there as named but unreadable), a converted person's lines are
 * reported only, and people with no team go to the authority's team for cases with no team, whose unreachable
 * cases the daily run sends to the heads of service.
 */
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';
import { ssdSnapshot } from '../../shared/use-cases/snapshot-input.js';
import { InMemoryStore, fakeDelivery } from '../helpers/fakes.js';
import { AS_OF, type Tables, csv, writeExtract } from './helpers.js';

const DIRECTORY = [
  '{"kind":"team","id":"T1","name":"North","managerEmails":["north.manager@council.gov.uk"]}',
  '{"kind":"worker","id":"W1","name":"Sam Social","email":"sam@council.gov.uk","teamId":"T1"}',
].join('\n');

/** C1 allocated in T1; C2 with no date of birth (blocked); C3 with no CW involvement (no team). */
function tables(directory = true): Tables {
  return {
    ssd_person: csv(
      ['pers_person_id', 'pers_forename', 'pers_dob'],
      [
        ['C1', 'Ava', '2012-03-04'],
        ['C2', 'Bo', ''],
        ['C3', 'Cy', '2013-05-06'],
      ],
    ),
    ssd_cla_episodes: csv(
      ['clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_id'],
      [
        ['C1', '2023-01-10', 'A1'],
        ['C2', '2023-01-10', 'A2'],
        ['C3', '2024-01-10', 'A3'],
      ],
    ),
    ssd_involvements: csv(
      [
        'invo_person_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_professional_team',
        'invo_involvement_start_date',
      ],
      [['C1', 'W1', 'CW', 'T1', '2023-01-10']],
    ),
    ssd_cla_visits: csv(
      ['clav_person_id', 'clav_cla_visit_date'],
      [
        ['C1', '2024-05-20'],
        ['C1', '10/13/2024 1:00 PM'],
      ],
    ),
    ...(directory ? { 'directory.jsonl': `${DIRECTORY}\n` } : {}),
  };
}

const NO_TEAM_LINE = '{"kind":"team","id":"unassigned","name":"Not allocated to a team","managerEmails":[]}';

describe('an SSD folder as a snapshot', () => {
  it('rejectedBefore holds exactly the blocking lines (with the id), reportedOnly the others', async () => {
    const source = await ssdSnapshot(writeExtract(tables()), { asOf: day(AS_OF) });
    expect(source.rejectedBefore).toEqual([
      {
        line: 0,
        recordId: 'C2',
        problem: 'no-date-of-birth',
        detail: 'pers_dob and pers_expected_dob are empty',
      },
    ]);
    expect(source.reportedOnly?.map((r) => `${r.recordId} ${r.problem}`)).toEqual(['C1 invalid-date', 'C3 no-team']);
    const lines = [...(source.lines as string[])].filter((l) => l !== '');
    expect(lines.map((l) => JSON.parse(l) as { kind: string; id: string }).map((l) => `${l.kind} ${l.id}`)).toEqual([
      'team T1',
      'worker W1',
      'team unassigned',
      'child C1',
      'child C3',
    ]);
    expect(lines[2]).toBe(NO_TEAM_LINE);
    expect(JSON.parse(lines[4]!)).toMatchObject({ id: 'C3', teamId: 'unassigned', workerId: null });
  });

  it('the team id is a setting; a directory that already has the team keeps its own line', async () => {
    const own = await ssdSnapshot(writeExtract(tables()), { asOf: day(AS_OF), noTeamId: ' NOTEAM ' });
    expect([...(own.lines as string[])].filter((l) => l.includes('NOTEAM'))).toEqual([
      '{"kind":"team","id":"NOTEAM","name":"Not allocated to a team","managerEmails":[]}',
      expect.stringContaining('"teamId":"NOTEAM"'),
    ]);
    const t = tables();
    t['directory.jsonl'] +=
      '{"kind":"team","id":"unassigned","name":"Unallocated","managerEmails":["a@council.gov.uk"]}\n';
    const listed = await ssdSnapshot(writeExtract(t), { asOf: day(AS_OF) });
    expect([...(listed.lines as string[])].filter((l) => l.includes('"kind":"team"'))).toHaveLength(2);
    expect(listed.lines).not.toContain(NO_TEAM_LINE);
  });

  it('adds no team line without a directory file (it would make every other team inactive)', async () => {
    const source = await ssdSnapshot(writeExtract(tables(false)), { asOf: day(AS_OF) });
    expect([...(source.lines as string[])].map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['C1', 'C3']);
  });

  it.each([
    ['with the directory: the team for cases with no team, no manager', true, 'Not allocated to a team'],
    ['without a directory: a team the run does not know', false, 'Not allocated to a team'],
  ])(
    'the daily run sends the unreachable no-team case to the heads of service (%s)',
    async (_, withDirectory, heading) => {
      const source = await ssdSnapshot(writeExtract(tables(withDirectory)), { asOf: day(AS_OF) });
      // Without a directory file the import leaves the directory as an earlier snapshot loaded it.
      const lines = [...(source.lines as string[]), ...(withDirectory ? [] : DIRECTORY.split('\n'))];
      const items = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as { kind: string });
      const store = new InMemoryStore(
        items.filter((i) => i.kind === 'child' || i.kind === 'leaver'),
        items.filter((i) => i.kind === 'worker'),
        items.filter((i) => i.kind === 'team'),
      );
      const d = {
        ...fakeDelivery(),
        store,
        policy: compilePolicy({}),
        settings: {
          serviceName: 'Test service',
          caseLinkTemplate: 'https://cases.example/c/{id}',
          scanSegments: 1,
          sendConcurrency: 1,
          serviceRecipients: ['head@council.gov.uk'],
        },
        runId: 'run-1',
      } satisfies DailyDeps;
      await runDailyReminders(day(AS_OF), d);
      const head = d.sender.sent.filter((e) => e.to === 'head@council.gov.uk');
      expect(head).toHaveLength(1);
      expect(head[0]!.text).toContain('C3');
      expect(head[0]!.text).toContain(heading);
      expect(head[0]!.text).not.toContain('C1');
      const manager = d.sender.sent.filter((e) => e.to === 'north.manager@council.gov.uk');
      expect(manager.every((e) => !e.text.includes('C3'))).toBe(true);
    },
  );
});
