/** `--map`: a council's own descriptions → the values ssd.md expects (Liquidlogic writes descriptions). */
import { describe, expect, it } from 'vitest';
import { ValueMapError, compileValueMap } from '../../shared/domain/ssd/value-map.js';
import { child, childTables, convert, csv } from './helpers.js';

describe('descriptions mapped by --map', () => {
  const map = compileValueMap({
    lega_legal_status: { 'Full Care Order': 'C2', 'Accommodated (s20)': 'V2' },
    clap_cla_placement_type: { 'Long-term foster': 'u1' },
    clah_health_check_type: { IHA: 'Health Assessment', Teeth: 'Dental' },
    clah_health_check_status: { Done: 'completed' },
    clav_cla_visit_seen: { Seen: 'Y', 'Not seen': 'N' },
    clar_cla_review_cancelled: { Cancelled: 'Y' },
    invo_professional_role_id: { 'Allocated Social Worker': 'CW', 'Leaving Care PA': '16PLUS' },
    miss_missing_episode_type: { 'Absent (away)': 'Away' },
    miss_missing_rhi_offered: { Yes: 'Y' },
  });

  const tables = () => ({
    ...childTables(),
    ssd_legal_status: csv(
      ['lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date'],
      [
        ['C1', 'Accommodated (s20)', '2023-01-10'],
        ['C1', ' Full Care Order ', '2023-05-01'], // trimmed, then exact
      ],
    ),
    ssd_cla_placement: csv(
      ['clap_person_id', 'clap_cla_placement_type', 'clap_cla_placement_start_date'],
      [['C1', 'Long-term foster', '2023-01-10']],
    ),
    ssd_cla_health: csv(
      ['clah_person_id', 'clah_health_check_type', 'clah_health_check_date', 'clah_health_check_status'],
      [
        ['C1', 'IHA', '2023-02-01', 'Done'],
        ['C1', 'iha', '2023-03-01', 'Done'], // a map key matches exactly, not in any case
        ['C1', 'Teeth', '2023-04-01', 'Booked'],
      ],
    ),
    ssd_cla_visits: csv(
      ['clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
      [
        ['C1', '2024-01-01', 'Seen'],
        ['C1', '2024-02-01', 'Not seen'],
      ],
    ),
    ssd_cla_reviews: csv(
      ['clar_cla_person_id', 'clar_cla_review_date', 'clar_cla_review_cancelled'],
      [
        ['C1', '2023-02-01', 'Cancelled'],
        ['C1', '2023-02-08', ''],
      ],
    ),
    ssd_involvements: csv(
      [
        'invo_person_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_professional_team',
        'invo_involvement_start_date',
      ],
      [
        ['C1', 'W5', 'Allocated Social Worker', 'T5', '2023-01-10'],
        ['C1', 'PA1', 'Leaving Care PA', 'LC', '2024-01-01'],
      ],
    ),
    ssd_missing: csv(
      [
        'miss_person_id',
        'miss_missing_episode_type',
        'miss_missing_episode_start_date',
        'miss_missing_episode_end_date',
        'miss_missing_rhi_offered',
      ],
      [
        ['C1', 'Absent (away)', '2024-01-01', '2024-01-02', ''],
        ['C1', 'Missing', '2024-02-01', '2024-02-02', 'Yes'],
      ],
    ),
  });

  it('maps every mappable column before codes are matched', async () => {
    const r = await child(tables(), '2024-06-03', map);
    expect(r.legalStatus).toBe('careOrder');
    expect(r.careOrderDate).toBe('2023-05-01');
    expect(r.placement).toEqual({ start: '2023-01-10', type: 'foster', intendedUntil18: true, longTermFoster: true });
    expect(r.healthAssessments).toEqual(['2023-02-01']);
    expect(r.dentalChecks).toEqual([]);
    expect(r.visits).toEqual(['2024-01-01']);
    expect(r.reviews).toEqual(['2023-02-08']);
    expect([r.workerId, r.teamId, r.personalAdviserAllocated]).toEqual(['W5', 'T5', '2024-01-01']);
    expect(r.missingEpisodes).toEqual([{ start: '2024-02-01', end: '2024-02-02', interviewOffered: true }]);
  });

  it('without the map the same extract reads differently', async () => {
    const { records, problems } = await convert(tables());
    expect(records.map((r) => [r.id, r.workerId, r.teamId])).toEqual([['C1', null, 'unassigned']]);
    expect(problems.map((p) => `${p.source} ${p.problem}`)).toEqual([
      'ssd_person:1 no-team',
      'ssd_legal_status:2 unknown-code',
      'ssd_cla_placement:1 unknown-code',
    ]);
  });

  it('maps care-leaver eligibility and activity', async () => {
    const leaverMap = compileValueMap({
      clea_care_leaver_eligibility: { 'Former relevant child': 'Former Relevant' },
      clea_care_leaver_activity: { 'Full-time higher education': 'F1' },
    });
    const t = {
      ssd_person: csv(['pers_person_id', 'pers_dob'], [['L1', '2004-01-01']]),
      ssd_cla_episodes: csv(
        ['clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date'],
        [['L1', '2019-01-01', '2022-01-01']],
      ),
      ssd_care_leavers: csv(
        [
          'clea_person_id',
          'clea_care_leaver_eligibility',
          'clea_care_leaver_activity',
          'clea_care_leaver_allocated_team',
        ],
        [['L1', 'Former relevant child', 'Full-time higher education', 'LC']],
      ),
    };
    const { records } = await convert(t, '2024-06-03', leaverMap);
    expect(records).toMatchObject([{ kind: 'leaver', category: 'formerRelevant', inEducationOrTraining: true }]);
  });
});

describe('a map file that is wrong', () => {
  it.each([
    [{ lega_status: { a: 'C2' } }, /unknown column "lega_status"/],
    [{ lega_legal_status: { 'Full Care Order': 2 } }, /lega_legal_status: every mapped value must be a string/],
    [{ lega_legal_status: 'C2' }, /lega_legal_status: must be an object/],
    [[], /must be a JSON object/],
    ['x', /must be a JSON object/],
  ])('%j is refused', (raw, message) => {
    expect(() => compileValueMap(raw)).toThrow(ValueMapError);
    expect(() => compileValueMap(raw)).toThrow(message);
  });

  it('an empty map is allowed', () => {
    expect(compileValueMap({})).toEqual({});
  });
});
