import { describe, expect, it } from 'vitest';
import { day, formatDay } from '../../shared/domain/calendar/local-date.js';
import { MEASURES } from '../../shared/domain/digest-figures.js';
import { type Timeline, historyDates, replayHistory } from '../../shared/domain/history/replay.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { evaluateRecord } from '../../shared/domain/evaluate.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { type OutputLine, LineEvaluator } from '../../shared/use-cases/evaluate-lines.js';
import { syntheticCaseload } from '../../cli/synthetic/authority.js';
import { child } from '../helpers/records.js';

type Raw = Record<string, unknown>;

/** A small time-aware model for the replay alone: each record with its events up to the date, in scope from its start. */
const timeline = (records: Raw[]): Timeline<Raw> => ({
  persons: records,
  recordAsOf(r, asOf) {
    const start = (r.kind === 'child' ? r.periodOfCareStart : r.ceasedCareDate) as string;
    if (day(start) > asOf) return undefined;
    const cut = (xs: unknown[]) => xs.filter((x) => typeof x !== 'string' || !/^\d{4}-/.test(x) || day(x) <= asOf);
    const out: Raw = {};
    for (const [k, v] of Object.entries(r)) out[k] = Array.isArray(v) ? cut(v) : v;
    return out;
  },
});

describe('historyDates', () => {
  it('steps by week from the start and always ends on the end date', () => {
    expect(historyDates(day('2024-01-01'), day('2024-01-20'), 'week').map(formatDay)).toEqual([
      '2024-01-01',
      '2024-01-08',
      '2024-01-15',
      '2024-01-20',
    ]);
    expect(historyDates(day('2024-01-01'), day('2024-01-03'), 'day')).toHaveLength(3);
  });
});

describe('replayHistory', () => {
  const asOf = day('2024-06-03');
  const caseload = syntheticCaseload({
    asOf,
    seed: 11,
    children: 120,
    leavers: 40,
    malformed: 0,
    teams: 3,
    workers: 12,
  });
  const records = caseload.records as unknown as Raw[];
  const tl = timeline(records);
  const policy = compilePolicy({});

  it('the last date equals a plain evaluate of the records as of that date, figure for figure', () => {
    const end = day('2024-06-03');
    const h = replayHistory(tl, historyDates(day('2024-03-04'), end, 'week'), policy);
    const last = h.lines.filter((l) => l.date === formatDay(end));

    // evaluate, as the command does it: JSON lines in, obligation and problem lines out.
    const emitted: OutputLine[] = [];
    const ev = new LineEvaluator(end, policy, (l) => emitted.push(l));
    const teamOf = new Map<string, string>();
    let n = 0;
    for (const r of records) {
      const asOfRecord = tl.recordAsOf(r, end) as Raw | undefined;
      if (!asOfRecord) continue;
      teamOf.set(String(asOfRecord.id), String(asOfRecord.teamId));
      ev.push(JSON.stringify(asOfRecord), ++n);
    }
    const expected = new Map<
      string,
      { overdue: number; oldest: number; m: Record<string, { onTime: number; applicable: number }> }
    >();
    for (const t of new Set(teamOf.values()))
      expected.set(t, {
        overdue: 0,
        oldest: 0,
        m: Object.fromEntries(MEASURES.map((x) => [x.obligation, { onTime: 0, applicable: 0 }])),
      });
    for (const l of emitted) {
      if (!('obligation' in l)) continue;
      const e = expected.get(teamOf.get(l.recordId)!)!;
      if (l.status === 'overdue') {
        e.overdue++;
        e.oldest = Math.max(e.oldest, -l.days);
      }
      const m = e.m[l.obligation];
      if (m && l.status !== 'not-applicable') {
        m.applicable++;
        if (l.status !== 'overdue') m.onTime++;
      }
    }
    expect(last.length).toBe(expected.size);
    for (const line of last) {
      const e = expected.get(line.teamId)!;
      expect(line.overdueItems).toBe(e.overdue);
      expect(line.oldestOverdueDays).toBe(e.overdue ? e.oldest : null);
      expect(line.measures).toEqual(e.m);
    }
    expect(last.reduce((s, l) => s + l.overdueItems, 0)).toBeGreaterThan(0);
  });

  it('lists the items that became overdue between dates, with their due date, and only those', () => {
    const dates = historyDates(day('2024-04-01'), day('2024-06-03'), 'week');
    const h = replayHistory(tl, dates, policy);
    expect(h.becameOverdue.length).toBeGreaterThan(0);
    for (const item of h.becameOverdue) {
      expect(item.due).toBeGreaterThanOrEqual(dates[0]!); // overdue on the first date: before the period
      expect(item.due).toBeLessThan(item.seen);
    }
    // Every item overdue on the last date whose due date fell in the period is listed, marked still overdue.
    const end = dates.at(-1)!;
    const listed = new Set(
      h.becameOverdue.filter((i) => i.stillOverdue).map((i) => `${i.recordId}/${i.obligation}/${i.due}`),
    );
    let expected = 0;
    for (const r of records) {
      const asOfRecord = tl.recordAsOf(r, end);
      if (!asOfRecord) continue;
      const v = validateRecord(asOfRecord, end);
      if (!v.record || v.problems.length) continue;
      for (const o of evaluateRecord(v.record, end, policy)) {
        if (o.status !== 'overdue' || o.due < dates[0]!) continue;
        expected++;
        expect(listed.has(`${o.recordId}/${o.obligation}/${o.due}`)).toBe(true);
      }
    }
    expect(listed.size).toBe(expected);
  });

  it('a record that cannot be evaluated counts in no measure but its team still has a line', () => {
    const bad = { ...records[0]!, id: 'BAD-1', teamId: 'T-BAD', dateOfBirth: 'not a date' };
    const h = replayHistory(timeline([bad]), [asOf], policy);
    expect(h.lines).toEqual([
      {
        date: '2024-06-03',
        teamId: 'T-BAD',
        overdueItems: 0,
        oldestOverdueDays: null,
        measures: Object.fromEntries(MEASURES.map((m) => [m.obligation, { onTime: 0, applicable: 0 }])),
      },
    ]);
  });
});

describe('became overdue: items, not kinds', () => {
  // Return home interviews (DfE 2014 missing-children guidance: offered within 72 hours), one child.
  const episodes = (asOf: number) =>
    [
      { start: '2024-04-18', end: '2024-04-20', offered: undefined }, // due 23 April: overdue before the period
      { start: '2024-05-04', end: '2024-05-06', offered: '2024-05-20' }, // due 9 May, offered late on 20 May
      { start: '2024-05-05', end: '2024-05-07', offered: undefined }, // due 10 May, never offered
    ]
      .filter((e) => day(e.start) <= asOf)
      .map((e) => ({
        start: e.start,
        ...(day(e.end) <= asOf ? { end: e.end } : {}),
        interviewOffered: e.offered !== undefined && day(e.offered) <= asOf ? e.offered : false,
      }));
  const tl: Timeline<Raw> = {
    persons: [child({ id: 'C-RHI' }) as unknown as Raw],
    recordAsOf: (r, asOf) => ({ ...r, missingEpisodes: episodes(asOf) }),
  };
  const policy = compilePolicy({});

  it('lists two interviews of one child overdue the same week twice, and judges "still overdue" by item', () => {
    const dates = historyDates(day('2024-05-01'), day('2024-05-22'), 'week');
    const h = replayHistory(tl, dates, policy);
    expect(
      h.becameOverdue
        .filter((i) => i.obligation === 'return-interview')
        .map((i) => [i.recordId, formatDay(i.due), formatDay(i.seen), i.stillOverdue]),
    ).toEqual([
      ['C-RHI', '2024-05-09', '2024-05-15', false],
      ['C-RHI', '2024-05-10', '2024-05-15', true],
    ]);
  });
});
