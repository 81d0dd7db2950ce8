/**
 * Snapshot imports: a file is the complete current caseload (of the authority, or of the teams in scope). These pure
 * functions decide whether a snapshot looks like a broken export (refused before anything is written); the import
 * state they read is recorded in the records table by the import. How old that makes the data: freshness.ts.
 */
import { z } from 'zod';

export interface ImportThresholds {
  /** Refuse a snapshot with more than this percentage fewer cases than are open now (default 10). */
  maxShrinkPercent: number;
  /** Refuse a snapshot with more than this percentage of its lines rejected (default 5). */
  maxRejectedPercent: number;
}
export const DEFAULT_THRESHOLDS: ImportThresholds = { maxShrinkPercent: 10, maxRejectedPercent: 5 };

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
): string | undefined {
  if (counts.cases === 0)
    return `the snapshot holds no valid case records (${counts.lines} lines read, ${counts.rejected} rejected); ${openCasesBefore} open cases would be closed`;
  const rejectedPct = counts.lines === 0 ? 0 : (100 * counts.rejected) / counts.lines;
  if (rejectedPct > thresholds.maxRejectedPercent)
    return `${counts.rejected} of ${counts.lines} lines were rejected (${rejectedPct.toFixed(1)} %, more than the ${thresholds.maxRejectedPercent} % allowed)`;
  if (openCasesBefore > 0) {
    const shrinkPct = (100 * (openCasesBefore - counts.cases)) / openCasesBefore;
    if (shrinkPct > thresholds.maxShrinkPercent)
      return `the snapshot has ${counts.cases} cases where ${openCasesBefore} are open now (${shrinkPct.toFixed(1)} % fewer, more than the ${thresholds.maxShrinkPercent} % allowed)`;
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
});
