/**
 * Which uploaded object starts an import: a `.jsonl` snapshot in its own prefix (`snapshots/`), or the
 * `manifest.json` that completes an SSD folder (written last). Never a file inside an SSD folder: its tables, its
 * `events.csv`, or the `directory.jsonl` the export uploads beside them. The deployed EventBridge rule matches the
 * same keys (infra/constructs/import-job.ts, kept equal by test/infra/import-trigger.test.ts).
 */
export const SNAPSHOT_PREFIX = 'snapshots/';

export type SnapshotKind = 'jsonl' | 'ssd';

export function snapshotKind(key: string): SnapshotKind | undefined {
  if (key.startsWith(SNAPSHOT_PREFIX) && key.endsWith('.jsonl')) return 'jsonl';
  if (key === 'manifest.json' || key.endsWith('/manifest.json')) return 'ssd';
  return undefined;
}

/**
 * An object-created event for an object no newer than what is already imported does nothing: a redelivered event
 * (the same upload, imported after it was made) or an out-of-order one (an upload made before the snapshot in
 * force). Compared by the objects' upload times: `uploadedAt` of this object, `sourceUploadedAt` of the last
 * complete import's object (its upload time; when that object is gone, the time of that import).
 */
export function isStale(
  object: { key: string; uploadedAt: Date },
  lastComplete: { source: string; importedAt: string; sourceUploadedAt?: Date } | undefined,
): boolean {
  if (!lastComplete) return false;
  const imported = new Date(lastComplete.importedAt);
  if (object.key === lastComplete.source) return object.uploadedAt <= imported;
  return object.uploadedAt < (lastComplete.sourceUploadedAt ?? imported);
}
