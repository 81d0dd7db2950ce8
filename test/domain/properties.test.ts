import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { evaluateRecord } from '../../shared/domain/evaluate.js';
import type { Obligation } from '../../shared/domain/obligations.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { LineEvaluator } from '../../shared/use-cases/evaluate-lines.js';
import { validChild, validLeaver } from '../helpers/arbitraries.js';
import { child } from '../helpers/records.js';

const policy = compilePolicy({});
const runs = { numRuns: 400 };

function evaluateValid(record: unknown, asOf: string): Obligation[] {
  const v = validateRecord(record, day(asOf));
  expect(v.problems).toEqual([]);
  return evaluateRecord(v.record!, day(asOf), policy);
}

/** The event field that completes each obligation, for the record kind. */
const EVENT_FIELD: Record<string, Record<string, string>> = {
  child: {
    visit: 'visits',
    review: 'reviews',
    'health-assessment': 'healthAssessments',
    'dental-check': 'dentalChecks',
    pep: 'peps',
    'pathway-plan': 'pathwayPlanReviews',
    supervision: 'supervisions',
    'needs-assessment': 'needsAssessment',
    sdq: 'sdqs',
    'personal-adviser': 'personalAdviserAllocated',
    'return-interview': 'missingEpisodes',
  },
  leaver: { 'pathway-plan': 'pathwayPlanReviews', 'pa-contact': 'contacts', 'needs-assessment': 'needsAssessment' },
};

const SINGLE_DATE_FIELDS = new Set(['needsAssessment', 'personalAdviserAllocated']);

interface Episode {
  start: string;
  end?: string;
  interviewOffered?: string | true;
}

/** The ended episodes without an offer whose return interview falls due on `due`. */
function episodesDueOn(record: { missingEpisodes?: Episode[] }, due: number): number[] {
  const found: number[] = [];
  for (const [i, e] of (record.missingEpisodes ?? []).entries())
    if (e.end !== undefined && e.interviewOffered === undefined && day(e.end) + 3 === due) found.push(i);
  return found;
}

/** Every date in a record: a re-evaluation on an earlier day would see them as future events. */
function latestDate(record: object): number {
  let latest = -Infinity;
  JSON.stringify(record, (_k, v) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) latest = Math.max(latest, day(v));
    return v;
  });
  return latest;
}

function withEvent(record: Record<string, unknown>, field: string, date: string): Record<string, unknown> {
  if (SINGLE_DATE_FIELDS.has(field)) return { ...record, [field]: date };
  if (field === 'missingEpisodes') {
    // The offer is recorded for the first episode whose interview falls due on this date.
    const [i] = episodesDueOn(record as { missingEpisodes?: Episode[] }, day(date));
    const episodes = [...(record.missingEpisodes as Episode[])];
    episodes[i!] = { ...episodes[i!]!, interviewOffered: date };
    return { ...record, missingEpisodes: episodes };
  }
  return { ...record, [field]: [...((record[field] as string[] | undefined) ?? []), date] };
}

/** Obligations on `asOf`, or undefined when the record must be corrected first (a relevant child turned 18). */
function evaluateUnlessRecategorised(record: unknown, asOf: string): Obligation[] | undefined {
  const v = validateRecord(record, day(asOf));
  if (v.problems.some((p) => p.problem === 'relevant-aged-18-or-over')) return undefined;
  expect(v.problems).toEqual([]);
  return evaluateRecord(v.record!, day(asOf), policy);
}

describe('rules engine invariants', () => {
  it('a due date never precedes its trigger: after every recorded event of its kind and the start it counts from', () => {
    fc.assert(
      fc.property(fc.oneof(validChild, validLeaver), ({ record, asOf }) => {
        const fields = EVENT_FIELD[record.kind]!;
        const start = record.kind === 'child' ? day(record.periodOfCareStart) : -Infinity;
        for (const o of evaluateValid(record, asOf)) {
          if (o.obligation === 'return-interview') {
            // Its trigger is the end of an episode without an offer; the episode may predate this period of care.
            const [i] = episodesDueOn(record as { missingEpisodes?: Episode[] }, o.due);
            expect(i).toBeDefined();
            const e = (record as { missingEpisodes: Episode[] }).missingEpisodes[i!]!;
            expect(o.due).toBeGreaterThan(day(e.end!));
            continue;
          }
          expect(fields[o.obligation]).toBeDefined();
          const value = (record as Record<string, unknown>)[fields[o.obligation]!];
          const events = (Array.isArray(value) ? value : value ? [value] : []) as string[];
          for (const e of events) expect(o.due).toBeGreaterThan(day(e));
          // A personal adviser may be due on the day the period of care begins (eligible on arrival, past 16½).
          if (o.obligation === 'personal-adviser') expect(o.due).toBeGreaterThanOrEqual(start);
          else expect(o.due).toBeGreaterThan(start);
        }
      }),
      runs,
    );
  });

  it('the new duties appear in the generated records (so the properties exercise them)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(validChild, ({ record, asOf }) => {
        for (const o of evaluateValid(record, asOf)) seen.add(o.obligation);
      }),
      runs,
    );
    for (const kind of ['return-interview', 'sdq', 'personal-adviser', 'visit', 'review']) expect(seen).toContain(kind);
  });

  it('recording the due event on its due date never leaves that obligation overdue', () => {
    fc.assert(
      fc.property(fc.oneof(validChild, validLeaver), ({ record, asOf }) => {
        for (const o of evaluateValid(record, asOf)) {
          if (o.status === 'not-applicable' || o.due < latestDate(record)) continue;
          const dueDate = new Date(o.due * 86_400_000).toISOString().slice(0, 10);
          const recorded = withEvent(record, EVENT_FIELD[record.kind]![o.obligation]!, dueDate);
          const all = evaluateUnlessRecategorised(recorded, dueDate);
          if (!all) continue;
          if (o.obligation === 'return-interview') {
            // One fewer interview due on that date; the others are untouched.
            const dueThen = (list: Obligation[]) =>
              list.filter((x) => x.obligation === 'return-interview' && x.due === o.due).length;
            expect(dueThen(all)).toBe(dueThen(evaluateUnlessRecategorised(record, dueDate) ?? []) - 1);
            continue;
          }
          const after = all.find((x) => x.obligation === o.obligation);
          if (after) {
            expect(after.status).not.toBe('overdue');
            expect(after.due).toBeGreaterThan(o.due);
          }
        }
      }),
      { numRuns: 800 },
    );
  });

  it('status and days agree with the due date', () => {
    fc.assert(
      fc.property(fc.oneof(validChild, validLeaver), ({ record, asOf }) => {
        for (const o of evaluateValid(record, asOf)) {
          expect(o.days).toBe(o.due - day(asOf));
          if (o.status === 'overdue') expect(o.days).toBeLessThan(0);
          if (o.status === 'due-today') expect(o.days).toBe(0);
          if (o.status === 'due-soon') expect(o.days).toBeGreaterThan(0);
          if (o.status === 'upcoming') expect(o.days).toBeGreaterThan(policy.reminderWindowDays);
        }
      }),
      runs,
    );
  });

  it('arbitrary JSON never throws and every line is accounted for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), fc.string(), fc.constant(child())), { maxLength: 20 }),
        (values) => {
          const out: Record<string, unknown>[] = [];
          const evaluator = new LineEvaluator(day('2024-06-03'), policy, (l) => out.push({ ...l }));
          const texts = values.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined')));
          for (const [i, t] of texts.entries()) evaluator.push(t, i + 1);
          const s = evaluator.summary;
          const isJson = (t: string) => {
            try {
              JSON.parse(t);
              return t.trim() !== '';
            } catch {
              return false;
            }
          };
          expect(s.lines).toBe(values.length);
          expect(s.records).toBe(texts.filter(isJson).length);
          expect(s.problems + s.obligations).toBe(out.length);
          expect(out.filter((l) => 'problem' in l).length).toBe(s.problems);
          // Every non-blank line is either evaluated (the one child record, first occurrence) or reported.
          const reported = new Set(out.filter((l) => 'line' in l).map((l) => l.line));
          const firstChild = texts.indexOf(JSON.stringify(child())) + 1;
          for (const [i, t] of texts.entries()) {
            if (t.trim() === '' || i + 1 === firstChild) continue;
            expect(reported.has(i + 1)).toBe(true);
          }
          if (firstChild > 0) expect(out.some((l) => l.recordId === 'C-1' && 'obligation' in l)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a valid record with any one field replaced by arbitrary JSON is either evaluated or reported, never thrown', () => {
    const keys = Object.keys(child());
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const v = validateRecord({ ...child(), [key]: value }, day('2024-06-03'));
        if (v.record) expect(() => evaluateRecord(v.record!, day('2024-06-03'), policy)).not.toThrow();
        else expect(v.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
