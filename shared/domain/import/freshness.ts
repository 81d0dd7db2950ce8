/**
 * How old the data the daily run works on is, from the import states the snapshot import records: too old, never
 * imported, or a later import refused or failed makes it stale, and the managers' emails say so.
 */
import type { Day } from '../calendar/local-date.js';
import { type ImportState, scopeTeams } from './snapshot-policy.js';

export interface DataFreshness {
  /** Whole days since the oldest scope's last complete import (London dates); undefined when none ever completed. */
  ageDays: number | undefined;
  lastCompleteAt: string | undefined;
  /** Older than the policy allows, never imported, or a later import was refused or failed. */
  stale: boolean;
  /** Teams (or `all`) whose latest import was refused or failed. */
  failedScopes: string[];
  /** Teams whose managers must be told; `all` when every team. */
  staleTeams: 'all' | string[];
}

/** `londonDay` turns an ISO instant into its London date (passed in: the domain has no clock or time zone). */
export function freshnessOf(
  states: readonly ImportState[],
  asOf: Day,
  staleDataDays: number,
  londonDay: (iso: string) => Day,
): DataFreshness {
  const completes = states.flatMap((s) => (s.lastComplete ? [s.lastComplete.importedAt] : [])).sort();
  const oldest = completes[0];
  const ageDays = oldest ? Math.max(0, asOf - londonDay(oldest)) : undefined;
  const failedScopes = states
    .filter(
      (s) =>
        s.lastAttempt &&
        s.lastAttempt.outcome !== 'complete' &&
        (!s.lastComplete || s.lastAttempt.at > s.lastComplete.importedAt),
    )
    .map((s) => s.scope);
  const tooOld = ageDays !== undefined && ageDays > staleDataDays;
  // No import ever recorded: data loaded some other way (tests, a direct load) is not called stale.
  const stale = tooOld || failedScopes.length > 0;
  const staleTeams: 'all' | string[] =
    tooOld || failedScopes.includes('all') ? 'all' : failedScopes.flatMap((s) => scopeTeams(s) ?? []);
  return { ageDays, lastCompleteAt: oldest, stale, failedScopes, staleTeams };
}
