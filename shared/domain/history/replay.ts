/**
 * Compliance history: the caseload replayed as it stood on each of a series of dates, with the digest's figures
 * per team. Pure: the time-aware model (a `Timeline`) gives each person's record as of a date without reading any
 * file again, and every record goes through exactly what `deadlines evaluate` does (validateRecord, then
 * evaluateRecord), so the figures for a date equal an `evaluate` of the extract converted as of that date. The
 * timeline hands back the same record object on every date until the person's next event, so the schema reads
 * each such object once (`parseRecord`) and only the date checks (`checkRecord`) run on every date.
 *
 * Per date and team: `overdueItems` counts obligations with status `overdue` (as `evaluate` reports them);
 * `oldestOverdueDays` is the largest number of days any of them is past its due date (null when none);
 * `measures` holds, for each obligation the digest measures (digest-figures.ts, data-driven), how many cases it
 * applies to and how many are not overdue. A record with a value left out, or with no allocated worker, counts as
 * `evaluate` counts it (rules.md §4 item 10); one that cannot be evaluated at all counts in no measure, as in the
 * digest, and its team still gets a line.
 */
import { type Day, addDays, formatDay } from '../calendar/local-date.js';
import { MEASURES, computeFigures } from '../digest-figures.js';
import { evaluateRecord } from '../evaluate.js';
import type { Obligation } from '../obligations.js';
import type { Policy } from '../policy.js';
import { type Parsed, checkRecord, parseRecord } from '../records/validate.js';

/** The time-aware model: each person's record as it stood on a date (as `convert` writes it), or undefined. */
export interface Timeline<P> {
  persons: readonly P[];
  recordAsOf(person: P, asOf: Day): unknown;
}

export type Step = 'week' | 'day';

/** `start`, then every week (or day) while on or before `end`; `end` itself is always the last date. */
export function historyDates(start: Day, end: Day, every: Step): Day[] {
  const step = every === 'week' ? 7 : 1;
  const out: Day[] = [];
  for (let d = start; d < end; d = addDays(d, step)) out.push(d);
  if (end >= start) out.push(end);
  return out;
}

export interface MeasureCount {
  onTime: number;
  applicable: number;
}

export interface HistoryLine {
  date: string;
  teamId: string;
  overdueItems: number;
  oldestOverdueDays: number | null;
  measures: Record<string, MeasureCount>;
}

/**
 * An item (one obligation of one person, with its due date) whose due date passed within the period: not overdue
 * on the first date nor on the date before, overdue on this one.
 */
export interface BecameOverdue {
  recordId: string;
  obligation: string;
  due: Day;
  /** The first date of the history on which it was seen overdue. */
  seen: Day;
  /** This item (not just its kind) still overdue on the last date. */
  stillOverdue: boolean;
}

export interface HistoryResult {
  dates: Day[];
  lines: HistoryLine[];
  becameOverdue: BecameOverdue[];
}

/**
 * Overdue items of one date: item key → how many identical items (one person's two return interviews due the same
 * day). An item is one obligation of one person with one due date, so a child's two return interviews due on
 * different days are two items. Numbers, so nothing outlives its date.
 */
type OverdueSet = Map<number, number>;
const KINDS = 32;
/** Due dates are day numbers; the offset keeps any date from 1970 − 1,300 years onwards positive. */
const DUE_SPAN = 1_000_000;
const DUE_OFFSET = 500_000;
const kindIndex = new Map<string, number>();
function kindOf(obligation: string): number {
  let k = kindIndex.get(obligation);
  if (k === undefined) {
    k = kindIndex.size;
    kindIndex.set(obligation, k);
  }
  return k;
}
function itemKey(person: number, obligation: string, due: Day): number {
  return (person * KINDS + kindOf(obligation)) * DUE_SPAN + due + DUE_OFFSET;
}
function itemOf(key: number): { person: number; kind: number; due: Day } {
  const due = (key % DUE_SPAN) - DUE_OFFSET;
  const rest = Math.floor(key / DUE_SPAN);
  return { person: Math.floor(rest / KINDS), kind: rest % KINDS, due };
}

/**
 * One date: the per-team lines, and the overdue items. Records are grouped by team first and each is validated
 * and evaluated inside the digest's own figure computation, so that its obligations are garbage the moment they
 * are counted (holding a whole date's obligations made collection the largest cost).
 */
export function evaluateDate<P>(
  timeline: Timeline<P>,
  asOf: Day,
  policy: Policy,
  overdue: OverdueSet = new Map(),
  ids: Map<number, string> = new Map(),
  parsedViews: WeakMap<object, Parsed> = new WeakMap(),
): HistoryLine[] {
  const teams = new Map<string, { persons: number[]; raws: unknown[] }>();
  const persons = timeline.persons;
  for (let i = 0; i < persons.length; i++) {
    const raw = timeline.recordAsOf(persons[i]!, asOf);
    if (raw === undefined) continue;
    const teamId = teamOf(raw);
    let t = teams.get(teamId);
    if (!t) {
      t = { persons: [], raws: [] };
      teams.set(teamId, t);
    }
    t.persons.push(i);
    t.raws.push(raw);
  }
  const date = formatDay(asOf);
  const lines: HistoryLine[] = [];
  for (const teamId of [...teams.keys()].sort()) {
    const t = teams.get(teamId)!;
    let count = 0;
    let oldest = 0;
    function* evaluated(): Generator<Obligation[]> {
      for (let j = 0; j < t.raws.length; j++) {
        const raw = t.raws[j];
        let parsed = typeof raw === 'object' && raw !== null ? parsedViews.get(raw) : undefined;
        if (!parsed) {
          parsed = parseRecord(raw);
          if (typeof raw === 'object' && raw !== null) parsedViews.set(raw, parsed);
        }
        const v = checkRecord(parsed, asOf);
        if (!v.record) continue; // as evaluate: only a record that cannot be evaluated yields no obligations
        const obligations = evaluateRecord(v.record, asOf, policy);
        for (const o of obligations) {
          if (o.status !== 'overdue') continue;
          count++;
          if (-o.days > oldest) oldest = -o.days;
          const key = itemKey(t.persons[j]!, o.obligation, o.due);
          overdue.set(key, (overdue.get(key) ?? 0) + 1);
          if (!ids.has(t.persons[j]!)) ids.set(t.persons[j]!, o.recordId);
        }
        yield obligations;
      }
    }
    const figures = computeFigures(evaluated());
    const measures: Record<string, MeasureCount> = {};
    for (const m of MEASURES) {
      const f = figures[m.id];
      measures[m.obligation] = { onTime: f.inTime, applicable: f.applicable };
    }
    lines.push({ date, teamId, overdueItems: count, oldestOverdueDays: count ? oldest : null, measures });
  }
  return lines;
}

function teamOf(raw: unknown): string {
  const t = (raw as { teamId?: unknown } | null)?.teamId;
  return typeof t === 'string' && t.trim() ? t.trim() : 'no-team';
}

/** The whole history; `onLine` receives each date's lines as soon as they are known (streaming output). */
export function replayHistory<P>(
  timeline: Timeline<P>,
  dates: readonly Day[],
  policy: Policy,
  onLine?: (line: HistoryLine) => void,
): HistoryResult {
  const lines: HistoryLine[] = [];
  /** Item key → the dates on which each of its identical items was first seen overdue. */
  const became = new Map<number, Day[]>();
  let first: OverdueSet | undefined;
  let previous: OverdueSet | undefined;
  let current: OverdueSet = new Map();
  const ids = new Map<number, string>();
  const parsedViews = new WeakMap<object, Parsed>();
  for (const d of dates) {
    current = new Map();
    for (const line of evaluateDate(timeline, d, policy, current, ids, parsedViews)) {
      lines.push(line);
      onLine?.(line);
    }
    if (!first) first = current;
    else {
      // Due on or after the first date: its due date passed within the period (an item of a case that comes into
      // scope already overdue did not become overdue in the period). Overdue on the first date: it did not either.
      for (const [key, n] of current) {
        if (itemOf(key).due < dates[0]!) continue;
        const seen = became.get(key);
        const before = Math.max(previous?.get(key) ?? 0, first.get(key) ?? 0, seen?.length ?? 0);
        if (n <= before) continue;
        const list = seen ?? [];
        for (let i = before; i < n; i++) list.push(d);
        if (!seen) became.set(key, list);
      }
    }
    previous = current;
  }
  const names = [...kindIndex.entries()];
  const becameOverdue: BecameOverdue[] = [];
  for (const [key, seenOn] of became) {
    const { person, kind, due } = itemOf(key);
    const obligation = names.find(([, k]) => k === kind)![0];
    const recordId = ids.get(person)!;
    const still = current.get(key) ?? 0;
    seenOn.forEach((seen, i) => {
      becameOverdue.push({ recordId, obligation, due, seen, stillOverdue: i < still });
    });
  }
  becameOverdue.sort(
    (a, b) => a.due - b.due || a.recordId.localeCompare(b.recordId) || a.obligation.localeCompare(b.obligation),
  );
  return { dates: [...dates], lines, becameOverdue };
}
