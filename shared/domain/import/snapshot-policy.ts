/**
 * Snapshot imports: a file is the complete current caseload (of the authority, or of the teams in scope). These pure
 * functions decide whether a snapshot looks like a broken export (refused before anything is written); the import
 * state they read is recorded in the records table by the import. How old that makes the data: freshness.ts.
 */
import { z } from 'zod';

export interface ImportThresholds {
  /**
   * Refuse a snapshot that would close more than this percentage of the cases open now in scope (default 10),
   * counted by id: a snapshot of the same size holding other ids closes them all, and is refused.
   */
  maxShrinkPercent: number;
  /** Refuse a snapshot with more than this percentage of its lines rejected (default 5). */
  maxRejectedPercent: number;
  /**
   * Refuse a snapshot whose closures, with those of the imports of the last 7 days, pass this percentage of the
   * cases open before them (default 20): seven nightly 9 % shrinks are a broken export too.
   */
  maxClosedWeekPercent?: number;
}
export const DEFAULT_THRESHOLDS: Required<ImportThresholds> = {
  maxShrinkPercent: 10,
  maxRejectedPercent: 5,
  maxClosedWeekPercent: 20,
};

/** The window over which closures add up for `maxClosedWeekPercent`. */
export const CLOSURE_WINDOW_DAYS = 7;

/** Who the snapshot would close: counted by id before anything is written. */
export interface ClosureCounts {
  /** Open cases in scope the snapshot neither holds nor names as unreadable. */
  wouldClose: number;
  /** Cases closed by imports of this scope in the last 7 days. */
  closedRecently: number;
  /**
   * Rejected lines that named a case (a readable id): those cases are kept open, still evaluated on their last good
   * version and listed to their manager, so these lines cost nothing and do not count toward maxRejectedPercent.
   */
  notReadable?: number;
}

export interface SnapshotCounts {
  /** Non-blank lines (or converted people) read. */
  lines: number;
  rejected: number;
  cases: number;
  workers: number;
  teams: number;
}

/** Why the snapshot is refused (one sentence naming the numbers), or undefined when it may be applied. */
export function refusalOf(
  counts: SnapshotCounts,
  openCasesBefore: number,
  thresholds: ImportThresholds = DEFAULT_THRESHOLDS,
  closure: ClosureCounts = { wouldClose: 0, closedRecently: 0 },
): string | undefined {
  if (counts.cases === 0)
    return `the snapshot holds no valid case records (${counts.lines} lines read, ${counts.rejected} rejected); ${openCasesBefore} open cases would be closed`;
  const named = closure.notReadable ?? 0;
  const rejected = counts.rejected - named;
  const rejectedPct = counts.lines === 0 ? 0 : (100 * rejected) / counts.lines;
  if (rejectedPct > thresholds.maxRejectedPercent)
    return `${rejected} of ${counts.lines} lines were rejected (${rejectedPct.toFixed(1)} %, more than the ${thresholds.maxRejectedPercent} % allowed${named ? `; not counting ${named} lines of cases kept open as not readable` : ''})`;
  if (openCasesBefore > 0) {
    const closePct = (100 * closure.wouldClose) / openCasesBefore;
    if (closePct > thresholds.maxShrinkPercent)
      return `the snapshot would close ${closure.wouldClose} of the ${openCasesBefore} open cases (${closePct.toFixed(1)} %, more than the ${thresholds.maxShrinkPercent} % allowed; it holds ${counts.cases} cases)`;
  }
  const weekly = thresholds.maxClosedWeekPercent ?? DEFAULT_THRESHOLDS.maxClosedWeekPercent;
  const weekBase = openCasesBefore + closure.closedRecently;
  if (closure.wouldClose > 0 && weekBase > 0) {
    const total = closure.closedRecently + closure.wouldClose;
    const weekPct = (100 * total) / weekBase;
    if (weekPct > weekly)
      return `the snapshot would close ${closure.wouldClose} cases after ${closure.closedRecently} closed in the last ${CLOSURE_WINDOW_DAYS} days: ${total} of ${weekBase} (${weekPct.toFixed(1)} %, more than the ${weekly} % allowed in ${CLOSURE_WINDOW_DAYS} days)`;
  }
  return undefined;
}

/** `all`, or the sorted team ids joined: one import-state item per scope. */
export function scopeKey(teams: readonly string[] | undefined): string {
  if (!teams || teams.length === 0) return 'all';
  return [...new Set(teams)].sort().join(',');
}

export function scopeTeams(key: string): string[] | undefined {
  return key === 'all' ? undefined : key.split(',');
}

export type ImportOutcome = 'complete' | 'refused' | 'failed';

/** What the records table remembers about imports of one scope. */
export interface ImportState {
  scope: string;
  /** The last snapshot applied completely: when, and its counts. */
  lastComplete?: { importedAt: string; counts: SnapshotCounts; closed: number; source: string };
  /** The last attempt, whatever its outcome; a refusal or failure after the last complete import makes data stale. */
  lastAttempt?: { at: string; outcome: ImportOutcome; reason?: string; source: string };
  /**
   * Set once every upsert of a snapshot is written and cleared when its closing is done: a crash in between leaves
   * this behind, and the next import (or a re-run) finishes the closing first.
   */
  closing?: { importedAt: string; workers: boolean; teams: boolean };
  /** Cases closed by each import of the last 7 days (`at`: the snapshot's importedAt), for the weekly threshold. */
  closures?: { at: string; closed: number }[];
}

/** Closures recorded at or after `now` less the window, and their total. */
export function recentClosures(
  state: ImportState,
  now: Date,
): { list: { at: string; closed: number }[]; total: number } {
  const since = new Date(now.getTime() - CLOSURE_WINDOW_DAYS * 86_400_000).toISOString();
  const list = (state.closures ?? []).filter((c) => c.at > since);
  return { list, total: list.reduce((n, c) => n + c.closed, 0) };
}

const countsSchema = z.object({
  lines: z.number(),
  rejected: z.number(),
  cases: z.number(),
  workers: z.number(),
  teams: z.number(),
});
/** The import state as stored: read back through this schema (an item that does not match is ignored). */
export const importStateSchema = z.object({
  scope: z.string().min(1),
  lastComplete: z
    .object({ importedAt: z.string(), counts: countsSchema, closed: z.number(), source: z.string() })
    .optional(),
  lastAttempt: z
    .object({
      at: z.string(),
      outcome: z.enum(['complete', 'refused', 'failed']),
      reason: z.string().optional(),
      source: z.string(),
    })
    .optional(),
  closing: z.object({ importedAt: z.string(), workers: z.boolean(), teams: z.boolean() }).optional(),
  closures: z.array(z.object({ at: z.string(), closed: z.number() })).optional(),
});
