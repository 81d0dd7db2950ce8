/**
 * The 903 OC2 cohort and measures read from SSD tables, row by row at the boundaries the DfE validator draws
 * (lac_validator utils `add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER`; rules 186 and 546) and the 903 guide's
 * OC2 health-assessment field. Collection year 1 April 2025 – 31 March 2026, forecast on 31 March 2026.
 */
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { type ReasonSources, forecastInputFromSsd } from '../../shared/domain/history/ssd-timeline.js';
import { type Forecast903Child, forecast903 } from '../../shared/domain/returns/forecast-903.js';
import { SsdExtractBuilder } from '../../shared/domain/ssd/extract.js';

interface Ep {
  start: string;
  ceased?: string;
  entered?: string;
  rne?: string;
  rec?: string;
}
interface Child {
  dob?: string;
  episodes: Ep[];
  legal?: [code: string, start: string, end?: string][];
  health?: [type: string, date: string, status?: string][];
}

const END = day('2026-03-31');

function inputs(children: Record<string, Child>, sources?: ReasonSources): Forecast903Child[] {
  const b = new SsdExtractBuilder({});
  const person = b.table('ssd_person', ['pers_person_id', 'pers_dob']);
  const eps = b.table('ssd_cla_episodes', [
    'clae_person_id',
    'clae_cla_id',
    'clae_cla_episode_start_date',
    'clae_cla_episode_ceased_date',
    'clae_entered_care_date',
    'clae_cla_episode_start_reason',
    'clae_cla_episode_ceased_reason',
  ]);
  const legal = b.table('ssd_legal_status', [
    'lega_person_id',
    'lega_legal_status',
    'lega_legal_status_start_date',
    'lega_legal_status_end_date',
  ]);
  const health = b.table('ssd_cla_health', [
    'clah_person_id',
    'clah_health_check_type',
    'clah_health_check_date',
    'clah_health_check_status',
  ]);
  const involvement = b.table('ssd_involvements', [
    'invo_person_id',
    'invo_professional_id',
    'invo_professional_team',
    'invo_professional_role_id',
    'invo_involvement_start_date',
  ]);
  for (const [id, c] of Object.entries(children)) {
    person([id, c.dob ?? '2012-06-01']);
    involvement([id, 'W1', 'T1', 'CW', '2020-01-01']);
    for (const e of c.episodes)
      eps([id, `CLA-${id}`, e.start, e.ceased ?? '', e.entered ?? '', e.rne ?? '', e.rec ?? '']);
    for (const [code, start, end] of c.legal ?? [['C2', '2020-01-01']]) legal([id, code, start, end ?? '']);
    for (const [type, date, status] of c.health ?? []) health([id, type, date, status ?? '']);
  }
  const out: Forecast903Child[] = [];
  for (const p of b.build().persons) {
    const f = forecastInputFromSsd(p, END, sources);
    if (f) out.push(f);
  }
  return out;
}

const LONG = { start: '2023-01-10', entered: '2023-01-10' };

describe('OC2 cohort from SSD rows, as the validator draws it', () => {
  it.each<[string, Child, string]>([
    // leaves_care: REC not X1 and DEC >= 1 April and DEC < 31 March.
    [
      'care ends on 31 March itself: DEC < collection end is false, so kept',
      { episodes: [{ ...LONG, ceased: '2026-03-31' }] },
      'in',
    ],
    [
      'care ends on 30 March: ceased in the year',
      { episodes: [{ ...LONG, ceased: '2026-03-30' }] },
      'ceased-care-in-year',
    ],
    [
      'care ends on 1 April 2025: DEC >= collection start, ceased in the year',
      { episodes: [{ ...LONG, ceased: '2025-04-01' }] },
      'ceased-care-in-year',
    ],
    [
      'care ended on 31 March 2025: no episode during the year, not counted',
      { episodes: [{ ...LONG, ceased: '2025-03-31' }] },
      'absent',
    ],
    // enters_care: RNE S and DECOM > 1 April and DECOM <= 31 March.
    [
      'care starts on 1 April 2025: DECOM > collection start is false, so kept',
      { episodes: [{ start: '2025-04-01', entered: '2025-04-01' }] },
      'in',
    ],
    [
      'care starts on 2 April 2025: entered care in the year',
      { episodes: [{ start: '2025-04-02', entered: '2025-04-02' }] },
      'entered-care-in-year',
    ],
    // X1: the episode ends but the child stays looked after.
    [
      'X1 transfer in the year, inferred: the next episode starts the day this one ceases',
      { episodes: [{ ...LONG, ceased: '2025-09-01' }, { start: '2025-09-01' }] },
      'in',
    ],
    [
      'X1 transfer read from the columns although a gap of days would infer a new period of care',
      {
        episodes: [
          { start: '2023-01-10', ceased: '2025-09-01', rec: 'X1' },
          { start: '2025-09-05', rne: 'P' },
        ],
      },
      'in',
    ],
    [
      'REC read from the column: E11 (adopted) ends care though another episode starts that day',
      {
        episodes: [
          { ...LONG, ceased: '2025-09-01', rec: 'E11 - Adopted' },
          { start: '2025-09-01', rne: 'P' },
        ],
      },
      'ceased-care-in-year',
    ],
    [
      'an empty reason cell is inferred: no episode ends on this start, so it starts care in the year',
      { episodes: [{ start: '2025-09-05', rne: '', rec: '' }] },
      'entered-care-in-year',
    ],
    // V3_V4_episode: LS V3 or V4 on an episode during the year.
    [
      'V3 before: short breaks ending on the day full care starts do not mark the new episode',
      {
        episodes: [{ start: '2024-01-01', ceased: '2025-02-01' }, { start: '2025-02-01' }],
        legal: [
          ['V3', '2024-01-01', '2025-02-01'],
          ['C2', '2025-02-01'],
        ],
      },
      'in',
    ],
    [
      'V3 during: a short-break status within the year marks the episode open then',
      {
        episodes: [LONG],
        legal: [
          ['C2', '2023-01-10', '2025-06-01'],
          ['V4', '2025-06-01', '2025-06-10'],
          ['C2', '2025-06-10'],
        ],
      },
      'short-breaks',
    ],
    [
      'V3 after: short breaks from 1 April 2026 are outside the year',
      {
        episodes: [{ ...LONG, ceased: '2026-04-01' }, { start: '2026-04-01' }],
        legal: [
          ['C2', '2023-01-10', '2026-04-01'],
          ['V3', '2026-04-01'],
        ],
      },
      'in',
    ],
  ])('%s', (_name, c, expected) => {
    const f = forecast903(inputs({ X: c }), END);
    const why = Object.entries(f.excluded).find(([, n]) => n > 0)?.[0];
    expect(f.cohort.length ? 'in' : (why ?? 'absent')).toBe(expected);
  });

  it('counts the reasons read from the columns and those inferred', () => {
    const sources = { read: 0, inferred: 0 };
    inputs(
      {
        A: {
          episodes: [
            { start: '2023-01-10', ceased: '2025-09-01', rne: 'S', rec: 'X1' },
            { start: '2025-09-01', rne: 'P' },
          ],
        },
        B: { episodes: [{ ...LONG, ceased: '2025-09-01' }, { start: '2025-09-01' }] },
      },
      sources,
    );
    expect(sources).toEqual({ read: 3, inferred: 3 });
  });
});

describe('OC2 measures at the ages that decide', () => {
  const measures = (c: Omit<Child, 'episodes'>) => {
    const f = forecast903(inputs({ X: { episodes: [LONG], ...c } }), END);
    return f.cohort[0]!.measures;
  };
  it.each<[string, string, [string, string, string?][], boolean, number | undefined]>([
    // 903 guide, OC2 HEALTH_ASSESSMENT: two in the year under 5 at 31 March (rule 546's test), one otherwise.
    [
      'fifth birthday on 1 April 2026: under 5, one assessment is not enough',
      '2021-04-01',
      [['Health Assessment', '2025-10-01']],
      false,
      1,
    ],
    [
      'fifth birthday on 1 April 2026: under 5, two assessments meet it',
      '2021-04-01',
      [
        ['Health Assessment', '2025-05-01'],
        ['Health Assessment', '2025-10-01'],
      ],
      true,
      undefined,
    ],
    [
      'fifth birthday on 31 March 2026: aged 5, one assessment meets it',
      '2021-03-31',
      [['Health Assessment', '2025-05-01']],
      true,
      undefined,
    ],
    ['under 5 with none in the year: two still needed', '2022-01-01', [['Health Assessment', '2025-03-31']], false, 2],
    [
      'aged 16: one in the year meets it; 31 March 2025 is outside the year',
      '2009-06-01',
      [['Health Assessment', '2025-03-31']],
      false,
      1,
    ],
    [
      'a declined assessment is not an assessment',
      '2012-06-01',
      [['Health Assessment', '2025-10-01', 'Refused']],
      false,
      1,
    ],
  ])('%s', (_name, dob, health, met, needed) => {
    const m = measures({ dob, health }).healthAssessment;
    expect(m).toMatchObject(met ? { met: true } : { met: false, latestBy: END, needed });
  });

  it.each<[string, string, boolean]>([
    // Rule 186: 4th birthday on or before 1 April, 17th birthday after 31 March.
    ['4th birthday on 1 April 2025: SDQ asked', '2021-04-01', true],
    ['4th birthday on 2 April 2025: not asked', '2021-04-02', false],
    ['17th birthday on 1 April 2026 (aged 16 at 31 March): asked', '2009-04-01', true],
    ['17th birthday on 31 March 2026: not asked', '2009-03-31', false],
  ])('%s', (_name, dob, applies) => {
    expect(measures({ dob }).sdq.applicable).toBe(applies);
  });

  it('a declined dental check is not met (903 TEETH_CHECK)', () => {
    expect(measures({ health: [['Dental Check', '2025-10-01', 'Declined']] }).dentalCheck).toMatchObject({
      met: false,
    });
    expect(measures({ health: [['Dental Check', '2025-10-01']] }).dentalCheck).toMatchObject({ met: true });
  });
});
