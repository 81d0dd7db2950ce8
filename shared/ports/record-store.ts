import type { ImportState } from '../domain/import/snapshot-policy.js';

/** Where case records, workers and teams live. Items are raw: the core validates every one. */
export interface RecordStore {
  /** Every open case record (of one team, if given), page by page; closed records are never returned. */
  scanCases(options: { segments: number; teamId?: string }): AsyncIterable<unknown[]>;
  /** Workers and active teams. */
  loadDirectory(): Promise<{ workers: unknown[]; teams: unknown[] }>;
  /** What the imports recorded (one item per scope), for the staleness signal; absent where nothing imports. */
  readImportStates?(): Promise<ImportState[]>;
}

export type DirectoryEntity = 'case' | 'worker' | 'team';

export interface RecordWriter {
  /** Writes items (batched; unprocessed items are retried). Returns the number written. */
  putAll(items: { entity: DirectoryEntity; id: string; item: Record<string, unknown> }[]): Promise<number>;
}

/** One validated, minimised item of a snapshot. */
export interface SnapshotItem {
  entity: DirectoryEntity;
  id: string;
  /** Only the schema's fields; never the system-owned ones (suppression). */
  item: Record<string, unknown>;
  /** Import-owned fields this item lacks: removed on upsert, so a field emptied in the case system is emptied here. */
  absent?: readonly string[];
}

/** A case line the snapshot could not read but whose id it could. */
export interface NotReadableMark {
  id: string;
  /** The team the line names, when readable: used only for a case not stored yet. */
  teamId?: string;
  /** What was wrong: field names and reasons, never values. */
  detail: string;
}

/** What is in the table now, in scope: the keys an import needs to find what a snapshot lacks. */
export interface StoredKeys {
  /** Open cases (no closedAt). */
  cases: { id: string; teamId: string | undefined; importedAt: string | undefined }[];
  workers: { id: string; teamId: string | undefined; active: boolean; importedAt: string | undefined }[];
  teams: { id: string; active: boolean; importedAt: string | undefined }[];
}

/** The import's side of the records table. */
export interface SnapshotStore {
  /** Keys of open cases, workers and teams (in scope: the teams listed, or everything). */
  storedKeys(scopeTeams: readonly string[] | undefined): Promise<StoredKeys>;
  /**
   * Upserts items with `importedAt`: sets the import-owned attributes, removes schema fields the item no longer has
   * and any `closedAt` (a case that comes back is open again); never touches system-owned attributes. Idempotent.
   */
  upsert(items: readonly SnapshotItem[], importedAt: string): Promise<void>;
  /**
   * Closes cases (sets `closedAt` and the TTL attribute) unless a later snapshot has imported them since
   * (`importedAt` differs from `staleBefore`'s snapshot) or they are closed already. Returns how many it closed.
   */
  close(
    ids: readonly string[],
    snapshotImportedAt: string,
    closedAt: string,
    expiresAt: number,
    /** A scoped import: close only a case whose stored teamId is still one of these (exactly as stored). */
    teamIds?: readonly string[],
  ): Promise<number>;
  /**
   * Keeps open the cases a snapshot names but cannot read: sets `importedAt` (so no closing of this snapshot or an
   * earlier one touches them), `notReadableIn` (the snapshot's date) and `notReadableDetail` (field names, never
   * values), and removes any `closedAt`. A stored record keeps its last good values; a case not stored yet gets a
   * stub of its id (and team, when readable) so that it is still named to a person. The next upsert clears both.
   */
  markNotReadable(marks: readonly NotReadableMark[], importedAt: string, snapshotDay: string): Promise<void>;
  /**
   * Deletes stored items whose key is a padded form of an id this snapshot imported trimmed (`"T01  "` beside
   * `"T01"`); the caller passes only items imported before the snapshot. Returns how many it removed.
   */
  removeReplaced(entity: DirectoryEntity, storedIds: readonly string[], snapshotImportedAt: string): Promise<number>;
  /** Marks workers or teams inactive unless this snapshot imported them. Returns how many changed. */
  deactivate(entity: 'worker' | 'team', ids: readonly string[], snapshotImportedAt: string): Promise<number>;
  readImportStates(): Promise<ImportState[]>;
  writeImportState(state: ImportState): Promise<void>;
}
