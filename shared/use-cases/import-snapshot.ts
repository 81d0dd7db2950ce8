/**
 * Snapshot import: what a council's export holds is the complete current caseload (of the authority, or of the
 * teams in scope). Every item it holds is upserted with this import's `importedAt`; every open case in scope that it
 * lacks is closed (`closedAt`, and a TTL after the retention period: kept for the audit trail, never evaluated or
 * emailed again); workers and teams it lacks become inactive (when it carries a directory at all: an SSD extract
 * has none). A snapshot that looks like a broken export is refused before anything is written: one that would close
 * more than the allowed share of the open cases, counted by id, or pass the 7-day closure threshold with the
 * closures recorded in the import state (`closures`), or has too many rejected lines.
 *
 * Nothing the export still names is closed: a case line whose id is readable but whose content is not (or a person
 * the SSD converter blocked) keeps its case open on its last good version, marked `notReadableIn` for the managers'
 * lists; such lines do not count toward the rejected-lines threshold. Ids are trimmed here (checkLine); items stored
 * with padded ids are replaced by the trimmed ones in step 4. A scoped import closes a case only while its stored
 * teamId is still in scope (a condition of the write), so scoped imports may race while a case moves team.
 *
 * Crash safety, phase by phase (DynamoDB has no transaction over thousands of items, and dynalite none at all):
 *   1. read and check every line; read the keys in scope; decide refusal      nothing written
 *   2. upsert every item with importedAt = S; mark the named-but-unreadable  only upserts: nothing closed; the import
 *      cases with importedAt = S                                              state still names the previous snapshot
 *   3. write the import state: lastComplete = S, closing = S                  S is now the snapshot in force
 *   4. close open cases in scope with importedAt < S (and, when scoped, a     conditional writes, idempotent
 *      teamId in scope); remove padded-id twins; deactivate likewise
 *   5. clear `closing` in the import state
 * A crash in 1–2 leaves the previous snapshot in force (some records carry newer values, none is closed, and the
 * staleness signal still dates from the previous import); a re-run starts over. A crash in 4–5 leaves `closing`
 * set: the next import of the scope finishes that closing first (so even a refused import leaves the last complete
 * snapshot fully applied), and a re-run with the same file completes it anyway. The conditions in step 4 never close
 * a case that a later snapshot imported, so two imports racing cannot close each other's records.
 */
import type { Clock } from '../ports/clock.js';
import { formatDay } from '../domain/calendar/local-date.js';
import { londonDateOf } from '../domain/calendar/london.js';
import {
  DEFAULT_THRESHOLDS,
  type ImportState,
  type ImportThresholds,
  type SnapshotCounts,
  recentClosures,
  refusalOf,
  scopeKey,
} from '../domain/import/snapshot-policy.js';
import type { NotReadableMark, SnapshotItem, SnapshotStore, StoredKeys } from '../ports/record-store.js';
import { type Rejected, checkLine, loadedKey } from './import-records.js';

export interface SnapshotSource {
  /** Where it came from, for the import state and messages: a file name or an S3 key. */
  name: string;
  lines: AsyncIterable<string> | Iterable<string>;
  /**
   * Rejections found before the lines (a converter's problem lines): counted like rejected lines. One with a
   * `recordId` (a person the converter could not convert) names a case the snapshot cannot read: kept open.
   */
  rejectedBefore?: readonly Rejected[];
  /** Problems about items that were still loaded (a converter's warnings): reported, not counted. */
  reportedOnly?: readonly Rejected[];
}

export interface ImportSnapshotOptions {
  /** Team ids this snapshot covers; absent: the whole authority. */
  scope?: readonly string[];
  /** Apply a snapshot that would otherwise be refused (empty, shrunk, too many rejected lines). */
  acceptShrink?: boolean;
  thresholds?: ImportThresholds;
  /** Days a closed record is kept before TTL deletes it: the ledger retention period. */
  retentionDays: number;
}

export type ImportPhase = 'reading' | 'writing' | 'closing';
export interface ImportProgress {
  phase: ImportPhase;
  read: number;
  loaded: number;
  rejected: number;
  closed: number;
}

export interface ImportSnapshotDeps {
  store: SnapshotStore;
  clock: Clock;
  onRejected(r: Rejected): void;
  /** Called after each batch; the caller decides how often to show it. */
  onProgress?(p: ImportProgress): void;
}

export interface ImportReport {
  outcome: 'complete' | 'refused';
  /** Why it was refused, naming the numbers. */
  reason?: string;
  scope: string;
  source: string;
  importedAt?: string;
  counts: SnapshotCounts;
  openCasesBefore: number;
  closed: number;
  deactivated: { workers: number; teams: number };
  /** Cases closed to finish an earlier import's interrupted closing. */
  resumedClosing: number;
  /** Cases the snapshot names but could not read: kept open and listed to their team manager. */
  notReadable: number;
  /** Stored items with padded ids replaced by the trimmed ones this snapshot imported. */
  replaced: number;
}

/** Problems of a readable id that still say nothing about the case being in the export. */
const NOT_A_NAMING = new Set(['duplicate-id', 'out-of-scope']);

const BATCH = 100;

export async function importSnapshot(
  source: SnapshotSource,
  deps: ImportSnapshotDeps,
  options: ImportSnapshotOptions,
): Promise<ImportReport> {
  const scope = scopeKey(options.scope);
  const scopeTeams = options.scope && options.scope.length > 0 ? [...new Set(options.scope)] : undefined;
  const states = await deps.store.readImportStates();
  const state: ImportState = states.find((s) => s.scope === scope) ?? { scope };
  const attemptAt = deps.clock.now().toISOString();
  try {
    // An earlier import of this scope crashed while closing: finish it, so the snapshot in force is whole.
    let resumedClosing = 0;
    if (state.closing) {
      const keys = await deps.store.storedKeys(scopeTeams);
      const { importedAt, workers, teams } = state.closing;
      resumedClosing = (await applyClosing(keys, new Set(), importedAt, deps, options, { workers, teams })).closed;
      delete state.closing;
      if (!options.acceptShrink && resumedClosing > 0) recordClosures(state, importedAt, resumedClosing, deps.clock);
      await deps.store.writeImportState(state);
    }

    // 1. Read and check everything; nothing is written yet.
    const counts: SnapshotCounts = { lines: 0, rejected: 0, cases: 0, workers: 0, teams: 0 };
    const progress: ImportProgress = { phase: 'reading', read: 0, loaded: 0, rejected: 0, closed: 0 };
    const items: SnapshotItem[] = [];
    const seen = new Set<string>();
    const scopeSet = scopeTeams ? new Set(scopeTeams) : undefined;
    // Cases named by a line that could not be read: never closed, marked and listed instead. The first such line of
    // each id does not count toward the rejected-lines threshold: it costs nothing (the case stays open on its last
    // good version, and is listed), while refusing would hold back every other line of the export with it.
    const named = new Map<string, NotReadableMark>();
    const reject = (r: Rejected, entity: 'case' | 'worker' | 'team' = 'case', teamId?: string) => {
      counts.rejected++;
      progress.rejected++;
      deps.onRejected(r);
      const id = r.recordId?.trim();
      if (entity === 'case' && id && !NOT_A_NAMING.has(r.problem) && !named.has(id))
        named.set(id, { id, detail: r.detail, ...(teamId !== undefined ? { teamId } : {}) });
    };
    for (const r of source.reportedOnly ?? []) deps.onRejected(r);
    for (const r of source.rejectedBefore ?? []) {
      counts.lines++;
      reject(r);
    }
    let lineNumber = 0;
    for await (const input of source.lines) {
      const result = checkLine(input, ++lineNumber, seen, scopeSet);
      if (result.kind === 'blank') continue;
      counts.lines++;
      progress.read++;
      if (result.kind === 'rejected') reject(result.rejected, result.entity, result.teamId);
      else {
        items.push(result.item);
        counts[loadedKey(result.item.entity)]++;
      }
      if (progress.read % 1000 === 0) deps.onProgress?.({ ...progress });
    }
    deps.onProgress?.({ ...progress });
    const keys = await deps.store.storedKeys(scopeTeams);
    const present = new Set(items.map((i) => `${i.entity}#${i.id}`));
    for (const id of named.keys()) if (present.has(`case#${id}`)) named.delete(id);
    // What the snapshot read (a padded stored twin of it is replaced), before the cases it only names are added.
    const imported = new Set(present);
    for (const id of named.keys()) present.add(`case#${id}`);
    // Counted by id (trimmed: a padded stored key is the same case), not by size.
    const openIds = new Set(keys.cases.map((c) => c.id.trim()));
    const openCasesBefore = openIds.size;
    const wouldClose = [...openIds].filter((id) => !present.has(`case#${id}`)).length;
    const recent = recentClosures(state, deps.clock.now());
    const report: ImportReport = {
      outcome: 'complete',
      scope,
      source: source.name,
      counts,
      openCasesBefore,
      closed: 0,
      deactivated: { workers: 0, teams: 0 },
      resumedClosing,
      notReadable: named.size,
      replaced: 0,
    };
    const reason = options.acceptShrink
      ? undefined
      : refusalOf(counts, openCasesBefore, options.thresholds ?? DEFAULT_THRESHOLDS, {
          wouldClose,
          closedRecently: recent.total,
          notReadable: named.size,
        });
    if (reason) {
      state.lastAttempt = { at: attemptAt, outcome: 'refused', reason, source: source.name };
      await deps.store.writeImportState(state);
      return { ...report, outcome: 'refused', reason };
    }

    // 2. Upserts only.
    const importedAt = deps.clock.now().toISOString();
    progress.phase = 'writing';
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      await deps.store.upsert(batch, importedAt);
      progress.loaded += batch.length;
      deps.onProgress?.({ ...progress });
    }
    const marks = [...named.values()];
    for (let i = 0; i < marks.length; i += BATCH)
      await deps.store.markNotReadable(
        marks.slice(i, i + BATCH),
        importedAt,
        formatDay(londonDateOf(new Date(importedAt))),
      );

    // 3. The snapshot is complete: from here it is the one in force, and its closing is owed.
    state.lastComplete = { importedAt, counts, closed: 0, source: source.name };
    state.lastAttempt = { at: importedAt, outcome: 'complete', source: source.name };
    const directory = { workers: counts.workers > 0, teams: counts.teams > 0 };
    state.closing = { importedAt, ...directory };
    await deps.store.writeImportState(state);

    // 4. Close what the snapshot lacks.
    progress.phase = 'closing';
    const applied = await applyClosing(keys, present, importedAt, deps, options, directory, imported);
    progress.closed = applied.closed;
    deps.onProgress?.({ ...progress });

    // 5. Done.
    delete state.closing;
    state.lastComplete.closed = applied.closed;
    if (!options.acceptShrink) recordClosures(state, importedAt, applied.closed, deps.clock);
    await deps.store.writeImportState(state);
    return {
      ...report,
      importedAt,
      closed: applied.closed,
      deactivated: applied.deactivated,
      replaced: applied.replaced,
    };
  } catch (error) {
    // Recorded so that the staleness signal and the managers' emails say so; the caller reports the error.
    try {
      state.lastAttempt = { at: attemptAt, outcome: 'failed', reason: (error as Error).name, source: source.name };
      await deps.store.writeImportState(state);
    } catch {
      // The table itself is unreachable: the error below says so.
    }
    throw error;
  }
}

/**
 * Records an import that failed before its snapshot could be read (a missing table in an SSD folder, an object that
 * cannot be fetched), so that the staleness signal and the managers' emails say so. Never throws.
 */
export async function recordImportFailure(
  store: SnapshotStore,
  at: Date,
  source: string,
  error: unknown,
  scopeTeams?: readonly string[],
): Promise<void> {
  try {
    const scope = scopeKey(scopeTeams);
    const state = (await store.readImportStates()).find((s) => s.scope === scope) ?? { scope };
    state.lastAttempt = { at: at.toISOString(), outcome: 'failed', reason: (error as Error).name, source };
    await store.writeImportState(state);
  } catch {
    // The table itself is unreachable: the caller reports the error.
  }
}

/**
 * Remembers this import's closures for the 7-day threshold, dropping those older than the window. Closures of a
 * snapshot applied with acceptShrink are not remembered: a person vouched for them, and they must not make the
 * following week's nightly imports refused.
 */
function recordClosures(state: ImportState, at: string, closed: number, clock: Clock): void {
  const { list } = recentClosures(state, clock.now());
  state.closures = closed > 0 ? [...list, { at, closed }] : list;
}

/**
 * Closes the open cases in `keys` that the snapshot lacks and deactivates absent workers and teams. `present` holds
 * `entity#id` of what the snapshot imported or named; when resuming, it is empty and the store's conditions
 * (imported before the snapshot) decide. Only what it `imported` replaces a padded stored twin: a case it merely
 * names keeps its last good version, padded or not.
 */
async function applyClosing(
  keys: StoredKeys,
  present: ReadonlySet<string>,
  importedAt: string,
  deps: ImportSnapshotDeps,
  options: ImportSnapshotOptions,
  directory: { workers: boolean; teams: boolean },
  imported: ReadonlySet<string> = present,
): Promise<{ closed: number; replaced: number; deactivated: { workers: number; teams: number } }> {
  const older = (at: string | undefined) => at === undefined || at < importedAt;
  // A stored key with a padded id ("C1  ") whose trimmed id this snapshot imported is the same case stored twice:
  // the padded item is removed, not closed (it is not a case leaving).
  const padded = (id: string) => id !== id.trim();
  const replaced = (entity: 'case' | 'worker' | 'team', list: { id: string; importedAt: string | undefined }[]) =>
    list
      .filter((e) => padded(e.id) && imported.has(`${entity}#${e.id.trim()}`) && older(e.importedAt))
      .map((e) => e.id);
  const gone = keys.cases.filter((c) => !present.has(`case#${c.id.trim()}`) && older(c.importedAt));
  const caseIds = gone.map((c) => c.id);
  // A scoped import closes a case only while it still belongs to a team in scope (the teamId exactly as stored).
  const scopeTeams = options.scope && options.scope.length > 0 ? options.scope : undefined;
  const teamIds = scopeTeams
    ? [...new Set([...scopeTeams, ...keys.cases.flatMap((c) => (c.teamId === undefined ? [] : [c.teamId]))])]
    : undefined;
  const expiresAt = Math.floor(Date.parse(importedAt) / 1000) + options.retentionDays * 86_400;
  let closed = 0;
  for (let i = 0; i < caseIds.length; i += BATCH) {
    closed += await deps.store.close(caseIds.slice(i, i + BATCH), importedAt, importedAt, expiresAt, teamIds);
  }
  let removed = 0;
  for (const entity of ['case', 'worker', 'team'] as const) {
    const list = entity === 'case' ? keys.cases : entity === 'worker' ? keys.workers : keys.teams;
    const ids = replaced(entity, list);
    if (ids.length) removed += await deps.store.removeReplaced(entity, ids, importedAt);
  }
  const absent = (entity: 'worker' | 'team', list: { id: string; active: boolean; importedAt: string | undefined }[]) =>
    list.filter((e) => e.active && !present.has(`${entity}#${e.id.trim()}`) && older(e.importedAt)).map((e) => e.id);
  const workers = directory.workers
    ? await deps.store.deactivate('worker', absent('worker', keys.workers), importedAt)
    : 0;
  const teams = directory.teams ? await deps.store.deactivate('team', absent('team', keys.teams), importedAt) : 0;
  return { closed, replaced: removed, deactivated: { workers, teams } };
}
