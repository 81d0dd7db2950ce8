/**
 * Compliance history: the caseload replayed as it stood on each of a series of dates, with the digest's figures
 * per team. Pure: the time-aware model (a `Timeline`) gives each person's record as of a date without reading any
 * file again, and every record goes through exactly what `deadlines evaluate` does (validateRecord, then
 * evaluateRecord), so the figures for a date equal an `evaluate` of the extract converted as of that date.
 *
 * Per date and team: `overdueItems` counts obligations with status `overdue` (as `evaluate` reports them);
 * `oldestOverdueDays` is the largest number of days any of them is past its due date (null when none);
 * `measures` holds, for each obligation the digest measures (digest-figures.ts, data-driven), how many cases it
 * applies to and how many are not overdue. A record that cannot be evaluated (a data problem) counts in no measure,
 * as in the digest; its team still gets a line.
 */
import { type Day, addDays, formatDay } from '../calendar/local-date.js';
import { MEASURES, computeFigures } from '../digest-figures.js';
import { evaluateRecord } from '../evaluate.js';
import type { Obligation } from '../obligations.js';
import type { Policy } from '../policy.js';
import { validateRecord } from '../records/validate.js';

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

/** An obligation whose due date passed within the period: not overdue on one date of the history, overdue on the next. */
export interface BecameOverdue {
  recordId: string;
  obligation: string;
  due: Day;
  /** The first date of the history on which it was seen overdue. */
  seen: Day;
  /** Still overdue on the last date. */
  stillOverdue: boolean;
}

export interface HistoryResult {
  dates: Day[];
  lines: HistoryLine[];
  becameOverdue: BecameOverdue[];
}

interface TeamTally {
  cases: Obligation[][];
  overdue: number;
  oldest: number;
}

/** One date: the per-team lines, and the set of overdue items (key → item). */
export function evaluateDate<P>(
  timeline: Timeline<P>,
  asOf: Day,
  policy: Policy,
): { lines: HistoryLine[]; overdue: Map<string, { recordId: string; obligation: string; due: Day }> } {
  const teams = new Map<string, TeamTally>();
  const overdue = new Map<string, { recordId: string; obligation: string; due: Day }>();
  for (const person of timeline.persons) {
    const raw = timeline.recordAsOf(person, asOf);
    if (raw === undefined) continue;
    const v = validateRecord(raw, asOf);
    const teamId = v.record?.teamId ?? teamOf(raw);
    let t = teams.get(teamId);
    if (!t) {
      t = { cases: [], overdue: 0, oldest: 0 };
      teams.set(teamId, t);
    }
    if (!v.record || v.problems.length > 0) continue; // as evaluate: a record with a problem yields no obligations
    const obligations = evaluateRecord(v.record, asOf, policy);
    t.cases.push(obligations);
    for (const o of obligations) {
      if (o.status !== 'overdue') continue;
      t.overdue++;
      if (-o.days > t.oldest) t.oldest = -o.days;
      overdue.set(`${o.recordId}\u0000${o.obligation}\u0000${o.due}`, {
        recordId: o.recordId,
        obligation: o.obligation,
        due: o.due,
      });
    }
  }
  const date = formatDay(asOf);
  const lines: HistoryLine[] = [];
  for (const teamId of [...teams.keys()].sort()) {
    const t = teams.get(teamId)!;
    const figures = computeFigures(t.cases);
    const measures: Record<string, MeasureCount> = {};
    for (const m of MEASURES) {
      const f = figures[m.id];
      measures[m.obligation] = { onTime: f.inTime, applicable: f.applicable };
    }
    lines.push({ date, teamId, overdueItems: t.overdue, oldestOverdueDays: t.overdue ? t.oldest : null, measures });
  }
  return { lines, overdue };
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
  const became = new Map<string, BecameOverdue>();
  let previous: Map<string, unknown> | undefined;
  let last = new Map<string, unknown>();
  for (const d of dates) {
    const r = evaluateDate(timeline, d, policy);
    for (const line of r.lines) {
      lines.push(line);
      onLine?.(line);
    }
    if (previous) {
      // Due on or after the first date: its due date passed within the period (an item of a case that comes into
      // scope already overdue did not become overdue in the period).
      for (const [key, item] of r.overdue) {
        if (item.due >= dates[0]! && !previous.has(key) && !became.has(key))
          became.set(key, { ...item, seen: d, stillOverdue: false });
      }
    }
    previous = r.overdue;
    last = r.overdue;
  }
  for (const [key, item] of became) item.stillOverdue = last.has(key);
  const becameOverdue = [...became.values()].sort(
    (a, b) => a.due - b.due || a.recordId.localeCompare(b.recordId) || a.obligation.localeCompare(b.obligation),
  );
  return { dates: [...dates], lines, becameOverdue };
}
