/** Care leavers and scope (ssd.md "Who is converted", "Leaver"). As of 2024-06-03. */
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { describe, expect, it } from 'vitest';
import type { SsdLeaverRecord } from '../../shared/domain/ssd/derive.js';
import { type Tables, childTables, convert, csv } from './helpers.js';

const LEAVERS: SsdColumn[] = [
  'clea_table_id',
  'clea_person_id',
  'clea_care_leaver_eligibility',
  'clea_care_leaver_latest_contact',
  'clea_care_leaver_activity',
  'clea_pathway_plan_review_date',
  'clea_care_leaver_personal_advisor',
  'clea_care_leaver_allocated_team',
  'clea_care_leaver_worker_id',
];

/** L1: in care until 2023-09-01, now a care leaver. */
function leaverTables(row: (string | null)[]): Tables {
  return {
    ssd_person: csv(['pers_person_id', 'pers_forename', 'pers_dob'], [['L1', 'Leo', '2005-08-20']]),
    ssd_cla_episodes: csv(
      ['clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_cla_id'],
      [
        ['L1', '2019-01-01', '2021-05-01', 'CLA1'],
        ['L1', '2021-05-01', '2023-09-01', 'CLA1'],
      ],
    ),
    ssd_care_leavers: csv(LEAVERS, [row]),
  };
}

async function leaver(tables: Tables): Promise<SsdLeaverRecord> {
  const { records, problems } = await convert(tables);
  const r = records[0];
  if (r?.kind !== 'leaver') throw new Error(`not a leaver: ${JSON.stringify(problems)}`);
  return r;
}

describe('a care leaver', () => {
  it('converts every field', async () => {
    const r = await leaver(
      leaverTables(['X', 'L1', 'Former Relevant', '2024-05-02 00:00:00.000', 'F2', '2024-01-15', 'PA7', 'LCT', 'W3']),
    );
    expect(r).toEqual({
      id: 'L1',
      kind: 'leaver',
      givenName: 'Leo',
      dateOfBirth: '2005-08-20',
      workerId: 'PA7',
      teamId: 'LCT',
      category: 'formerRelevant',
      ceasedCareDate: '2023-09-01',
      accommodationProvidedByLA: false,
      inEducationOrTraining: true,
      pathwayPlanReviews: ['2024-01-15'],
      contacts: ['2024-05-02'],
    });
  });

  it.each([
    ['relevant', 'relevant'],
    ['RELEVANT', 'relevant'],
    ['former-relevant', 'formerRelevant'],
    ['Former_Relevant', 'formerRelevant'],
  ])('eligibility %s → %s', async (word, category) => {
    expect((await leaver(leaverTables(['X', 'L1', word, '', '', '', '', 'LCT', '']))).category).toBe(category);
  });

  it.each(['Eligible', 'Qualifying', 'No Current Eligibility', ''])('eligibility %j: out of scope', async (word) => {
    const { summary, lines } = await convert(leaverTables(['X', 'L1', word, '', '', '', '', 'LCT', '']));
    expect(summary).toEqual({ persons: 1, children: 0, leavers: 0, outOfScope: 1, notConverted: 0, problems: 0 });
    expect(lines).toEqual([]);
  });

  it('worker: the personal adviser, else clea_care_leaver_worker_id, else null; activity not in education', async () => {
    const r = await leaver(leaverTables(['X', 'L1', 'Relevant', '', 'G4', '1900-01-01', '', 'LCT', 'W3']));
    expect(r.workerId).toBe('W3');
    expect(r.inEducationOrTraining).toBe(false);
    expect(r.pathwayPlanReviews).toEqual([]); // 1900-01-01: never modified
    expect(r.contacts).toEqual([]);
    const none = await leaver(leaverTables(['X', 'L1', 'Relevant', '', 'p5', '', '', 'LCT', '']));
    expect(none.workerId).toBeNull();
    expect(none.inEducationOrTraining).toBe(true);
  });

  it('adds pa-contact and pathway-plan-review events, the latest needs assessment; ignores child events', async () => {
    const t = leaverTables(['X', 'L1', 'Relevant', '2024-05-02', '', '2024-01-15', 'PA7', 'LCT', '']);
    t.events = csv(
      ['person_id', 'event', 'date'],
      [
        ['L1', 'PA-Contact', '2024-04-01'],
        ['L1', 'pa-contact', '2024-05-02'],
        ['L1', 'pathway-plan-review', '2023-07-15'],
        ['L1', 'needs-assessment', '2023-10-01'],
        ['L1', 'visit', 'not read for a leaver'],
      ],
    );
    const r = await leaver(t);
    expect(r.contacts).toEqual(['2024-04-01', '2024-05-02']);
    expect(r.pathwayPlanReviews).toEqual(['2023-07-15', '2024-01-15']);
    expect(r.needsAssessment).toBe('2023-10-01');
  });
});

describe('scope', () => {
  it('an open episode makes a child even with a relevant care-leaver row', async () => {
    const t = leaverTables(['X', 'L1', 'Relevant', '', '', '', '', 'LCT', '']);
    t.ssd_cla_episodes += 'L1,2024-05-01,,CLA2\n';
    t.ssd_involvements = csv(
      ['invo_person_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_involvement_start_date'],
      [['L1', 'CW', 'T1', '2024-05-01']],
    );
    const { records } = await convert(t);
    expect(records.map((r) => r.kind)).toEqual(['child']);
  });

  it('a death on or before A: out of scope, however bad the rest', async () => {
    const t = childTables();
    t.ssd_person = csv(['pers_person_id', 'pers_dob', 'pers_death_date'], [['C1', '', '2024-06-03']]);
    t.ssd_cla_visits = 'clav_person_id,clav_cla_visit_date\nC1,2024-05-01,extra\nC1,2024-02-30\n';
    t.events = 'person_id,event,date\nC1,bogus,\n';
    expect((await convert(t)).summary).toMatchObject({ outOfScope: 1, notConverted: 0, problems: 0 });
    t.ssd_person = csv(['pers_person_id', 'pers_dob', 'pers_death_date'], [['C1', '2012-01-01', '2024-06-04']]);
    // Alive: converted, each bad row reported and left out.
    expect((await convert(t)).summary).toMatchObject({ children: 1, notConverted: 0, problems: 3 });
  });

  it('a child aged 18 or more is still converted (the engine reports it)', async () => {
    const t = childTables();
    t.ssd_person = csv(['pers_person_id', 'pers_dob'], [['C1', '2005-01-01']]);
    expect((await convert(t)).summary).toMatchObject({ children: 1 });
  });

  it('no episode and no care-leaver row: out of scope; rows for ids not in ssd_person are ignored', async () => {
    const t = childTables();
    t.ssd_person += 'C2,Bo,Test,2010-01-01,,\n';
    t.ssd_cla_episodes += 'E9,NOBODY,2024-01-01,,CLA9,\n';
    const { summary, lines } = await convert(t);
    expect(summary).toEqual({ persons: 2, children: 1, leavers: 0, outOfScope: 1, notConverted: 0, problems: 0 });
    expect(lines).toHaveLength(1);
  });
});
