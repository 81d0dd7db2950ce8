import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { type Figures, MEASURES } from '../../shared/domain/digest-figures.js';
import type { ChildForecast } from '../../shared/domain/returns/forecast-903.js';
import { type ServiceTeamRow, renderServiceDigest } from '../../shared/templates/digests.js';
import { childrenToDo, toDoBlocks } from '../../shared/templates/forecast-903-section.js';
import { renderDocument } from '../../shared/templates/document.js';
import { unwrap } from '../../shared/templates/text.js';
import { ASOF, conventions } from './fixtures.js';

/** Figures with `visits` and `reviews` as given (in time, applicable) and nothing else applicable. */
function figures(visits: [number, number], reviews: [number, number]): Figures {
  const f = Object.fromEntries(MEASURES.map((m) => [m.id, { applicable: 0, inTime: 0, percent: null }])) as Figures;
  f.visits = { inTime: visits[0], applicable: visits[1], percent: Math.round((visits[0] / visits[1]) * 1000) / 10 };
  f.reviews = {
    inTime: reviews[0],
    applicable: reviews[1],
    percent: Math.round((reviews[0] / reviews[1]) * 1000) / 10,
  };
  return f;
}

const team = (name: string, now: Figures, last: Figures | undefined): ServiceTeamRow => ({
  name,
  figures: now,
  lastWeek: last,
  overdueItems: 4,
  unreachableCases: 1,
  unreadableRecords: 0,
  toDo903: { healthAssessment: 3, dentalCheck: 1, sdq: 0 },
});

describe('service digest', () => {
  const email = renderServiceDigest({
    weekStarting: ASOF,
    asOf: ASOF,
    teams: [
      // North: visits 8 of 10 (80.0%, last week 75.0%), reviews 9 of 10.
      team('North', figures([8, 10], [9, 10]), figures([6, 8], [9, 10])),
      // South: visits 2 of 3 (66.7%, last week 2 of 2), reviews 3 of 4: the lowest cell is South's visits.
      team('South', figures([2, 3], [3, 4]), figures([2, 2], [3, 4])),
    ],
    conventions,
  });
  const text = unwrap(email.text);

  it('leads with one table of teams against measures, this week with the change in points since last week', () => {
    expect(text).toContain('- North: Visits 80.0% +5.0; Reviews 90.0% 0.0;');
    expect(text).toContain('- South: Visits 66.7% −33.3 lowest; Reviews 75.0% 0.0;');
    // All teams is a service figure: 10 of 13 visits in time (76.9%), last week 8 of 10 (80.0%).
    expect(text).toContain('- All teams: Visits 76.9% −3.1; Reviews 85.7% 0.0;');
  });

  it('marks the lowest cell in words and in colour, and names it above the table', () => {
    expect(text).toContain(
      'Lowest this week: South, Statutory visits in time, 66.7% (2 of 3 cases in time, −33.3 points since last week).',
    );
    expect(email.html).toMatch(/background:#942514;color:#ffffff[^"]*">66\.7%<br>−33\.3<br>lowest<\/td>/);
    expect(email.html.match(/lowest<\/td>/g)).toHaveLength(1);
  });

  it('puts the table first, then what needs a manager, then each team in detail', () => {
    const at = (s: string) => text.indexOf(s);
    expect(at('Lowest this week')).toBeGreaterThan(0);
    expect(at('Lowest this week')).toBeLessThan(at('- North: Visits'));
    expect(at('- All teams')).toBeLessThan(at('Needs a manager'));
    expect(at('Needs a manager')).toBeLessThan(at('Team detail'));
    expect(text).toContain('- Statutory visits in time: 2 of 3 cases (66.7%; last week 100.0%)');
  });
});

describe('children still to do for the 903', () => {
  const end = day('2027-03-31');
  const c = (id: string, h: boolean, needed: number, sdq: boolean | undefined): ChildForecast => ({
    id,
    teamId: 'T1',
    measures: {
      healthAssessment: h
        ? { applicable: true, met: true, metOn: day('2026-10-01') }
        : { applicable: true, met: false, latestBy: end, needed },
      dentalCheck: { applicable: true, met: true, metOn: day('2026-10-01') },
      sdq:
        sdq === undefined
          ? { applicable: false }
          : sdq
            ? { applicable: true, met: true, metOn: day('2026-10-01') }
            : { applicable: true, met: false, latestBy: end, needed: 1 },
    },
  });

  it('lists each child with a measure not met, by case reference, what is missing and 31 March', () => {
    const list = childrenToDo(
      [c('C-2', false, 2, undefined), c('C-3', true, 0, true), c('C-1', false, 1, false)],
      (x) => ({
        caseLabel: `${x.id} (A.B.)`,
      }),
    );
    const rendered = renderDocument('x', toDoBlocks(list, end), conventions);
    expect(unwrap(rendered.text)).toContain(
      '2 children in the OC2 cohort with a measure not yet met; anything recorded up to 31 March 2027 still counts',
    );
    expect(unwrap(rendered.text)).toContain(
      '- C-1 (A.B.): Health assessment up to date; SDQ completed; by 31 March 2027 - C-2 (A.B.): Health assessment up to date (2 more); by 31 March 2027',
    );
    expect(rendered.html).not.toContain('C-3');
  });
});
