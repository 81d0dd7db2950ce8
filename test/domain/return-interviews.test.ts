import { describe, expect, it } from 'vitest';
import { child, evaluateAll, obligationsOf } from '../helpers/records.js';

const asOf = '2024-06-03';
const GUIDANCE = 'Statutory guidance on children who run away or go missing from home or care (DfE 2014)';

describe('return home interview after a missing episode (DfE 2014 statutory guidance)', () => {
  it.each([
    {
      name: 'guidance: ended episode without an offer, due 72 hours (3 days) after it ended',
      episodes: [{ start: '2024-05-28', end: '2024-05-30' }],
      due: [['2024-06-02', 'overdue', -1]],
    },
    {
      name: 'guidance: due today 3 days after the end',
      episodes: [{ start: '2024-05-31', end: '2024-05-31' }],
      due: [['2024-06-03', 'due-today', 0]],
    },
    {
      name: 'guidance: an episode still open raises none (the missing flag shows it)',
      episodes: [{ start: '2024-06-01' }],
      due: [],
    },
    {
      name: 'guidance: an offer recorded as a date completes it',
      episodes: [{ start: '2024-05-28', end: '2024-05-30', interviewOffered: '2024-05-31' }],
      due: [],
    },
    {
      name: 'guidance: an offer recorded as true (a yes/no source) completes it',
      episodes: [{ start: '2024-05-28', end: '2024-05-30', interviewOffered: true }],
      due: [],
    },
    {
      name: 'guidance: one obligation per ended episode without an offer, in recorded order',
      episodes: [
        { start: '2024-06-01', end: '2024-06-01' },
        { start: '2024-05-10', end: '2024-05-12', interviewOffered: true },
        { start: '2024-05-18', end: '2024-05-20' },
        { start: '2024-06-02' },
      ],
      due: [
        ['2024-06-04', 'due-soon', 1],
        ['2024-05-23', 'overdue', -11],
      ],
    },
  ])('$name', ({ episodes, due }) => {
    const found = obligationsOf(child({ missingEpisodes: episodes as never }), asOf, 'return-interview');
    expect(found.map((o) => [o.dueDate, o.status, o.days])).toEqual(due);
    for (const o of found) {
      expect(o).toMatchObject({ rule: 'return-interview', force: 'guidance' });
      expect(o.citation).toContain(GUIDANCE);
      expect(o.explanation).toMatch(
        /^return home interview offered within 72 hours of the missing episode that ended on /,
      );
    }
  });

  it('comes straight after the visit and the review', () => {
    const kinds = evaluateAll(child({ missingEpisodes: [{ start: '2024-05-28', end: '2024-05-30' }] }), asOf).map(
      (o) => o.obligation,
    );
    expect(kinds.slice(0, 3)).toEqual(['visit', 'review', 'return-interview']);
  });

  it('applies to a child on short breaks too (reg 48 does not disapply it)', () => {
    const record = child({ legalStatus: 'shortBreaks', missingEpisodes: [{ start: '2024-05-28', end: '2024-05-30' }] });
    expect(obligationsOf(record, asOf, 'return-interview').map((o) => o.dueDate)).toEqual(['2024-06-02']);
  });

  it('due on or after the 18th birthday is not applicable', () => {
    const record = child({ dateOfBirth: '2006-06-05', missingEpisodes: [{ start: '2024-05-31', end: '2024-06-02' }] });
    expect(obligationsOf(record, asOf, 'return-interview')).toMatchObject([
      { dueDate: '2024-06-05', status: 'not-applicable' },
    ]);
  });
});
