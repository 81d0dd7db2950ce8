/**
 * How fresh the data behind today's emails is: the age of the last complete import and whether the latest import
 * was refused or failed (shared/domain/import/snapshot-policy.ts). Every job that emails a worker or a manager
 * (daily reminders, escalations, digests) asks here, so each of their emails warns at the top in the same words.
 */
import type { Day } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';
import { type DataFreshness, freshnessOf } from '../domain/import/freshness.js';
import type { Policy } from '../domain/policy.js';
import type { RecordStore } from '../ports/record-store.js';
import type { StaleDataView } from '../templates/stale-data.js';

export async function loadFreshness(asOf: Day, store: RecordStore, policy: Policy): Promise<DataFreshness | undefined> {
  if (!store.readImportStates) return undefined;
  return freshnessOf(await store.readImportStates(), asOf, policy.staleDataDays, londonDateOf);
}

/**
 * The warning for an email about one team (`teamId`), or about every team (`'service'`: stale when any team is);
 * undefined when the data is fresh.
 */
export function staleViewFor(
  freshness: DataFreshness | undefined,
  teamId: string | undefined | 'service',
): StaleDataView | undefined {
  if (!freshness?.stale) return undefined;
  const applies =
    freshness.staleTeams === 'all' ||
    teamId === 'service' ||
    (teamId !== undefined && freshness.staleTeams.includes(teamId));
  return applies ? { ageDays: freshness.ageDays, importFailed: freshness.failedScopes.length > 0 } : undefined;
}
