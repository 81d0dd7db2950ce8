/**
 * Problem lines (ssd.md "Problems"): a bad row costs that row, never the person. Only identity and scope block a
 * person (one line, recordId set); everyone else is converted, with a line for each row left out.
 */
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import { describe, expect, it } from 'vitest';
import { type Tables, convert, csv } from './helpers.js';

const PERSON: SsdColumn[] = [
  'pers_person_id',
  'pers_forename',
  'pers_surname',
  'pers_dob',
  'pers_expected_dob',
  'pers_death_date',
];
const EPISODES: SsdColumn[] = [
  'clae_person_id',
  'clae_cla_episode_start_date',
  'clae_cla_episode_ceased_date',
  'clae_cla_id',
];
const INVOLVEMENTS: SsdColumn[] = [
  'invo_person_id',
  'invo_professional_id',
  'invo_professional_role_id',
  'invo_professional_team',
  'invo_involvement_start_date',
];
const LEAVERS: SsdColumn[] = [
  'clea_person_id',
  'clea_care_leaver_eligibility',
  'clea_care_leaver_allocated_team',
  'clea_care_leaver_latest_contact',
];

/** Three children, C1–C3, and a relevant care leaver L1; each test breaks one of them. */
function caseload(): Tables {
  return {
    ssd_person: csv(PERSON, [
      ['C1', 'A', 'One', '2012-01-01', '', ''],
      ['C2', 'B', 'Two', '2013-01-01', '', ''],
      ['C3', 'C', 'Three', '2014-01-01', '', ''],
      ['L1', 'D', 'Four', '2006-01-01', '', ''],
    ]),
    ssd_cla_episodes: csv(EPISODES, [
      ['C1', '2023-01-01', '', 'A1'],
      ['C2', '2023-02-01', '', 'A2'],
      ['C3', '2023-03-01', '', 'A3'],
      ['L1', '2020-01-01', '2024-01-06', 'A4'],
    ]),
    ssd_involvements: csv(INVOLVEMENTS, [
      ['C1', 'W1', 'CW', 'T1', '2023-01-01'],
      ['C2', 'W2', 'CW', 'T1', '2023-02-01'],
      ['C3', 'W3', 'CW', 'T2', '2023-03-01'],
    ]),
    ssd_care_leavers: csv(LEAVERS, [['L1', 'Relevant', 'LC', '2024-05-01']]),
  };
}

async function only(t: Tables) {
  const out = await convert(t);
  return { ...out, ids: out.records.map((r) => r.id) };
}

describe('a person with a bad row beside people without', () => {
  it('C2 has an impossible visit date: C2 is converted without it, one invalid-date line a bad row', async () => {
    const t = caseload();
    t.ssd_cla_visits = csv(
      ['clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
      [
        ['C1', '2024-05-01', 'Y'],
        ['C2', '2024-05-01', 'Y'],
        ['C2', '30/02/2024', 'Y'],
        ['C2', 'soon', 'Y'],
        ['C3', '2024-05-02', 'Y'],
      ],
    );
    const { lines, ids, summary, records } = await only(t);
    expect(ids).toEqual(['C1', 'C2', 'C3', 'L1']);
    expect(lines.map((l) => ('kind' in l ? l.id : `${l.recordId} ${l.source} ${l.problem} ${l.detail}`))).toEqual([
      'C1',
      'C2',
      'C2 ssd_cla_visits:3 invalid-date clav_cla_visit_date',
      'C2 ssd_cla_visits:4 invalid-date clav_cla_visit_date',
      'C3',
      'L1',
    ]);
    expect(records[1]?.kind === 'child' && records[1].visits).toEqual(['2024-05-01']);
    expect(summary).toEqual({ persons: 4, children: 3, leavers: 1, outOfScope: 0, notConverted: 0, problems: 2 });
  });
});

describe('every problem code', () => {
  const problemOf = async (t: Tables) => {
    const { problems, ids } = await only(t);
    return { ids, problems: problems.map((p) => `${p.recordId} ${p.source} ${p.problem} ${p.detail}`) };
  };

  it('invalid-date in pers_dob blocks: no readable date of birth (the column, never the value)', async () => {
    const t = caseload();
    t.ssd_person = t.ssd_person!.replace('C3,C,Three,2014-01-01', 'C3,C,Three,2014-01-32');
    expect(await problemOf(t)).toEqual({
      ids: ['C1', 'C2', 'L1'],
      problems: ['C3 ssd_person:3 invalid-date pers_dob'],
    });
  });

  it.each([
    // [the bad value, the table that carries it, the problem line]
    [
      '2014-01-32',
      (t: Tables) => ({ ssd_person: t.ssd_person!.replace('2014-01-01', '2014-01-32') }),
      'C3 ssd_person:3 invalid-date pers_dob',
    ],
    [
      '2023-02-30',
      (t: Tables) => ({ ssd_cla_episodes: t.ssd_cla_episodes!.replace('2023-02-01', '2023-02-30') }),
      'C2 ssd_cla_episodes:2 invalid-date clae_cla_episode_start_date',
    ],
    [
      '2023-12-32',
      (_: Tables) => ({ ssd_cla_visits: csv(['clav_person_id', 'clav_cla_visit_date'], [['C1', '2023-12-32']]) }),
      'C1 ssd_cla_visits:1 invalid-date clav_cla_visit_date',
    ],
    [
      '2024-04-31',
      (t: Tables) => ({ ssd_care_leavers: t.ssd_care_leavers!.replace('2024-05-01', '2024-04-31') }),
      'L1 ssd_care_leavers:1 invalid-date clea_care_leaver_latest_contact',
    ],
  ])('a bad date (%s) is reported by its column, never by its value', async (value, broken, line) => {
    const t = caseload();
    Object.assign(t, broken(t));
    const { problems } = await convert(t);
    expect(problems.map((p) => `${p.recordId} ${p.source} ${p.problem} ${p.detail}`)).toEqual([line]);
    expect(problems[0]!.detail).not.toContain(value);
  });

  it('invalid-date in an episode is reported even for a person out of scope (scope undecidable)', async () => {
    const t = caseload();
    t.ssd_person += 'X1,E,Five,2010-01-01,,\n';
    t.ssd_cla_episodes += 'X1,2020-01-01,2020-13-01,A9\n';
    const { summary, problems } = await convert(t);
    expect(problems.map((p) => [p.recordId, p.source, p.problem, p.detail])).toEqual([
      ['X1', 'ssd_cla_episodes:5', 'invalid-date', 'clae_cla_episode_ceased_date'],
    ]);
    expect(summary).toMatchObject({ persons: 5, notConverted: 1, outOfScope: 0 });
  });

  it('a bad date for someone out of scope, or in a column never read, is not a problem', async () => {
    const t = caseload();
    t.ssd_person += 'X1,E,Five,not a date,,\n'; // no episode, no care-leaver row
    t.ssd_cla_reviews = csv(
      ['clar_cla_person_id', 'clar_cla_review_due_date', 'clar_cla_review_date'],
      [['C1', '??', '2024-01-01']],
    );
    t.ssd_cla_episodes = t
      .ssd_cla_episodes!.replace('clae_cla_id', 'clae_cla_id,clae_cla_last_iro_contact_date')
      .replace(/A(\d)\n/g, 'A$1,garbage\n');
    // C1's care-leaver row is not read for a child
    t.ssd_care_leavers += 'C1,Relevant,LC,never\n';
    const { summary, problems } = await convert(t);
    expect(problems).toEqual([]);
    expect(summary).toMatchObject({ persons: 5, children: 3, leavers: 1, outOfScope: 1 });
  });

  it('malformed-row: field count differs; the row is left out; recordId when readable, null when not', async () => {
    const t = caseload();
    t.ssd_cla_visits = csv(
      ['clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
      [['C1', '2024-05-01', 'Y']],
    );
    t.ssd_cla_visits += 'C2,2024-05-01,Y,extra\n,\n\n';
    t.ssd_sdq_scores = 'csdq_sdq_completed_date,csdq_person_id\n2024-01-01\n';
    const { problems, ids, summary } = await only(t);
    expect(problems).toEqual([
      {
        recordId: 'C2',
        source: 'ssd_cla_visits:2',
        problem: 'malformed-row',
        detail: 'the row has 4 fields, the header 3',
      },
      {
        recordId: null,
        source: 'ssd_sdq_scores:1',
        problem: 'malformed-row',
        detail: 'the row has 1 fields, the header 2',
      },
    ]);
    expect(ids).toEqual(['C1', 'C2', 'C3', 'L1']);
    expect(summary).toMatchObject({ children: 3, notConverted: 0, problems: 2 });
  });

  it('malformed-row in ssd_cla_episodes is reported even when the person turns out out of scope', async () => {
    const t = caseload();
    t.ssd_person += 'X1,E,Five,2010-01-01,,\n';
    t.ssd_cla_episodes += 'X1,2020-01-01\n';
    expect((await problemOf(t)).problems).toEqual([
      'X1 ssd_cla_episodes:5 malformed-row the row has 2 fields, the header 4',
    ]);
  });

  it('unknown-event: the row is left out, the person converted; a known word not fitting the kind is ignored', async () => {
    const t = caseload();
    t.events = csv(
      ['person_id', 'event', 'date'],
      [
        ['C1', 'pep', '2024-01-01'],
        ['C2', 'home visit', '2024-01-01'],
        ['L1', 'pep', 'not read'],
      ],
    );
    expect(await problemOf(t)).toEqual({
      ids: ['C1', 'C2', 'C3', 'L1'],
      problems: ['C2 events:2 unknown-event event "home visit"'],
    });
  });

  it('duplicate-row: a second ssd_person row, or a leaver’s second ssd_care_leavers row, is left out', async () => {
    const t = caseload();
    t.ssd_person += 'C3,C,Three,2015-05-05,,\n';
    t.ssd_care_leavers += 'L1,Relevant,LD,\n';
    const { records } = await only(t);
    expect(records.map((r) => [r.id, r.dateOfBirth, r.teamId])).toEqual([
      ['C1', '2012-01-01', 'T1'],
      ['C2', '2013-01-01', 'T1'],
      ['C3', '2014-01-01', 'T2'],
      ['L1', '2006-01-01', 'LC'],
    ]);
    expect(await problemOf(t)).toEqual({
      ids: ['C1', 'C2', 'C3', 'L1'],
      problems: [
        'C3 ssd_person:5 duplicate-row a second ssd_person row for this pers_person_id',
        'L1 ssd_care_leavers:2 duplicate-row a second ssd_care_leavers row for this clea_person_id',
      ],
    });
  });

  it('no-date-of-birth blocks; no-team (child) on the ssd_person row does not: the team for cases with no team', async () => {
    const t = caseload();
    t.ssd_person = t.ssd_person!.replace('C1,A,One,2012-01-01', 'C1,A,One,');
    t.ssd_involvements = t.ssd_involvements!.replace('C3,W3,CW,T2', 'C3,W3,CW,');
    expect(await problemOf(t)).toEqual({
      ids: ['C2', 'C3', 'L1'],
      problems: [
        'C1 ssd_person:1 no-date-of-birth pers_dob and pers_expected_dob are empty',
        'C3 ssd_person:3 no-team no ssd_involvements row with role CW names an invo_professional_team: given the team for cases with no team',
      ],
    });
    const { records } = await only(t);
    expect(records.find((r) => r.id === 'C3')).toMatchObject({ teamId: 'unassigned', workerId: 'W3' });
  });

  it('no-ceased-date (blocks) and no-team (does not) for a leaver, on the ssd_care_leavers row', async () => {
    const t = caseload();
    // Care ended before the six-year window: the only episode left starts after A (not open, never ceased).
    t.ssd_cla_episodes = t.ssd_cla_episodes!.replace('L1,2020-01-01,2024-01-06', 'L1,2024-06-04,');
    expect((await problemOf(t)).problems).toEqual([
      'L1 ssd_care_leavers:1 no-ceased-date no clae_cla_episode_ceased_date for this person',
    ]);
    const u = caseload();
    u.ssd_care_leavers = u.ssd_care_leavers!.replace('L1,Relevant,LC', 'L1,Relevant,');
    expect(await problemOf(u)).toEqual({
      ids: ['C1', 'C2', 'C3', 'L1'],
      problems: [
        'L1 ssd_care_leavers:1 no-team clea_care_leaver_allocated_team is empty: given the team for cases with no team',
      ],
    });
    expect((await only(u)).records.find((r) => r.id === 'L1')).toMatchObject({ teamId: 'unassigned' });
  });

  it('unknown-code does not block and follows its record', async () => {
    const t = caseload();
    t.ssd_legal_status = csv(
      ['lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date'],
      [['C2', 'X9', '2023-02-01']],
    );
    const { lines } = await only(t);
    expect(lines.map((l) => ('kind' in l ? l.id : l.problem))).toEqual(['C1', 'C2', 'unknown-code', 'C3', 'L1']);
  });

  it('a converted person’s lines follow the record in table and row order', async () => {
    const t = caseload();
    t.ssd_person += 'C1,A,One,2012-01-01,,\n';
    t.events = csv(
      ['person_id', 'event', 'date'],
      [
        ['C1', 'bogus', ''],
        ['C1', 'pep', 'bad'],
        ['C1', 'pep', '2024-02-02'],
      ],
    );
    t.ssd_involvements = t.ssd_involvements!.replace('C1,W1,CW,T1', 'C1,W1,CW,');
    t.ssd_cla_visits = csv(['clav_person_id', 'clav_cla_visit_date'], [['C1', '1/2/3']]);
    t.ssd_legal_status = csv(
      ['lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date'],
      [['C1', 'X9', '2023-02-01']],
    );
    const { lines } = await only(t);
    expect(lines.slice(0, 8).map((l) => ('kind' in l ? l.id : `${l.recordId} ${l.source} ${l.problem}`))).toEqual([
      'C1',
      'C1 ssd_person:1 no-team',
      'C1 ssd_person:5 duplicate-row',
      'C1 ssd_legal_status:1 unknown-code',
      'C1 ssd_cla_visits:1 invalid-date',
      'C1 events:1 unknown-event',
      'C1 events:2 invalid-date',
      'C2',
    ]);
    expect(lines[0]).toMatchObject({ peps: ['2024-02-02'], visits: [], teamId: 'unassigned', legalStatus: 'other' });
  });

  it('one blocking line per person, the first in order: scope, malformed ssd_person, death date, date of birth', async () => {
    const t = caseload();
    t.ssd_person = t.ssd_person!.replace('C1,A,One,2012-01-01,,', 'C1,A,One,,,bad');
    t.ssd_cla_episodes += 'C1,2020-01-01,2020-02-31,A0\n';
    expect((await problemOf(t)).problems).toEqual(['C1 ssd_cla_episodes:5 invalid-date clae_cla_episode_ceased_date']);
    t.ssd_cla_episodes = t.ssd_cla_episodes!.replace('C1,2020-01-01,2020-02-31,A0\n', '');
    expect((await problemOf(t)).problems).toEqual(['C1 ssd_person:1 invalid-date pers_death_date']);
    t.ssd_person = t.ssd_person!.replace('C1,A,One,,,bad', 'C1,A,One,,,');
    expect((await problemOf(t)).problems).toEqual([
      'C1 ssd_person:1 no-date-of-birth pers_dob and pers_expected_dob are empty',
    ]);
  });

  it('an unreadable pers_expected_dob costs that value beside a readable pers_dob, and blocks without one', async () => {
    const t = caseload();
    t.ssd_person = t.ssd_person!.replace('C1,A,One,2012-01-01,,', 'C1,A,One,2012-01-01,31/09/2011,');
    t.ssd_person = t.ssd_person!.replace('C2,B,Two,2013-01-01,,', 'C2,B,Two,,31/09/2012,');
    const { ids, problems } = await problemOf(t);
    expect(ids).toEqual(['C1', 'C3', 'L1']);
    expect(problems).toEqual([
      'C1 ssd_person:1 invalid-date pers_expected_dob',
      'C2 ssd_person:2 invalid-date pers_expected_dob',
    ]);
    expect((await only(t)).records[0]).toMatchObject({ id: 'C1', dateOfBirth: '2012-01-01' });
  });

  it('dates after A are kept: the engine reports them', async () => {
    const t = caseload();
    t.ssd_cla_visits = csv(['clav_person_id', 'clav_cla_visit_date'], [['C1', '2024-07-01']]);
    const { records, problems } = await convert(t);
    expect(problems).toEqual([]);
    expect(records[0]?.kind === 'child' && records[0].visits).toEqual(['2024-07-01']);
  });
});
