/** Where case records, workers and teams live. Items are raw: the core validates every one. */
export interface RecordStore {
  /** Every case record (of one team, if given), page by page; `segments` pages are read in parallel. */
  scanCases(options: { segments: number; teamId?: string }): AsyncIterable<unknown[]>;
  /** Workers and teams. */
  loadDirectory(): Promise<{ workers: unknown[]; teams: unknown[] }>;
}

export type DirectoryEntity = 'case' | 'worker' | 'team';

export interface RecordWriter {
  /** Writes items (batched; unprocessed items are retried). Returns the number written. */
  putAll(items: { entity: DirectoryEntity; id: string; item: Record<string, unknown> }[]): Promise<number>;
}
