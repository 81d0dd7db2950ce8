import { describe, expect, it } from 'vitest';
import { addDays, day, formatDay } from '../../shared/domain/calendar/local-date.js';
import { evaluateDate, historyDates, replayHistory } from '../../shared/domain/history/replay.js';
import { asItStood, episodesFromSsd, ssdTimeline } from '../../shared/domain/history/ssd-timeline.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { derivePerson } from '../../shared/domain/ssd/derive.js';
import { SsdExtractBuilder } from '../../shared/domain/ssd/extract.js';
import { syntheticSsdExtract } from '../../cli/synthetic/ssd-extract.js';

function extractOf(persons: number, seed: number) {
  const tables = syntheticSsdExtract({ persons, extractedOn: day('2025-03-31'), seed });
  const b = new SsdExtractBuilder({});
  for (const [name, t] of Object.entries(tables)) {
    const add = b.table(name as Parameters<typeof b.table>[0], t.header);
    for (const row of t.rows) add(row.map((c) => c ?? ''));
  }
  return b.build();
}

describe('ssdTimeline', () => {
  it('gives on every date exactly a fresh derivation as it stood then (the cache never goes stale)', () => {
    const extract = extractOf(150, 17);
    const timeline = ssdTimeline(extract);
    let compared = 0;
    for (let d = day('2019-06-01'); d <= day('2025-03-31'); d = addDays(d, 11)) {
      for (const p of extract.persons) {
        const r = derivePerson(p, d);
        const fresh =
          r.outcome === 'child' || r.outcome === 'leaver' ? asItStood(r.record, formatDay(d)).record : undefined;
        expect(timeline.recordAsOf(p, d)).toEqual(fresh);
        if (fresh) compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('a replay that reads each record view once gives, date by date, what a fresh view read afresh gives', () => {
    const extract = extractOf(200, 23);
    const policy = compilePolicy({});
    const dates = historyDates(day('2024-03-31'), day('2025-03-31'), 'week');
    // Fresh objects on every call: nothing the replay remembers between dates can apply.
    const fresh = {
      persons: extract.persons,
      recordAsOf(p: (typeof extract.persons)[number], d: number) {
        const r = derivePerson(p, d);
        return r.outcome === 'child' || r.outcome === 'leaver' ? asItStood(r.record, formatDay(d)).record : undefined;
      },
    };
    const expected = dates.flatMap((d) => evaluateDate(fresh, d, policy));
    const replayed = replayHistory(ssdTimeline(extract), dates, policy).lines;
    expect(replayed).toEqual(expected);
    expect(expected.reduce((n, l) => n + l.overdueItems, 0)).toBeGreaterThan(0);
  });

  it('a daily year evaluating only people whose record or dates changed equals evaluating everyone every day', () => {
    const extract = extractOf(250, 31);
    const policy = compilePolicy({});
    const dates = historyDates(day('2024-03-31'), day('2025-03-31'), 'day');
    const incremental = replayHistory(ssdTimeline(extract), dates, policy);
    const full = replayHistory(ssdTimeline(extract), dates, policy, undefined, true);
    expect(incremental.lines).toEqual(full.lines);
    expect(incremental.becameOverdue).toEqual(full.becameOverdue);
    expect(full.becameOverdue.length).toBeGreaterThan(50);
    expect(full.lines.reduce((n, l) => n + l.overdueItems, 0)).toBeGreaterThan(1000);
  });

  it('leaves out what was recorded after the date, and keeps a later-ended missing episode open', () => {
    const extract = extractOf(60, 3);
    const p = extract.persons.find((x) => derivePerson(x, day('2025-03-31')).outcome === 'child')!;
    const r = derivePerson(p, day('2025-03-31'));
    if (r.outcome !== 'child') throw new Error('not a child');
    const on = r.record.visits.at(-2)!;
    const view = asItStood({ ...r.record, missingEpisodes: [{ start: on, end: '2025-03-30' }] }, on);
    if (view.record.kind !== 'child') throw new Error('not a child');
    expect(view.record.visits.at(-1)).toBe(on);
    expect(view.until).toBe(r.record.visits.at(-1));
    expect(view.record.missingEpisodes).toEqual([{ start: on, end: undefined }]);
  });

  it('reads 903 episodes from the SSD rows: care starts, X1 moves, care ends, short breaks', () => {
    const extract = extractOf(300, 9);
    const episodes = extract.persons.map((p) => episodesFromSsd(p)).filter((e) => e.length > 1);
    expect(episodes.length).toBeGreaterThan(0);
    for (const e of episodes) {
      expect(e[0]!.reasonNewEpisode).toBe('S');
      for (let i = 1; i < e.length; i++) {
        expect(e[i]!.reasonNewEpisode).toBe('P');
        expect(e[i - 1]!.reasonCeased).toBe('X1');
      }
      const last = e.at(-1)!;
      // The synthetic extract writes the 903 reasons: a period's last episode ceases with its own reason.
      if (last.ceased !== undefined) expect(last.reasonCeased).toMatch(/^E/);
    }
    expect(extract.persons.map((p) => episodesFromSsd(p)).some((e) => e.some((x) => x.legalStatus === 'V3'))).toBe(
      true,
    );
  });
});
