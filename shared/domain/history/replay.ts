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
import { type Day, addDays, addYears, ageOn, birthday, formatDay } from '../calendar/local-date.js';
import { MEASURES, computeFigures } from '../digest-figures.js';
import { eligibilityDate } from '../rules/eligible-child.js';
import { evaluateRecord } from '../evaluate.js';
import type { Obligation } from '../obligations.js';
import type { Policy } from '../policy.js';
import { type Parsed, checkChangesAfter, checkRecord, parseRecord } from '../records/validate.js';

/** The time-aware model: each person's record as it stood on a date (as `convert` writes it), or undefined. */
export interface Timeline<P> {
  persons: readonly P[];
  recordAsOf(person: P, asOf: Day): unknown;
  /**
   * Right after `recordAsOf(person, asOf)`: the earliest later date on which it may give a different answer
   * (undefined: none). Optional; with it, the replay leaves a person alone until then.
   */
  changesAfter?(person: P, asOf: Day): Day | undefined;
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

/**
 * What one person's evaluation on a date contributes, and until when it stands. The engine looks at the date only
 * through the status of each due date (the history reads only "overdue or not", which turns on due + 1), the person's age (birthdays: the
 * age-18 cut-off, PEP, SDQ and pathway-plan ages, the end of leaving-care support), the date they become an eligible
 * child, the end of a placement's first year, and the school term the date falls in (for a termly PEP review
 * only); and the record itself changes only when the timeline hands back a different view. So the contribution
 * stands until the earliest of those dates after the one it was evaluated on, and only people whose record or one
 * of those dates changes are evaluated again. The validation of a record that cannot be evaluated, or has a value
 * left out, may change when one of its dates passes or on the 18th birthday (`checkChangesAfter`), so such a
 * record is evaluated again then too. A test compares a daily year with a full evaluation on every date
 * (test/history/ssd-timeline.test.ts).
 */
interface PersonMemo {
  raw: unknown;
  /** The view as `parseRecord` read it. */
  parsed: Parsed;
  teamId: string;
  /** The date it was evaluated on. */
  on: Day;
  /** The first date on which this contribution may no longer hold. */
  until: Day;
  /** Bit k set: the measure MEASURES[k] applies (numbers rather than an array: nothing more to allocate). */
  applicable: number;
  /** Bit k set: it applies and is in time (nothing of it overdue). */
  inTime: number;
  /** The overdue items: obligation and due date. */
  overdue: { obligation: string; due: Day; recordId: string }[];
  /** The earliest due date among them (the oldest overdue item's). */
  minDue: Day;
  /** The index of the last date this contribution was counted on. */
  counted: number;
}

const MEASURE_INDEX = new Map<string, number>(MEASURES.map((m, i) => [m.obligation, i]));
// A contribution keeps its measures as bits of a 32-bit number.
if (MEASURES.length > 31) throw new Error('replay: more digest measures than a contribution has bits for');

function nextAfter(d: Day, candidate: Day, best: Day): Day {
  return candidate > d && candidate < best ? candidate : best;
}

/** Term starts and the days after term ends, sorted: the dates on which the term a date falls in changes. */
const termBoundaryCache = new WeakMap<Policy, Day[]>();
function termBoundaries(policy: Policy): Day[] {
  let b = termBoundaryCache.get(policy);
  if (!b) {
    b = [...new Set(policy.terms.flatMap((t) => [t.start, addDays(t.end, 1)]))].sort((x, y) => x - y);
    termBoundaryCache.set(policy, b);
  }
  return b;
}

/** The PEP rule that looks at no term: the initial PEP, due a number of working days after care began. */
const PEP_INITIAL = 'pep-initial';

/**
 * `previous`: the person's last contribution. The timeline hands back the same view object until the person's next
 * event, so a view is read (`parseRecord`) once, the first time it is met, and its reading kept with the
 * contribution (a weak map from every view to its reading made collection far costlier).
 */
function evaluatePerson(raw: unknown, asOf: Day, policy: Policy, previous: PersonMemo | undefined): PersonMemo {
  const parsed = previous !== undefined && previous.raw === raw ? previous.parsed : parseRecord(raw);
  const memo: PersonMemo = {
    raw,
    parsed,
    teamId: teamOf(raw),
    on: asOf,
    until: addDays(asOf, 1),
    applicable: 0,
    inTime: 0,
    overdue: [],
    minDue: Number.MAX_SAFE_INTEGER,
    counted: -1,
  };
  const v = checkRecord(parsed, asOf);
  if (!v.record) {
    // As evaluate: only a record that cannot be evaluated yields no obligations. It stays so until a date of the
    // record passes or the 18th birthday (checkChangesAfter); a record that cannot be read at all, for good.
    memo.until = (checkChangesAfter(parsed, asOf) ?? Number.MAX_SAFE_INTEGER) as Day;
    return memo;
  }
  const record = v.record;
  let until = Number.MAX_SAFE_INTEGER;
  /** A termly PEP review: the only obligation whose due date turns on the school term the date falls in. */
  let termly = false;
  for (const o of evaluateRecord(record, asOf, policy)) {
    if (o.obligation === 'pep' && o.rule !== PEP_INITIAL) termly = true;
    // Only "overdue or not" reaches the figures and the items that became overdue: due + 1 is the day it turns.
    until = nextAfter(asOf, o.due + 1, until);
    if (o.status === 'overdue') {
      memo.overdue.push({ obligation: o.obligation, due: o.due, recordId: o.recordId });
      if (o.due < memo.minDue) memo.minDue = o.due;
    }
    const m = MEASURE_INDEX.get(o.obligation);
    if (m === undefined || o.status === 'not-applicable') continue;
    const bit = 1 << m;
    // In time only while every obligation of the measure is: the first sets the bit, an overdue one clears it.
    if ((memo.applicable & bit) === 0) {
      memo.applicable |= bit;
      if (o.status !== 'overdue') memo.inTime |= bit;
    } else if (o.status === 'overdue') memo.inTime &= ~bit;
  }
  const dob = record.dateOfBirth;
  let next = birthday(dob, ageOn(dob, asOf) + 1);
  if (next <= asOf) next = birthday(dob, ageOn(dob, asOf) + 2);
  until = nextAfter(asOf, next, until);
  if (record.kind === 'child') {
    until = nextAfter(asOf, eligibilityDate(record), until);
    until = nextAfter(asOf, addYears(record.placement.start, 1), until);
    if (termly)
      for (const b of termBoundaries(policy))
        if (b > asOf) {
          until = nextAfter(asOf, b, until);
          break;
        }
  }
  // A value left out today (a future date) counts from its own date: such a record is evaluated again then.
  if (v.problems.some((p) => p.problem !== 'no-allocated-worker')) {
    const check = checkChangesAfter(parsed, asOf);
    if (check !== undefined && check < until) until = check;
  }
  memo.until = until as Day;
  return memo;
}

/**
 * One date as `evaluateDate` gives it, evaluating again only the people whose record view changed or whose
 * contribution may have (PersonMemo); everyone else's last contribution is counted as it stands.
 */
function evaluateDateChanged<P>(
  timeline: Timeline<P>,
  asOf: Day,
  dateIndex: number,
  policy: Policy,
  memo: PersonMemo[],
  /** Filled with the date's overdue items when given (the first and last dates). */
  overdue: OverdueSet | undefined,
  /** A person whose contribution differs from the previous date's (`before`: undefined when not counted then). */
  changed: (person: number, before: PersonMemo | undefined, after: PersonMemo) => void,
): HistoryLine[] {
  const teams = new Map<string, { count: number; oldest: number; on: Int32Array; app: Int32Array }>();
  const persons = timeline.persons;
  for (let i = 0; i < persons.length; i++) {
    const raw = timeline.recordAsOf(persons[i]!, asOf);
    if (raw === undefined) continue;
    let m = memo[i];
    const before = m && m.counted === dateIndex - 1 ? m : undefined;
    if (!m || m.raw !== raw || asOf >= m.until || asOf < m.on) {
      m = evaluatePerson(raw, asOf, policy, m);
      memo[i] = m;
    }
    if (m !== before) changed(i, before, m);
    m.counted = dateIndex;
    let t = teams.get(m.teamId);
    if (!t) {
      t = { count: 0, oldest: 0, on: new Int32Array(MEASURES.length), app: new Int32Array(MEASURES.length) };
      teams.set(m.teamId, t);
    }
    for (let k = 0, bits = m.applicable; bits !== 0; k++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      t.app[k]!++;
      t.on[k]! += (m.inTime >>> k) & 1;
    }
    if (m.overdue.length) {
      t.count += m.overdue.length;
      if (asOf - m.minDue > t.oldest) t.oldest = asOf - m.minDue;
      if (overdue)
        for (const o of m.overdue) {
          const key = itemKey(i, o.obligation, o.due);
          overdue.set(key, (overdue.get(key) ?? 0) + 1);
        }
    }
  }
  const date = formatDay(asOf);
  const lines: HistoryLine[] = [];
  for (const teamId of [...teams.keys()].sort()) {
    const t = teams.get(teamId)!;
    const measures: Record<string, MeasureCount> = {};
    MEASURES.forEach((m, k) => {
      measures[m.obligation] = { onTime: t.on[k]!, applicable: t.app[k]! };
    });
    lines.push({ date, teamId, overdueItems: t.count, oldestOverdueDays: t.count ? t.oldest : null, measures });
  }
  return lines;
}

interface TeamTotals {
  persons: number;
  count: number;
  on: Int32Array;
  app: Int32Array;
  /** Each counted person's oldest overdue due date → how many persons have it. */
  minDues: Map<Day, number>;
}

/**
 * The replay with a timeline that says when each person's record may next change (`changesAfter`): a person is
 * looked at again only on the first date on or after that, or after the date its evaluation stands until; team
 * totals are kept by subtracting a person's old contribution and adding the new one. Same lines as
 * `evaluateDateChanged` (and so as `evaluateDate`), without touching the people nothing happened to.
 */
function scheduledReplay<P>(timeline: Timeline<P>, policy: Policy) {
  const persons = timeline.persons;
  const memo: (PersonMemo | undefined)[] = new Array(persons.length).fill(undefined);
  const scheduledFor: number[] = new Array(persons.length).fill(-1);
  const buckets = new Map<Day, number[]>();
  const teams = new Map<string, TeamTotals>();
  let last: Day | undefined;
  const schedule = (i: number, on: Day) => {
    scheduledFor[i] = on;
    const b = buckets.get(on);
    if (b) b.push(i);
    else buckets.set(on, [i]);
  };
  const totals = (teamId: string): TeamTotals => {
    let t = teams.get(teamId);
    if (!t) {
      t = {
        persons: 0,
        count: 0,
        on: new Int32Array(MEASURES.length),
        app: new Int32Array(MEASURES.length),
        minDues: new Map(),
      };
      teams.set(teamId, t);
    }
    return t;
  };
  const apply = (m: PersonMemo, sign: 1 | -1) => {
    const t = totals(m.teamId);
    t.persons += sign;
    for (let k = 0, bits = m.applicable; bits !== 0; k++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      t.app[k]! += sign;
      t.on[k]! += sign * ((m.inTime >>> k) & 1);
    }
    if (m.overdue.length) {
      t.count += sign * m.overdue.length;
      const n = (t.minDues.get(m.minDue) ?? 0) + sign;
      if (n) t.minDues.set(m.minDue, n);
      else t.minDues.delete(m.minDue);
    }
  };
  return {
    date(
      asOf: Day,
      overdue: OverdueSet | undefined,
      changed: (person: number, before: PersonMemo | undefined, after: PersonMemo) => void,
    ): HistoryLine[] {
      const due: number[] = [];
      if (last === undefined) for (let i = 0; i < persons.length; i++) due.push(i);
      else
        for (let x = last + 1; x <= asOf; x++) {
          const b = buckets.get(x as Day);
          if (!b) continue;
          buckets.delete(x as Day);
          for (const i of b) if (scheduledFor[i] === x) due.push(i);
        }
      last = asOf;
      for (const i of due) {
        const p = persons[i]!;
        const raw = timeline.recordAsOf(p, asOf);
        const old = memo[i];
        let now = old;
        if (raw === undefined) now = undefined;
        else if (!old || old.raw !== raw || asOf >= old.until || asOf < old.on)
          now = evaluatePerson(raw, asOf, policy, old);
        if (now !== old) {
          if (old) apply(old, -1);
          if (now) {
            apply(now, 1);
            changed(i, old, now);
          }
          memo[i] = now;
        }
        let next = timeline.changesAfter!(p, asOf);
        if (now && (next === undefined || now.until < next)) next = now.until;
        if (next !== undefined) schedule(i, next);
        else scheduledFor[i] = -1;
      }
      if (overdue)
        memo.forEach((m, i) => {
          if (!m) return;
          for (const o of m.overdue) {
            const key = itemKey(i, o.obligation, o.due);
            overdue.set(key, (overdue.get(key) ?? 0) + 1);
          }
        });
      const date = formatDay(asOf);
      const lines: HistoryLine[] = [];
      for (const teamId of [...teams.keys()].sort()) {
        const t = teams.get(teamId)!;
        if (t.persons === 0) continue;
        let minDue = Number.MAX_SAFE_INTEGER;
        for (const d of t.minDues.keys()) if (d < minDue) minDue = d;
        const measures: Record<string, MeasureCount> = {};
        MEASURES.forEach((m, k) => {
          measures[m.obligation] = { onTime: t.on[k]!, applicable: t.app[k]! };
        });
        lines.push({
          date,
          teamId,
          overdueItems: t.count,
          oldestOverdueDays: t.count ? asOf - minDue : null,
          measures,
        });
      }
      return lines;
    },
  };
}

/** The whole history; `onLine` receives each date's lines as soon as they are known (streaming output). */
export function replayHistory<P>(
  timeline: Timeline<P>,
  dates: readonly Day[],
  policy: Policy,
  onLine?: (line: HistoryLine) => void,
  /** Evaluate every person on every date (the reference the incremental replay is tested against). */
  full = false,
): HistoryResult {
  const lines: HistoryLine[] = [];
  /** Item key → the dates on which each of its identical items was first seen overdue. */
  const became = new Map<number, Day[]>();
  let first: OverdueSet | undefined;
  let previous: OverdueSet | undefined;
  let current: OverdueSet = new Map();
  const ids = new Map<number, string>();
  const parsedViews = new WeakMap<object, Parsed>();
  const memo: PersonMemo[] = [];
  const scheduled = !full && timeline.changesAfter ? scheduledReplay(timeline, policy) : undefined;
  /** Counts the items that became overdue on `d`: `current` holds the date's items, `previous` the date before's. */
  const note = (items: Iterable<[number, number]>, previousCount: (key: number) => number, d: Day) => {
    // Due on or after the first date: its due date passed within the period (an item of a case that comes into
    // scope already overdue did not become overdue in the period). Overdue on the first date: it did not either.
    for (const [key, n] of items) {
      if (itemOf(key).due < dates[0]!) continue;
      const seen = became.get(key);
      const before = Math.max(previousCount(key), first?.get(key) ?? 0, seen?.length ?? 0);
      if (n <= before) continue;
      const list = seen ?? [];
      for (let i = before; i < n; i++) list.push(d);
      if (!seen) became.set(key, list);
    }
  };
  const itemsOf = (person: number, m: PersonMemo | undefined): OverdueSet => {
    const out: OverdueSet = new Map();
    for (const o of m?.overdue ?? []) {
      const key = itemKey(person, o.obligation, o.due);
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  };
  for (let n = 0; n < dates.length; n++) {
    const d = dates[n]!;
    const firstOrLast = n === 0 || n === dates.length - 1;
    current = new Map();
    let dayLines: HistoryLine[];
    if (full) dayLines = evaluateDate(timeline, d, policy, current, ids, parsedViews);
    else if (scheduled)
      dayLines = scheduled.date(d, firstOrLast ? current : undefined, (person, before, after) => {
        if (after.overdue.length && !ids.has(person)) ids.set(person, after.overdue[0]!.recordId);
        if (n === 0 || after.overdue.length === 0) return; // nothing overdue now: nothing became overdue
        const was = itemsOf(person, before);
        note(itemsOf(person, after), (key) => was.get(key) ?? 0, d);
      });
    else
      dayLines = evaluateDateChanged(
        timeline,
        d,
        n,
        policy,
        memo,
        firstOrLast ? current : undefined,
        (person, before, after) => {
          if (after.overdue.length && !ids.has(person)) ids.set(person, after.overdue[0]!.recordId);
          if (n === 0 || after.overdue.length === 0) return; // nothing overdue now: nothing became overdue
          const was = itemsOf(person, before);
          note(itemsOf(person, after), (key) => was.get(key) ?? 0, d);
        },
      );
    for (const line of dayLines) {
      lines.push(line);
      onLine?.(line);
    }
    if (!first) first = current;
    else if (full) {
      const prev = previous;
      note(current, (key) => prev?.get(key) ?? 0, d);
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
