/** A looked-after child, table by table (ssd.md "Child"). As of 2024-06-03 unless stated. */
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { describe, expect, it } from 'vitest';
import { child, childTables, convert, csv } from './helpers.js';

const EPISODES: SsdColumn[] = [
  'clae_cla_episode_id',
  'clae_person_id',
  'clae_cla_episode_start_date',
  'clae_cla_episode_ceased_date',
  'clae_cla_id',
  'clae_entered_care_date',
];
const PLACEMENTS: SsdColumn[] = [
  'clap_cla_placement_id',
  'clap_cla_id',
  'clap_person_id',
  'clap_cla_placement_start_date',
  'clap_cla_placement_type',
  'clap_cla_placement_end_date',
];
const LEGAL: SsdColumn[] = [
  'lega_legal_status_id',
  'lega_person_id',
  'lega_legal_status',
  'lega_legal_status_start_date',
  'lega_legal_status_end_date',
];
const INVOLVEMENTS: SsdColumn[] = [
  'invo_involvements_id',
  'invo_professional_id',
  'invo_professional_role_id',
  'invo_professional_team',
  'invo_involvement_start_date',
  'invo_involvement_end_date',
  'invo_person_id',
];

const withTable = (name: string, text: string) => ({ ...childTables(), [name]: text });

describe('ssd_cla_episodes: the period of care', () => {
  it('clae_entered_care_date of the open episode, when given', async () => {
    const t = withTable('ssd_cla_episodes', csv(EPISODES, [['E1', 'C1', '2024-02-01', '', 'CLA1', '2023-06-05']]));
    expect((await child(t)).periodOfCareStart).toBe('2023-06-05');
  });

  it('else the earliest episode start with the same clae_cla_id; the latest open episode wins', async () => {
    const t = withTable(
      'ssd_cla_episodes',
      csv(EPISODES, [
        ['E0', 'C1', '2019-01-01', '2019-06-01', 'CLA0', ''], // an earlier period of care
        ['E1', 'C1', '2023-01-10', '2024-02-01', 'CLA1', ''],
        ['E2', 'C1', '2024-02-01', '', 'CLA1', ''], // a change of placement: same period of care
      ]),
    );
    const r = await child(t);
    expect(r.periodOfCareStart).toBe('2023-01-10');
    expect(r.placement).toEqual({ start: '2024-02-01', type: 'other' }); // no placement row: the open episode's start
  });

  it('an episode ending on A is not open; one starting after A is not open either', async () => {
    const t = withTable('ssd_cla_episodes', csv(EPISODES, [['E1', 'C1', '2023-01-10', '2024-06-03', 'CLA1', '']]));
    expect((await convert(t)).summary).toMatchObject({ children: 0, outOfScope: 1 });
    const later = withTable('ssd_cla_episodes', csv(EPISODES, [['E1', 'C1', '2024-06-04', '', 'CLA1', '']]));
    expect((await convert(later)).summary).toMatchObject({ children: 0, outOfScope: 1 });
    expect((await convert(later, '2024-06-04')).summary).toMatchObject({ children: 1 });
  });

  it('ignores rows without a start date', async () => {
    const t = withTable(
      'ssd_cla_episodes',
      csv(EPISODES, [
        ['E1', 'C1', '', '', 'CLA1', ''],
        ['E2', 'C1', '2023-03-01', '', 'CLA1', ''],
      ]),
    );
    expect((await child(t)).periodOfCareStart).toBe('2023-03-01');
  });
});

describe('ssd_cla_placement (903 PLACE)', () => {
  it.each([
    ['U1', { type: 'foster', intendedUntil18: true, longTermFoster: true }],
    ['u4', { type: 'foster', intendedUntil18: true, longTermFoster: true }],
    ['U3', { type: 'foster' }],
    ['U6', { type: 'foster' }],
    ['P1', { type: 'placedWithParent' }],
    ['K3', { type: 'residential' }],
    ['R5', { type: 'residential' }],
    ['H5', { type: 'residential' }],
    ['S1', { type: 'residential' }],
    ['A5', { type: 'other' }],
    ['T0', { type: 'other' }],
    ['Z14', { type: 'other' }],
    ['P3', { type: 'other' }],
  ])('%s', async (code, expected) => {
    const t = withTable('ssd_cla_placement', csv(PLACEMENTS, [['P1', 'CLA1', 'C1', '2023-05-01', code, '']]));
    const { records, problems } = await convert(t);
    expect(records[0]?.kind === 'child' && records[0].placement).toEqual({ start: '2023-05-01', ...expected });
    expect(problems).toEqual([]);
  });

  it('a retired or unknown code: other, and an unknown-code line that does not block', async () => {
    const t = withTable('ssd_cla_placement', csv(PLACEMENTS, [['P1', 'CLA1', 'C1', '2023-05-01', 'F3', '']]));
    const { records, problems, summary } = await convert(t);
    expect(records[0]?.kind === 'child' && records[0].placement).toEqual({ start: '2023-05-01', type: 'other' });
    expect(problems).toEqual([
      {
        recordId: 'C1',
        source: 'ssd_cla_placement:1',
        problem: 'unknown-code',
        detail: 'clap_cla_placement_type "F3"',
      },
    ]);
    expect(summary).toMatchObject({ children: 1, notConverted: 0, problems: 1 });
  });

  it.each([
    // [code as written in the cell, detail]: a code is quoted whole up to 40 characters, cut with … beyond
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd', 'clap_cla_placement_type "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcde',
      'clap_cla_placement_type "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd…"',
    ],
    [
      'Placed with "Mrs Smith", 14 Acacia Avenue, since the spring',
      'clap_cla_placement_type "Placed with \\"Mrs Smith\\", 14 Acacia Avenu…"',
    ],
  ])('an unknown code is quoted in the detail, cut at 40 characters (%s)', async (code, detail) => {
    const t = withTable('ssd_cla_placement', csv(PLACEMENTS, [['P1', 'CLA1', 'C1', '2023-05-01', code, '']]));
    const { problems } = await convert(t);
    expect(problems.map((p) => p.detail)).toEqual([detail]);
  });

  it('the row open on A for the open episode (by clap_cla_id, or the person when clap_cla_id is empty)', async () => {
    const t = withTable(
      'ssd_cla_placement',
      csv(PLACEMENTS, [
        ['P0', 'CLA0', 'C1', '2024-01-01', 'R1', ''], // another period of care
        ['P1', 'CLA1', 'C1', '2023-01-10', 'U3', '2024-03-01'],
        ['P2', '', 'C1', '2024-03-01', 'U1', ''],
        ['P3', 'CLA1', 'C1', '2024-06-10', 'K1', ''], // starts after A
      ]),
    );
    expect((await child(t)).placement).toEqual({
      start: '2024-03-01',
      type: 'foster',
      intendedUntil18: true,
      longTermFoster: true,
    });
  });

  it('finds the person through clap_cla_id when clap_person_id is absent; ties go to the later row', async () => {
    const t = withTable(
      'ssd_cla_placement',
      csv(
        ['clap_cla_id', 'clap_cla_placement_start_date', 'clap_cla_placement_type'],
        [
          ['CLA1', '2023-05-01', 'U3'],
          ['CLA1', '2023-05-01', 'P1'],
        ],
      ),
    );
    expect((await child(t)).placement).toEqual({ start: '2023-05-01', type: 'placedWithParent' });
  });
});

describe('ssd_legal_status (903 LS)', () => {
  it.each([
    ['V2', 'section20'],
    ['C1', 'interimCareOrder'],
    ['c2', 'careOrder'],
    ['D1', 'placementOrder'],
    ['E1', 'placementOrder'],
    ['J2', 'remand'],
    ['L3', 'other'],
    ['V3', 'shortBreaks'],
    ['V4', 'shortBreaks'],
  ])('%s → %s', async (code, status) => {
    const t = withTable('ssd_legal_status', csv(LEGAL, [['L1', 'C1', code, '2023-01-10', '']]));
    expect((await child(t)).legalStatus).toBe(status);
  });

  it('the row open on A, latest start wins; none open: other; careOrderDate from the latest-starting C2', async () => {
    const t = withTable(
      'ssd_legal_status',
      csv(LEGAL, [
        ['L1', 'C1', 'C2', '2021-01-01', '2022-01-01'],
        ['L2', 'C1', 'C1', '2023-01-10', '2023-04-01'],
        ['L3', 'C1', 'C2', '2023-04-01', ''],
        ['L4', 'C1', 'V2', '2023-02-01', ''],
      ]),
    );
    const r = await child(t);
    expect(r.legalStatus).toBe('careOrder');
    expect(r.careOrderDate).toBe('2023-04-01');
    const none = withTable('ssd_legal_status', csv(LEGAL, [['L1', 'C1', 'V2', '2023-01-10', '2024-01-01']]));
    const r2 = await child(none);
    expect(r2.legalStatus).toBe('other');
    expect(r2.careOrderDate).toBeUndefined();
  });

  it('an unknown code: other and unknown-code', async () => {
    const t = withTable('ssd_legal_status', csv(LEGAL, [['L1', 'C1', 'Full Care Order', '2023-01-10', '']]));
    const { records, problems } = await convert(t);
    expect(records[0]?.kind === 'child' && records[0].legalStatus).toBe('other');
    expect(problems.map((p) => [p.problem, p.source, p.detail])).toEqual([
      ['unknown-code', 'ssd_legal_status:1', 'lega_legal_status "Full Care Order"'],
    ]);
  });
});

describe('events of the SSD', () => {
  it('visits seen (Y or empty), reviews not cancelled, sorted and deduplicated', async () => {
    const t = {
      ...childTables(),
      ssd_cla_visits: csv(
        ['clav_cla_visit_id', 'clav_cla_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
        [
          ['V1', 'CLA1', '2024-05-01', 'y'],
          ['V2', 'CLA1', '2024-04-01', ''],
          ['V3', 'CLA1', '2024-03-01', 'N'],
          ['V4', 'CLA1', '2024-05-01 10:00', 'Y'],
        ],
      ),
      ssd_cla_reviews: csv(
        [
          'clar_cla_review_id',
          'clar_cla_id',
          'clar_cla_review_due_date',
          'clar_cla_review_date',
          'clar_cla_review_cancelled',
        ],
        [
          ['R1', 'CLA1', 'not a date', '2023-02-01', 'N'], // the due date is never read
          ['R2', 'CLA1', '', '2023-05-01', 'Y'],
          ['R3', 'CLA1', '', '', 'N'],
          ['R4', 'CLA1', '', '2023-11-01', ''],
        ],
      ),
    };
    const r = await child(t);
    expect(r.visits).toEqual(['2024-04-01', '2024-05-01']);
    expect(r.reviews).toEqual(['2023-02-01', '2023-11-01']);
  });

  it('health assessments and dental checks: type contains the words, status Completed or empty', async () => {
    const t = withTable(
      'ssd_cla_health',
      csv(
        [
          'clah_health_check_id',
          'clah_person_id',
          'clah_health_check_type',
          'clah_health_check_date',
          'clah_health_check_status',
        ],
        [
          ['H1', 'C1', 'Initial Health Assessment', '2023-02-01', 'Completed'],
          ['H2', 'C1', 'Review Health Assessment', '2023-08-01', ''],
          ['H3', 'C1', 'Review Health Assessment', '2024-02-01', 'Refused'],
          ['H4', 'C1', 'DENTAL CHECK', '2023-09-01', 'completed'],
          ['H5', 'C1', 'Optician', '2023-10-01', 'Completed'],
        ],
      ),
    );
    const r = await child(t);
    expect(r.healthAssessments).toEqual(['2023-02-01', '2023-08-01']);
    expect(r.dentalChecks).toEqual(['2023-09-01']);
  });

  it('sdqs from csdq_sdq_completed_date', async () => {
    const t = withTable(
      'ssd_sdq_scores',
      csv(
        ['csdq_table_id', 'csdq_person_id', 'csdq_sdq_completed_date', 'csdq_sdq_score'],
        [
          ['S1', 'C1', '2024-01-15', '12'],
          ['S2', 'C1', '', '14'],
          ['S3', 'C1', '2023-01-20', '10'],
        ],
      ),
    );
    expect((await child(t)).sdqs).toEqual(['2023-01-20', '2024-01-15']);
  });

  it('missing episodes (not Away or A), interviews offered (Y or NA), and the missing flag when one is open', async () => {
    const t = withTable(
      'ssd_missing',
      csv(
        [
          'miss_table_id',
          'miss_person_id',
          'miss_missing_episode_start_date',
          'miss_missing_episode_type',
          'miss_missing_episode_end_date',
          'miss_missing_rhi_offered',
        ],
        [
          ['M1', 'C1', '2024-05-01', 'Missing', '2024-05-02', 'Y'],
          ['M2', 'C1', '2024-04-01', 'M', '2024-04-03', 'N'],
          ['M3', 'C1', '2024-03-01', 'Away', '2024-03-02', 'Y'],
          ['M4', 'C1', '2024-02-01', 'a', '2024-02-02', ''],
          ['M5', 'C1', '2024-05-20', '', '', 'na'],
        ],
      ),
    );
    const r = await child(t);
    expect(r.missingEpisodes).toEqual([
      { start: '2024-04-01', end: '2024-04-03' },
      { start: '2024-05-01', end: '2024-05-02', interviewOffered: true },
      { start: '2024-05-20', interviewOffered: true },
    ]);
    expect(r.flags).toEqual(['missing']);
    expect((await child(t, '2024-05-19')).flags).toBeUndefined();
  });
});

describe('ssd_involvements: worker, team and personal adviser', () => {
  it('the open CW involvement, latest start wins', async () => {
    const t = withTable(
      'ssd_involvements',
      csv(
        INVOLVEMENTS,
        [
          ['I1', 'W1', 'CW', 'T1', '2023-01-10', '2024-01-01'],
          ['I2', 'W2', 'cw', 'T2', '2024-01-01', ''],
          ['I3', 'W3', 'IRO', 'T3', '2024-02-01', ''],
          ['I4', 'W4', '16PLUS', 'T9', '2024-03-01', ''],
        ].map((r) => [...r, 'C1']),
      ),
    );
    const r = await child(t);
    expect([r.workerId, r.teamId]).toEqual(['W2', 'T2']);
    expect(r.personalAdviserAllocated).toBe('2024-03-01');
  });

  it('none open: no worker, the team of the latest-starting CW row with a team, even ended', async () => {
    const t = withTable(
      'ssd_involvements',
      csv(
        INVOLVEMENTS,
        [
          ['I1', 'W1', 'CW', 'T1', '2023-01-10', '2023-06-01'],
          ['I2', 'W2', 'CW', 'T2', '2023-06-01', '2024-01-01'],
          ['I3', 'W3', 'CW', '', '2024-01-01', '2024-02-01'],
        ].map((r) => [...r, 'C1']),
      ),
    );
    const r = await child(t);
    expect([r.workerId, r.teamId]).toEqual([null, 'T2']);
    expect(r.personalAdviserAllocated).toBeUndefined();
  });

  it.each([
    // [16PLUS rows (start, end), personalAdviserAllocated]
    [[['2024-03-01', '2024-05-01']], undefined], // ended before A: no adviser now
    [
      [
        ['2023-06-01', ''],
        ['2024-03-01', '2024-05-01'],
      ],
      '2023-06-01',
    ], // the open one, though the ended one started later
    [[['2024-03-01', '2024-06-04']], '2024-03-01'], // ends after A: still open on A
  ])('a 16PLUS involvement counts as the personal adviser only while open on A (%j)', async (rows, expected) => {
    const t = withTable(
      'ssd_involvements',
      csv(INVOLVEMENTS, [
        ['I1', 'W1', 'CW', 'T1', '2023-01-10', '', 'C1'],
        ...rows.map(([start, end], i) => [`P${i}`, `PA${i}`, '16PLUS', 'T1', start!, end!, 'C1']),
      ]),
    );
    expect((await child(t)).personalAdviserAllocated).toBe(expected);
  });

  it('an open CW involvement without a professional: workerId null', async () => {
    const t = withTable('ssd_involvements', csv(INVOLVEMENTS, [['I1', '', 'CW', 'T1', '2023-01-10', '', 'C1']]));
    expect((await child(t)).workerId).toBeNull();
  });
});

describe('events.csv for a child', () => {
  it('adds PEPs, supervisions, pathway plan reviews, SSD-type events, the latest needs assessment; ignores pa-contact', async () => {
    const t = withTable(
      'events',
      csv(
        ['person_id', 'event', 'date'],
        [
          ['C1', 'PEP', '2024-01-10'],
          ['C1', 'pep', '2023-10-10'],
          ['C1', 'supervision', '2024-05-01 00:00:00'],
          ['C1', 'Needs-Assessment', '2024-02-01'],
          ['C1', 'needs-assessment', '2024-04-01'],
          ['C1', 'pathway-plan-review', '2024-04-02'],
          ['C1', 'visit', '2024-05-30'],
          ['C1', 'health-assessment', '2024-03-03'],
          ['C1', 'dental-check', '2024-03-04'],
          ['C1', 'review', '2024-03-05'],
          ['C1', 'pa-contact', 'not read for a child'],
          ['X9', 'pep', '2024-01-01'], // not in ssd_person: ignored
        ],
      ),
    );
    const r = await child(t);
    expect(r.peps).toEqual(['2023-10-10', '2024-01-10']);
    expect(r.supervisions).toEqual(['2024-05-01']);
    expect(r.needsAssessment).toBe('2024-04-01');
    expect(r.pathwayPlanReviews).toEqual(['2024-04-02']);
    expect(r.visits).toEqual(['2024-05-30']);
    expect(r.healthAssessments).toEqual(['2024-03-03']);
    expect(r.dentalChecks).toEqual(['2024-03-04']);
    expect(r.reviews).toEqual(['2024-03-05']);
  });
});

describe('one extract, many dates', () => {
  it('derives the same person differently as of different dates without reading the files again', async () => {
    const { readSsdFolder } = await import('../../shared/use-cases/convert-ssd.js');
    const { derivePerson } = await import('../../shared/domain/ssd/derive.js');
    const { day } = await import('../../shared/domain/calendar/local-date.js');
    const { writeExtract } = await import('./helpers.js');
    const t = withTable('ssd_cla_episodes', csv(EPISODES, [['E1', 'C1', '2023-01-10', '2024-01-01', 'CLA1', '']]));
    t.ssd_care_leavers = csv(
      ['clea_person_id', 'clea_care_leaver_eligibility', 'clea_care_leaver_allocated_team'],
      [['C1', 'Relevant', 'LC']],
    );
    const extract = await readSsdFolder(writeExtract(t));
    const person = extract.persons[0]!;
    expect(derivePerson(person, day('2022-12-31')).outcome).toBe('leaver'); // before the episode: a relevant leaver row
    expect(derivePerson(person, day('2023-06-01')).outcome).toBe('child');
    expect(derivePerson(person, day('2024-06-03')).outcome).toBe('leaver');
  });
});
