import { describe, expect, it } from 'vitest';
import { applyAbsences } from '../../shared/use-cases/absences-file.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { absenceOn, readAbsences, returnedFrom } from '../../shared/domain/absences.js';

const lines = [
  JSON.stringify({ kind: 'team', id: 'T-1', name: 'North' }),
  JSON.stringify({
    kind: 'worker',
    id: 'W-1',
    name: 'Sam Morgan',
    teamId: 'T-1',
    away: [{ from: '2024-05-01', until: '2024-05-03' }],
  }),
  JSON.stringify({ kind: 'worker', id: 'W-2', name: 'Alex Lee', teamId: 'T-1' }),
  JSON.stringify({ kind: 'child', id: 'C-1', teamId: 'T-1' }),
];

describe('absences file', () => {
  it('adds each readable row to its worker line; bad rows are reported by row and cost only themselves', () => {
    const csv = [
      'worker_id,from,until,cover_worker_id',
      'W-1,2024-06-03,2024-06-14,W-2',
      'W-2,2024-06-10,2024-06-07,',
      'W-2,2024-06-17,2024-06-21,',
      'W-9,2024-06-03,2024-06-04,',
      'W-1,3 June,2024-06-14,',
      ',2024-06-03,2024-06-04,',
    ].join('\n');
    const { lines: out, problems } = applyAbsences(lines, csv);
    expect(JSON.parse(out[1]!).away).toEqual([
      { from: '2024-05-01', until: '2024-05-03' },
      { from: '2024-06-03', until: '2024-06-14', coverWorkerId: 'W-2' },
    ]);
    expect(JSON.parse(out[2]!).away).toEqual([{ from: '2024-06-17', until: '2024-06-21' }]);
    expect(out[0]).toBe(lines[0]);
    expect(out[3]).toBe(lines[3]);
    expect(problems.map((p) => [p.recordId, p.detail.slice(0, 26)])).toEqual([
      ['W-2', 'absences.csv row 3: until:'],
      ['W-1', 'absences.csv row 6: from: '],
      [null, 'absences.csv row 7: worker'],
      ['W-9', 'absences.csv row 0: the wo'],
    ]);
    expect(problems.every((p) => p.problem === 'invalid-absence')).toBe(true);
  });

  it('a file without the columns is one problem, and the snapshot is unchanged', () => {
    const { lines: out, problems } = applyAbsences(lines, 'who,when\nW-1,2024-06-03\n');
    expect(out).toEqual(lines);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.detail).toBe('absences.csv row 1: the header must name worker_id,from,until,cover_worker_id');
  });
});

describe('absences on a directory line', () => {
  it('reads the good ones, reports the bad ones, and knows who is away and who is back', () => {
    const { absences, problems } = readAbsences([
      { from: '2024-06-03', until: '2024-06-14', coverWorkerId: 'W-2' },
      { from: '2024-06-20', until: '2024-06-19' },
      { from: '2024-05-20', until: '2024-05-24', extra: 1 },
      'soon',
    ]);
    expect(absences).toEqual([{ from: day('2024-06-03'), until: day('2024-06-14'), coverWorkerId: 'W-2' }]);
    expect(problems.map((p) => p.slice(0, 8))).toEqual(['away[1]:', 'away[2]:', 'away[3]:']);
    expect(absenceOn(absences, day('2024-06-02'))).toBeUndefined();
    expect(absenceOn(absences, day('2024-06-03'))?.coverWorkerId).toBe('W-2');
    expect(absenceOn(absences, day('2024-06-14'))).toBeDefined();
    expect(absenceOn(absences, day('2024-06-15'))).toBeUndefined();
    expect(returnedFrom(absences, day('2024-06-14'))).toBeUndefined();
    expect(returnedFrom(absences, day('2024-06-17'))?.until).toBe(day('2024-06-14'));
  });
});
