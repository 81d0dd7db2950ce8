/** The manager's lists are complete: every case named up to the limit, the rest counted and linked. */
import { describe, expect, it } from 'vitest';
import type { Worker } from '../../shared/domain/directory.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { renderManagerDaily } from '../../shared/templates/manager-daily.js';
import { unwrap } from '../../shared/templates/text.js';
import { ownerNote, workerWithAbsence } from '../../shared/use-cases/item-views.js';
import type { EvaluatedCase } from '../../shared/use-cases/evaluate-caseload.js';
import { ASOF, WORKLIST, conventions, item } from './fixtures.js';

const quiet = (n: number) => ({
  recordId: `LA-C${200000 + n}`,
  caseLabel: `LA-C${200000 + n}`,
  link: `https://case-system.example-council.gov.uk/cases/LA-C${200000 + n}`,
});

describe("the manager's lists", () => {
  const render = (items: number, quietCases: number, listLimit: number) =>
    renderManagerDaily({
      teamName: 'North',
      asOf: ASOF,
      groups: [
        {
          line: `No allocated worker: ${items + quietCases} cases to allocate`,
          cases: items + quietCases,
          overdueItems: items,
          items: Array.from({ length: items }, (_, i) => item(i, -1 - i)),
          quietCases: Array.from({ length: quietCases }, (_, i) => quiet(i)),
        },
      ],
      dataQuality: [],
      listLimit,
      worklistLink: WORKLIST,
      conventions,
    }).text;

  it.each([
    // items, cases with nothing due soon, limit, item rows, quiet cases named, the rest
    [2, 2, 25, 2, 2, undefined],
    [4, 0, 25, 4, 0, undefined],
    [30, 3, 25, 25, 0, '5 items and 3 cases more not listed'],
    [20, 8, 25, 20, 5, '3 cases more not listed'],
  ] as const)(
    '%i items and %i quiet cases, limit %i: %i rows, %i cases named',
    (items, quietCases, limit, rows, named, rest) => {
      const t = render(items, quietCases, limit);
      expect(t.match(/^- LA-C1\d{5} \(/gm) ?? []).toHaveLength(rows);
      expect(t.match(/^- LA-C2\d{5}; Due: nothing in the next weeks/gm) ?? []).toHaveLength(named);
      if (rest) expect(unwrap(t)).toContain(`${rest}: see the team caseload in the case system.`);
      else expect(unwrap(t)).not.toContain('more not listed');
    },
  );
});

describe('an absence named beside the worker', () => {
  const sam: Worker = {
    id: 'W012',
    name: 'Sam Morgan',
    email: 'sam@x.gov.uk',
    teamId: 'T1',
    active: true,
    emailSuppressed: false,
  };
  const alex: Worker = { ...sam, id: 'W013', name: 'Alex Lee', email: 'alex@x.gov.uk' };
  const workers = new Map([
    [sam.id, sam],
    [alex.id, alex],
  ]);
  const absence = { from: day('2025-12-01'), until: day('2025-12-12'), coverWorkerId: 'W013' };

  it('in the digest row and on an escalated item, with the cover or with nobody covering', () => {
    expect(workerWithAbsence(sam, { workers, absences: new Map([[sam.id, [absence]]]) }, day('2025-12-05'))).toBe(
      'Sam Morgan (away until Fri 12 Dec 2025, covered by Alex Lee)',
    );
    expect(workerWithAbsence(sam, { workers, absences: new Map([[sam.id, [absence]]]) }, day('2025-12-13'))).toBe(
      'Sam Morgan',
    );
    const covered = {
      record: { id: 'C-1', workerId: 'W012' },
      route: { to: 'worker', worker: alex, covering: { worker: sam, absence } },
    };
    expect(ownerNote(covered as unknown as EvaluatedCase, workers)).toBe(
      'Sam Morgan (away until Fri 12 Dec 2025, covered by Alex Lee)',
    );
    const alone = {
      record: { id: 'C-1', workerId: 'W012' },
      route: { to: 'manager', reason: 'worker away', away: { ...absence, coverWorkerId: undefined } },
    };
    expect(ownerNote(alone as unknown as EvaluatedCase, workers)).toBe(
      'W012 (Sam Morgan) (away until Fri 12 Dec 2025, nobody covering)',
    );
  });
});
