/**
 * rules.md §4 item 10: a bad value costs that value, never the child. One row per case, through the domain and
 * through the shipped `deadlines evaluate` command; and a property: a bad or future item added to any event list
 * of a valid record changes no obligation and adds one problem line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, day, formatDay } from '../../shared/domain/calendar/local-date.js';
import { type ObligationLine, evaluateRecord, toLine } from '../../shared/domain/evaluate.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { runCli } from '../cli/capture.js';
import { validChild, validLeaver } from '../helpers/arbitraries.js';
import { child, leaver } from '../helpers/records.js';

const asOf = '2024-06-03';
const policy = compilePolicy({});

/** Placement since 2023-01-10, last visit 2024-04-01 (visit due 2024-05-13), health assessment due 2024-04-01. */
const base = child({ visits: ['2024-04-01'], healthAssessments: ['2023-04-01'] });
/** Aged 16 on 2024-01-01 and in care since 2023-01-10: an eligible child (needs assessment due 2024-04-01). */
const eligible = child({ dateOfBirth: '2008-01-01', visits: ['2024-04-01'], healthAssessments: ['2023-04-01'] });
const episode = { start: '2024-05-01', end: '2024-05-02' };

interface Row {
  name: string;
  record: object;
  problem: string;
  /** The field the problem names. */
  field: string;
  /** Obligations (kind → due date) the record must still have, written out by hand. */
  due: Record<string, string>;
  /** Obligations the record must not have. */
  absent?: string[];
}

/** The cases in which the record is evaluated: every obligation the rest of the record supports. */
const degraded: Row[] = [
  {
    name: 'a visit re-saved in US form is left out; the health assessment is still overdue',
    record: { ...base, visits: ['2024-04-01', '10/13/2026 1:00 PM'] },
    problem: 'invalid-value',
    field: 'visits[1]',
    due: { visit: '2024-05-13', 'health-assessment': '2024-04-01' },
  },
  {
    name: 'a visit typed as 2042 does not hide the overdue health assessment (rules.md)',
    record: { ...base, visits: ['2042-04-01', '2024-04-01'] },
    problem: 'date-after-as-of',
    field: 'visits[0]',
    due: { visit: '2024-05-13', 'health-assessment': '2024-04-01' },
  },
  {
    name: 'an impossible visit date',
    record: { ...base, visits: ['2024-02-30', '2024-04-01'] },
    problem: 'invalid-value',
    field: 'visits[0]',
    due: { visit: '2024-05-13' },
  },
  {
    name: 'a null visit',
    record: { ...base, visits: ['2024-04-01', null] },
    problem: 'invalid-value',
    field: 'visits[1]',
    due: { visit: '2024-05-13' },
  },
  {
    name: 'a visit of the wrong type (a number)',
    record: { ...base, visits: [20240501, '2024-04-01'] },
    problem: 'invalid-value',
    field: 'visits[0]',
    due: { visit: '2024-05-13' },
  },
  {
    name: 'a visit before the date of birth',
    record: { ...base, visits: ['2012-03-31', '2024-04-01'] },
    problem: 'date-before-birth',
    field: 'visits[0]',
    due: { visit: '2024-05-13' },
  },
  {
    name: 'a future review is left out: the review is due as if it were not there',
    record: { ...base, reviews: ['2024-03-01', '2024-12-01'] },
    problem: 'date-after-as-of',
    field: 'reviews[1]',
    due: { review: '2024-06-01', visit: '2024-05-13' },
  },
  {
    name: 'a future health assessment is not a completion',
    record: { ...base, healthAssessments: ['2023-04-01', '2025-01-01'] },
    problem: 'date-after-as-of',
    field: 'healthAssessments[1]',
    due: { 'health-assessment': '2024-04-01' },
  },
  {
    name: 'an unreadable dental check',
    record: { ...base, dentalChecks: ['2023-10-01', '31/12/2023'] },
    problem: 'invalid-value',
    field: 'dentalChecks[1]',
    due: { 'dental-check': '2024-04-01' },
  },
  {
    name: 'a future PEP',
    record: { ...base, peps: ['2030-01-01'] },
    problem: 'date-after-as-of',
    field: 'peps[0]',
    due: { visit: '2024-05-13', 'health-assessment': '2024-04-01' },
  },
  {
    name: 'an unreadable supervision',
    record: { ...base, supervisions: ['2024-05-01', 'yesterday'] },
    problem: 'invalid-value',
    field: 'supervisions[1]',
    due: { supervision: '2024-06-26' },
  },
  {
    name: 'a future SDQ',
    record: { ...base, sdqs: ['2023-09-01', '2026-09-01'] },
    problem: 'date-after-as-of',
    field: 'sdqs[1]',
    due: { sdq: '2024-09-01' },
  },
  {
    name: "an eligible child's future pathway plan review",
    record: { ...eligible, pathwayPlanReviews: ['2024-09-01'] },
    problem: 'date-after-as-of',
    field: 'pathwayPlanReviews[0]',
    due: { 'needs-assessment': '2024-04-01', 'pathway-plan': '2024-04-01' },
  },
  {
    name: 'a missing episode that ends in the future is left out: no return interview from it',
    record: { ...base, missingEpisodes: [episode, { start: '2024-06-01', end: '2024-06-05' }] },
    problem: 'date-after-as-of',
    field: 'missingEpisodes[1].end',
    due: { 'return-interview': '2024-05-05', visit: '2024-05-13' },
  },
  {
    name: 'a missing episode with an unreadable start is left out',
    record: { ...base, missingEpisodes: [{ start: 'unknown', end: '2024-05-02' }] },
    problem: 'invalid-value',
    field: 'missingEpisodes[0]',
    due: { visit: '2024-05-13' },
    absent: ['return-interview'],
  },
  {
    name: 'a future needs assessment is not done yet',
    record: { ...eligible, needsAssessment: '2024-07-01' },
    problem: 'date-after-as-of',
    field: 'needsAssessment',
    due: { 'needs-assessment': '2024-04-01' },
  },
  {
    name: 'an unreadable needs assessment is not done',
    record: { ...eligible, needsAssessment: '01/03/2024' },
    problem: 'invalid-value',
    field: 'needsAssessment',
    due: { 'needs-assessment': '2024-04-01' },
  },
  {
    name: 'an unreadable personal adviser allocation: the adviser is still due',
    record: { ...eligible, personalAdviserAllocated: 'yes' },
    problem: 'invalid-value',
    field: 'personalAdviserAllocated',
    due: { 'personal-adviser': '2024-07-01' },
  },
  {
    name: 'a future personal adviser allocation: the adviser is still due',
    record: { ...eligible, personalAdviserAllocated: '2024-06-04' },
    problem: 'date-after-as-of',
    field: 'personalAdviserAllocated',
    due: { 'personal-adviser': '2024-07-01' },
  },
  {
    name: 'a future interview offer: the return interview is still due',
    record: { ...base, missingEpisodes: [{ ...episode, interviewOffered: '2024-07-01' }] },
    problem: 'date-after-as-of',
    field: 'missingEpisodes[0].interviewOffered',
    due: { 'return-interview': '2024-05-05' },
  },
  {
    name: 'an unreadable interview offer: the return interview is still due',
    record: { ...base, missingEpisodes: [{ ...episode, interviewOffered: 'Y' }] },
    problem: 'invalid-value',
    field: 'missingEpisodes[0].interviewOffered',
    due: { 'return-interview': '2024-05-05' },
  },
  {
    name: 'no allocated worker: every obligation as usual',
    record: { ...base, workerId: null },
    problem: 'no-allocated-worker',
    field: 'workerId',
    due: { visit: '2024-05-13', 'health-assessment': '2024-04-01', review: '2023-02-07' },
  },
  {
    name: "a care leaver's future contact",
    record: leaver({ contacts: ['2024-05-01', '2024-08-01'] }),
    problem: 'date-after-as-of',
    field: 'contacts[1]',
    due: { 'pa-contact': '2024-06-26' },
  },
  {
    name: "a care leaver's unreadable pathway plan review",
    record: leaver({ pathwayPlanReviews: ['2024-02-01', '2024-13-01'] }),
    problem: 'invalid-value',
    field: 'pathwayPlanReviews[1]',
    due: { 'pathway-plan': '2024-08-01' },
  },
  {
    name: "a care leaver's future needs assessment is not done yet",
    record: leaver({ returnToEducationRequested: '2024-01-15', needsAssessment: '2024-07-01' }),
    problem: 'date-after-as-of',
    field: 'needsAssessment',
    due: { 'needs-assessment': '2024-04-15' },
  },
];

/** The cases that block the record: identity, anchors, the facts that choose the rules, lists, limits. */
const blocked: { name: string; record: object; problem: string; field: string }[] = [
  { name: 'no id', record: { ...base, id: undefined }, problem: 'invalid-record', field: 'id' },
  { name: 'an unknown kind', record: { ...base, kind: 'adult' }, problem: 'invalid-record', field: 'kind' },
  {
    name: 'an unreadable date of birth',
    record: { ...base, dateOfBirth: '01/04/2012' },
    problem: 'invalid-record',
    field: 'dateOfBirth',
  },
  {
    name: 'a future start of care',
    record: { ...base, periodOfCareStart: '2024-07-01', placement: { start: '2024-07-01', type: 'foster' } },
    problem: 'date-after-as-of',
    field: 'periodOfCareStart',
  },
  {
    name: 'an unknown legal status',
    record: { ...base, legalStatus: 'wardship' },
    problem: 'invalid-record',
    field: 'legalStatus',
  },
  {
    name: 'a future care order',
    record: { ...base, careOrderDate: '2024-06-04' },
    problem: 'date-after-as-of',
    field: 'careOrderDate',
  },
  {
    name: 'a placement start before birth',
    record: { ...base, placement: { start: '2012-01-01', type: 'foster' } },
    problem: 'date-before-birth',
    field: 'placement.start',
  },
  {
    name: 'an unreadable placement flag',
    record: { ...base, placement: { start: '2023-01-10', type: 'foster', longTermFoster: 'Y' } },
    problem: 'invalid-record',
    field: 'placement.longTermFoster',
  },
  {
    name: 'weeks looked after before the period past the limit',
    record: { ...base, weeksLookedAfterSince14BeforePeriod: 401 },
    problem: 'invalid-record',
    field: 'weeksLookedAfterSince14BeforePeriod',
  },
  {
    name: 'short-break visit weeks past the limit',
    record: { ...base, shortBreakVisitWeeks: 0 },
    problem: 'invalid-record',
    field: 'shortBreakVisitWeeks',
  },
  {
    name: 'a list that is not a list',
    record: { ...base, visits: '2024-04-01' },
    problem: 'invalid-record',
    field: 'visits',
  },
  {
    name: 'a list past the limit',
    record: { ...base, sdqs: Array.from({ length: 2001 }, () => '2024-01-01') },
    problem: 'invalid-record',
    field: 'sdqs',
  },
  {
    name: "a care leaver's unreadable end of care",
    record: leaver({ ceasedCareDate: '2023-02-30' }),
    problem: 'invalid-record',
    field: 'ceasedCareDate',
  },
  {
    name: "a care leaver's unknown category",
    record: { ...leaver(), category: 'former' },
    problem: 'invalid-record',
    field: 'category',
  },
  {
    name: "a care leaver's future accommodation start",
    record: leaver({ accommodationProvidedByLA: true, accommodationStart: '2024-06-10' }),
    problem: 'date-after-as-of',
    field: 'accommodationStart',
  },
  {
    name: "a care leaver's unreadable education flag",
    record: { ...leaver(), inEducationOrTraining: 'yes' },
    problem: 'invalid-record',
    field: 'inEducationOrTraining',
  },
  {
    name: "a care leaver's unreadable support request",
    record: { ...leaver(), supportRequested: 'Y' },
    problem: 'invalid-record',
    field: 'supportRequested',
  },
  {
    name: "a care leaver's future return to education",
    record: leaver({ returnToEducationRequested: '2024-06-04' }),
    problem: 'date-after-as-of',
    field: 'returnToEducationRequested',
  },
];

function dueDates(lines: readonly ObligationLine[]): Record<string, string> {
  return Object.fromEntries(lines.map((l) => [l.obligation, l.dueDate]));
}

describe('a bad value costs that value, never the child (domain)', () => {
  it.each(degraded)('$name', ({ record, problem, field, due, absent }) => {
    const v = validateRecord(record, day(asOf));
    expect(v.problems).toEqual([{ recordId: (record as { id: string }).id, problem, detail: expect.any(String) }]);
    if (problem !== 'no-allocated-worker') expect(v.problems[0]!.detail).toContain(field);
    expect(v.record).toBeDefined();
    const got = dueDates(evaluateRecord(v.record!, day(asOf), policy).map(toLine));
    expect(got).toMatchObject(due);
    for (const a of absent ?? []) expect(got).not.toHaveProperty(a);
  });

  it.each(blocked)('blocks the record: $name', ({ record, problem, field }) => {
    const v = validateRecord(record, day(asOf));
    expect(v.record).toBeUndefined();
    expect(v.problems[0]).toMatchObject({ problem, detail: expect.stringContaining(field) });
  });

  it('never names the value, only the field', () => {
    const v = validateRecord({ ...base, visits: ['2024-04-01', '10/13/2026 1:00 PM', '2042-04-01'] }, day(asOf));
    expect(v.problems.map((p) => p.detail)).toEqual([
      'visits[1]: expected a real date YYYY-MM-DD; left out',
      'visits[2] after the as-of date 2024-06-03: a future date is a data error, not a completion; left out',
    ]);
  });

  it('names the input index of a future item even after an unreadable one before it was left out', () => {
    const v = validateRecord({ ...base, visits: ['x', '2024-04-01', 'y', '2042-01-01'] }, day(asOf));
    expect(v.problems.map((p) => p.detail)).toEqual([
      'visits[0], visits[2]: expected a real date YYYY-MM-DD; left out',
      'visits[3] after the as-of date 2024-06-03: a future date is a data error, not a completion; left out',
    ]);
  });
});

describe('a bad value costs that value, never the child (deadlines evaluate)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'degrade-'));
  const all = [
    ...degraded.map((r, i) => ({ ...r.record, id: `D-${i}` })),
    ...blocked.map((r, i) => ({ ...r.record, id: r.name === 'no id' ? undefined : `B-${i}` })),
  ];
  const input = join(dir, 'records.jsonl');
  writeFileSync(input, `${all.map((r) => JSON.stringify(r)).join('\n')}\n`);
  let lines: Record<string, unknown>[] = [];
  const ready = runCli(['evaluate', '--as-of', asOf, '--input', input]).then((r) => {
    expect(r.code).toBe(0);
    lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  });

  it.each(degraded.map((r, i) => ({ ...r, id: `D-${i}` })))('$name', async ({ id, problem, field, due, absent }) => {
    await ready;
    const mine = lines.filter((l) => l.recordId === id);
    const problems = mine.filter((l) => 'problem' in l);
    expect(problems).toEqual([{ recordId: id, line: expect.any(Number), problem, detail: expect.any(String) }]);
    if (problem !== 'no-allocated-worker') expect(problems[0]!.detail).toContain(field);
    const got = dueDates(mine.filter((l) => 'obligation' in l) as unknown as ObligationLine[]);
    expect(got).toMatchObject(due);
    for (const a of absent ?? []) expect(got).not.toHaveProperty(a);
  });

  it.each(blocked.map((r, i) => ({ ...r, id: r.name === 'no id' ? null : `B-${i}` })))(
    'blocks the record: $name',
    async ({ id, problem, field }) => {
      await ready;
      const line = all.findIndex((r) => (r as { id?: string }).id === (id ?? undefined)) + 1;
      const mine = lines.filter((l) => l.line === line || (id !== null && l.recordId === id));
      expect(mine.some((l) => 'obligation' in l)).toBe(false);
      expect(mine[0]).toMatchObject({ problem, detail: expect.stringContaining(field) });
    },
  );
});

/** A value that is not a real date, or a real date on the wrong side of the as-of date or the birth. */
function badItem(asOfDay: number, dob: number) {
  return fc.oneof(
    fc.constantFrom('10/13/2026 1:00 PM', '2024-02-30', '', 'unknown', null, 20240101, true, {}, []),
    fc.integer({ min: 1, max: 5000 }).map((n) => formatDay(addDays(asOfDay, n))),
    fc.integer({ min: 1, max: 3000 }).map((n) => formatDay(Math.max(addDays(dob, -n), day('1900-01-01')))),
  );
}

const CHILD_LISTS = [
  'visits',
  'reviews',
  'healthAssessments',
  'dentalChecks',
  'peps',
  'pathwayPlanReviews',
  'supervisions',
  'sdqs',
  'missingEpisodes',
  'declined',
];
const LEAVER_LISTS = ['pathwayPlanReviews', 'contacts'];

describe('property: a bad or future item changes no obligation, and adds one problem line', () => {
  const property =
    (lists: string[]) =>
    (generated: { asOf: string; record: Record<string, unknown> }, pick: number, at: number, bad: unknown) => {
      const { asOf: on, record } = generated;
      const field = lists[pick % lists.length]!;
      const list = (record[field] as unknown[] | undefined) ?? [];
      const position = at % (list.length + 1);
      const item =
        field === 'missingEpisodes'
          ? { start: bad, end: typeof bad === 'string' ? bad : undefined }
          : field === 'declined'
            ? { obligation: 'health-assessment', date: bad }
            : bad;
      const withBad = { ...record, [field]: [...list.slice(0, position), item, ...list.slice(position)] };
      const clean = validateRecord(record, day(on));
      const dirty = validateRecord(withBad, day(on));
      expect(clean.problems).toEqual([]);
      expect(dirty.problems).toHaveLength(1);
      expect(dirty.problems[0]!.problem).toMatch(/^(invalid-value|date-after-as-of|date-before-birth)$/);
      expect(dirty.problems[0]!.detail).toContain(`${field}[${position}]`);
      expect(evaluateRecord(dirty.record!, day(on), policy)).toEqual(evaluateRecord(clean.record!, day(on), policy));
    };

  it('children', () => {
    fc.assert(
      fc.property(
        validChild.chain((g) =>
          fc.tuple(fc.constant(g), fc.nat(), fc.nat(), badItem(day(g.asOf), day(g.record.dateOfBirth as string))),
        ),
        ([g, pick, at, bad]) => property(CHILD_LISTS)(g as never, pick, at, bad),
      ),
      { numRuns: 400 },
    );
  });

  it('care leavers', () => {
    fc.assert(
      fc.property(
        validLeaver.chain((g) =>
          fc.tuple(fc.constant(g), fc.nat(), fc.nat(), badItem(day(g.asOf), day(g.record.dateOfBirth as string))),
        ),
        ([g, pick, at, bad]) => property(LEAVER_LISTS)(g as never, pick, at, bad),
      ),
      { numRuns: 200 },
    );
  });
});
