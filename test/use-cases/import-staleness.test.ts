/** The daily run's staleness signal: the age of the last complete import, and the warning at the top of each email. */
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { freshnessOf } from '../../shared/domain/import/freshness.js';
import type { ImportState } from '../../shared/domain/import/snapshot-policy.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { staleDataBlocks, staleDataSentence } from '../../shared/templates/stale-data.js';
import { InMemoryStore, fakeDelivery } from '../helpers/fakes.js';
import { child } from '../helpers/records.js';

const counts = { lines: 2, rejected: 0, cases: 2, workers: 1, teams: 2 };
const complete = (scope: string, at: string): ImportState => ({
  scope,
  lastComplete: { importedAt: at, counts, closed: 0, source: 'x' },
  lastAttempt: { at, outcome: 'complete', source: 'x' },
});

describe('data freshness', () => {
  it.each([
    // [states, asOf, expected age, stale, staleTeams]
    [[complete('all', '2024-06-03T23:30:00Z')], '2024-06-07', 3, false, []], // 00:30 BST on 4 June: 3 days
    [[complete('all', '2024-06-03T22:30:00Z')], '2024-06-07', 4, true, 'all'], // 23:30 BST on 3 June: 4 days
    [[complete('T-1', '2024-06-06T05:00:00Z'), complete('T-2', '2024-06-01T05:00:00Z')], '2024-06-07', 6, true, 'all'],
    [[], '2024-06-07', undefined, false, []],
    [
      [
        {
          ...complete('T-2', '2024-06-06T05:00:00Z'),
          lastAttempt: { at: '2024-06-07T05:00:00Z', outcome: 'refused', source: 'x' },
        },
      ],
      '2024-06-07',
      1,
      true,
      ['T-2'],
    ],
    [
      [{ scope: 'all', lastAttempt: { at: '2024-06-07T05:00:00Z', outcome: 'failed', source: 'x' } }],
      '2024-06-07',
      undefined,
      true,
      'all',
    ],
  ] as const)('case %#', (states, asOf, age, stale, teams) => {
    const f = freshnessOf(states as unknown as ImportState[], day(asOf), 3, londonDateOf);
    expect(f.ageDays).toBe(age);
    expect(f.stale).toBe(stale);
    expect(f.staleTeams).toEqual(teams);
  });

  it('words the warning by age and by a refused import', () => {
    expect(staleDataBlocks(undefined)).toEqual([]);
    expect(staleDataSentence({ ageDays: 5, importFailed: false })).toBe(
      'Data may be out of date. The case data was last imported 5 days ago. Dates below may be out of date: check the case system before acting, and tell the data team.',
    );
    expect(staleDataSentence({ ageDays: 1, importFailed: true })).toContain(
      'last imported 1 day ago and the latest import was refused or failed.',
    );
  });
});

describe('daily run with import state', () => {
  const team = (id: string) => ({ id, name: id, managerEmails: [`m.${id.toLowerCase()}@council.gov.uk`] });
  const worker = { id: 'W-1', name: 'Sam Social', email: 'sam@council.gov.uk', teamId: 'T-1', active: true };
  const cases = [
    child({ id: 'C-1', teamId: 'T-1', workerId: 'W-1', visits: ['2024-04-01'] }),
    child({ id: 'C-2', teamId: 'T-2', workerId: null, visits: ['2024-04-01'] }),
  ];
  class StoreWithState extends InMemoryStore {
    constructor(readonly states: ImportState[]) {
      super(cases, [worker], [team('T-1'), team('T-2')]);
    }
    async readImportStates() {
      return this.states;
    }
  }
  const run = async (states: ImportState[]) => {
    const delivery = fakeDelivery();
    const summary = await runDailyReminders(day('2024-06-10'), {
      ...delivery,
      store: new StoreWithState(states),
      policy: compilePolicy({}),
      settings: {
        serviceName: 'S',
        caseLinkTemplate: 'https://c.example/{id}',
        scanSegments: 1,
        sendConcurrency: 1,
        serviceRecipients: [],
      },
      runId: 'r',
    });
    const first = (to: string) =>
      delivery.sender.sent
        .find((m) => m.to === to)!
        .text.split('\n\n')[0]!
        .replace(/\n/g, ' ');
    return { summary, first };
  };

  it('records the age and flags stale data; every worker and manager email warns at the top', async () => {
    const { summary, first } = await run([complete('all', '2024-06-05T05:00:00Z')]);
    expect(summary).toMatchObject({ dataAgeDays: 5, staleData: true });
    expect(first('sam@council.gov.uk')).toMatch(
      /^Data may be out of date\. The case data was last imported 5 days ago\./,
    );
    expect(first('m.t-2@council.gov.uk')).toMatch(/^Data may be out of date\./);
  });

  it('says nothing when the data is fresh', async () => {
    const { summary, first } = await run([complete('all', '2024-06-07T05:00:00Z')]);
    expect(summary).toMatchObject({ dataAgeDays: 3, staleData: false });
    expect(first('sam@council.gov.uk')).not.toContain('Data may be out of date');
    expect(first('m.t-2@council.gov.uk')).not.toContain('Data may be out of date');
  });

  it('a refused import of one team warns only that team', async () => {
    const refused: ImportState = {
      ...complete('T-2', '2024-06-09T05:00:00Z'),
      lastAttempt: { at: '2024-06-10T05:00:00Z', outcome: 'refused', source: 'x' },
    };
    const { summary, first } = await run([complete('T-1', '2024-06-09T05:00:00Z'), refused]);
    expect(summary).toMatchObject({ dataAgeDays: 1, staleData: true });
    expect(first('m.t-2@council.gov.uk')).toContain('the latest import was refused or failed');
    expect(first('sam@council.gov.uk')).not.toContain('Data may be out of date');
  });
});

describe('stale data in the managers’ other emails', () => {
  const team = { id: 'T-1', name: 'T-1', managerEmails: ['m.t-1@council.gov.uk'], digestDay: 1, digestTime: '08:00' };
  const worker = { id: 'W-1', name: 'Sam Social', email: 'sam@council.gov.uk', teamId: 'T-1', active: true };
  // A visit two months overdue: past every escalation threshold.
  const cases = [child({ id: 'C-1', teamId: 'T-1', workerId: 'W-1', visits: ['2024-02-01'] })];
  const deps = (states: ImportState[]) => {
    class StoreWithState extends InMemoryStore {
      async readImportStates() {
        return states;
      }
    }
    const delivery = fakeDelivery();
    return {
      delivery,
      deps: {
        ...delivery,
        store: new StoreWithState(cases, [worker], [team]),
        policy: compilePolicy({}),
        settings: {
          serviceName: 'S',
          caseLinkTemplate: 'https://c.example/{id}',
          scanSegments: 1,
          sendConcurrency: 1,
          serviceRecipients: ['head@council.gov.uk'],
        },
        runId: 'r',
      },
    };
  };
  const opening = (text: string) => text.split('\n\n')[0]!.replace(/\n/g, ' ');

  it('the weekly digests and the escalations open with the warning when the data is stale, and only then', async () => {
    for (const [states, stale] of [
      [[complete('all', '2024-06-05T05:00:00Z')], true],
      [[complete('all', '2024-06-09T05:00:00Z')], false],
    ] as const) {
      const { delivery, deps: d } = deps([...states]);
      await runWeeklyDigest(day('2024-06-10'), { scope: 'all' }, d);
      await runEscalations(day('2024-06-10'), d);
      const kinds = new Set(delivery.sender.sent.map((m) => m.reference.split('#')[0]));
      expect(kinds).toEqual(new Set(['weekly-digest', 'service-digest', 'escalation']));
      for (const m of delivery.sender.sent) {
        if (stale)
          expect(opening(m.text), m.reference).toMatch(
            /^Data may be out of date\. The case data was last imported 5 days ago\./,
          );
        else expect(m.text, m.reference).not.toContain('Data may be out of date');
      }
    }
  });

  it('a refused import of one team: that team’s digest and the service digest warn, the other team’s does not', async () => {
    const refused: ImportState = {
      ...complete('T-2', '2024-06-09T05:00:00Z'),
      lastAttempt: { at: '2024-06-10T05:00:00Z', outcome: 'refused', source: 'x' },
    };
    class StoreWithState extends InMemoryStore {
      async readImportStates() {
        return [complete('T-1', '2024-06-09T05:00:00Z'), refused];
      }
    }
    const delivery = fakeDelivery();
    await runWeeklyDigest(
      day('2024-06-10'),
      { scope: 'all' },
      {
        ...delivery,
        store: new StoreWithState(
          [cases[0]!, child({ id: 'C-2', teamId: 'T-2', workerId: 'W-1', visits: ['2024-02-01'] })],
          [worker],
          [team, { ...team, id: 'T-2', name: 'T-2', managerEmails: ['m.t-2@council.gov.uk'] }],
        ),
        policy: compilePolicy({}),
        settings: {
          serviceName: 'S',
          caseLinkTemplate: 'https://c.example/{id}',
          scanSegments: 1,
          sendConcurrency: 1,
          serviceRecipients: ['head@council.gov.uk'],
        },
        runId: 'r',
      },
    );
    const warned = Object.fromEntries(
      delivery.sender.sent.map((m) => [m.to, opening(m.text).startsWith('Data may be out of date.')]),
    );
    expect(warned).toEqual({
      'm.t-1@council.gov.uk': false,
      'm.t-2@council.gov.uk': true,
      'head@council.gov.uk': true,
    });
    const service = delivery.sender.sent.find((m) => m.to === 'head@council.gov.uk')!;
    expect(opening(service.text)).toContain(
      'The case data was last imported 1 day ago and the latest import was refused or failed.',
    );
  });
});
