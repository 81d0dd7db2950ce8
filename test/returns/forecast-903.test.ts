import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import {
  type Forecast903Child,
  forecast903,
  forecastInputFromRecord,
} from '../../shared/domain/returns/forecast-903.js';
import { renderForecastSection } from '../../shared/templates/forecast-903-section.js';

const asOf = day('2025-11-24'); // year 1 Apr 2025 – 31 Mar 2026

function child(id: string, over: Partial<Forecast903Child> = {}): Forecast903Child {
  return {
    id,
    teamId: 'T-1',
    dateOfBirth: day('2012-06-01'),
    episodes: [{ start: day('2022-01-10'), reasonNewEpisode: 'S' }],
    healthAssessments: [],
    dentalChecks: [],
    sdqs: [],
    ...over,
  };
}

describe('forecast903', () => {
  it('marks each measure met (with the event) or still to do by 31 March', () => {
    const f = forecast903(
      [
        child('A', {
          healthAssessments: [day('2025-05-02')],
          dentalChecks: [day('2025-03-30')],
          sdqs: [day('2025-10-01')],
        }),
        child('B', { healthAssessments: [day('2025-03-31')], dentalChecks: [day('2025-04-01')] }),
        child('C', { healthAssessments: [day('2025-06-01')] }),
      ],
      asOf,
    );
    const [a, b] = f.cohort;
    expect(a!.measures.healthAssessment).toEqual({ applicable: true, met: true, metOn: day('2025-05-02') });
    // 30 March 2025 is before the year: the dental check must be repeated by 31 March 2026.
    expect(a!.measures.dentalCheck).toEqual({ applicable: true, met: false, latestBy: day('2026-03-31'), needed: 1 });
    expect(b!.measures.healthAssessment).toEqual({
      applicable: true,
      met: false,
      latestBy: day('2026-03-31'),
      needed: 1,
    });
    expect(b!.measures.dentalCheck).toMatchObject({ met: true });
    expect(f.totals.healthAssessment).toEqual({ applicable: 3, met: 2, toDo: 1, projectedPercent: 66.7 });
    expect(f.totals.dentalCheck).toEqual({ applicable: 3, met: 1, toDo: 2, projectedPercent: 33.3 });
    expect(f.totals.sdq).toEqual({ applicable: 3, met: 1, toDo: 2, projectedPercent: 33.3 });
  });

  it('leaves out of the cohort a child entering care in the year, one on short breaks and one who left care', () => {
    const f = forecast903(
      [
        child('IN'),
        child('NEW', { episodes: [{ start: day('2025-05-01'), reasonNewEpisode: 'S' }] }),
        child('SB', { episodes: [{ start: day('2021-05-01'), reasonNewEpisode: 'S', legalStatus: 'V3' }] }),
        child('LEFT', {
          episodes: [
            { start: day('2021-05-01'), ceased: day('2025-08-01'), reasonNewEpisode: 'S', reasonCeased: 'E13' },
          ],
        }),
        child('X1', {
          episodes: [
            { start: day('2021-05-01'), ceased: day('2025-08-01'), reasonNewEpisode: 'S', reasonCeased: 'X1' },
            { start: day('2025-08-01'), reasonNewEpisode: 'P' },
          ],
        }),
      ],
      asOf,
    );
    expect(f.cohort.map((c) => c.id)).toEqual(['IN', 'X1']);
    expect(f.excluded).toEqual({
      'not-looked-after-in-year': 0,
      'entered-care-in-year': 1,
      'ceased-care-in-year': 1,
      'short-breaks': 1,
    });
  });

  it('under 5 at 31 March: two health assessments in the year (903 guide, OC2 HEALTH_ASSESSMENT)', () => {
    const f = forecast903(
      [
        child('U5-one', { dateOfBirth: day('2022-01-01'), healthAssessments: [day('2025-10-01')] }),
        child('U5-two', { dateOfBirth: day('2022-01-01'), healthAssessments: [day('2025-04-01'), day('2025-10-01')] }),
        child('U5-same-day', {
          dateOfBirth: day('2022-01-01'),
          healthAssessments: [day('2025-10-01'), day('2025-10-01')],
        }),
      ],
      asOf,
    );
    expect(f.cohort.map((c) => c.measures.healthAssessment)).toEqual([
      { applicable: true, met: false, latestBy: day('2026-03-31'), needed: 1 },
      { applicable: true, met: true, metOn: day('2025-10-01') },
      { applicable: true, met: false, latestBy: day('2026-03-31'), needed: 1 },
    ]);
  });

  it('a child exactly 5 on 31 March is not under 5: any health assessment in the 12 months counts', () => {
    // One assessment on 1 May 2025, in the year: enough at 5, one short of the two an under-5 needs.
    const f = forecast903(
      [
        child('5-on-31-Mar', { dateOfBirth: day('2021-03-31'), healthAssessments: [day('2025-05-01')] }),
        child('5-on-1-Apr', { dateOfBirth: day('2021-04-01'), healthAssessments: [day('2025-05-01')] }),
      ],
      asOf,
    );
    expect(f.cohort.map((c) => c.measures.healthAssessment)).toEqual([
      { applicable: true, met: true, metOn: day('2025-05-01') },
      { applicable: true, met: false, latestBy: day('2026-03-31'), needed: 1 },
    ]);
  });

  it('SDQ applies from age 4 on 1 April to under 17 on 31 March', () => {
    const f = forecast903(
      [
        child('3y', { dateOfBirth: day('2021-04-02') }), // 3 on 1 Apr 2025
        child('4y', { dateOfBirth: day('2021-04-01') }), // 4 on 1 Apr 2025
        child('16y', { dateOfBirth: day('2009-04-01') }), // 16 on 31 Mar 2026
        child('17y', { dateOfBirth: day('2009-03-31') }), // 17 on 31 Mar 2026
      ],
      asOf,
    );
    expect(f.cohort.map((c) => c.measures.sdq.applicable)).toEqual([false, true, true, false]);
    expect(f.totals.sdq.applicable).toBe(2);
  });

  it('reads a record as one open episode: a short-breaks record is out of the cohort', () => {
    const base = {
      id: 'R',
      teamId: 'T',
      dateOfBirth: day('2012-01-01'),
      periodOfCareStart: day('2020-01-01'),
      healthAssessments: [day('2025-06-01')],
      dentalChecks: [],
    };
    expect(forecast903([forecastInputFromRecord({ ...base, legalStatus: 'careOrder' })], asOf).cohort).toHaveLength(1);
    expect(
      forecast903([forecastInputFromRecord({ ...base, legalStatus: 'shortBreaks' })], asOf).excluded['short-breaks'],
    ).toBe(1);
  });

  it('renders counts for the service digest, no case reference', () => {
    const f = forecast903([child('LA-C1', { healthAssessments: [day('2025-05-02')] }), child('LA-C2')], asOf);
    const s = renderForecastSection(f);
    expect(s.text).toContain('Health assessment up to date: 50.0% projected (1 of 2); still to do: 1');
    expect(s.html.value).toContain('31 Mar 2026');
    expect(s.html.value + s.text).not.toContain('LA-C1');
  });
});
