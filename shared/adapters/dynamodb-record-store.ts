import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  BatchWriteCommand,
  PutCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { retryUnprocessed } from './batch-retry.js';
import { type ImportState, importStateSchema } from '../domain/import/snapshot-policy.js';
import type {
  DirectoryEntity,
  NotReadableMark,
  RecordStore,
  RecordWriter,
  SnapshotItem,
  SnapshotStore,
  StoredKeys,
} from '../ports/record-store.js';
import { DIRECTORY_PK, TTL_ATTRIBUTE, casePk } from './table-design.js';

/**
 * Import state, one item per scope, in the records table beside the data it describes (not in the ledger): the
 * import function then needs no ledger grant, and the daily run reads it with the records it already reads.
 *   import-state  pk = IMPORT   sk = STATE#<scope>   scope, lastComplete, lastAttempt, closing
 * Closed cases keep their item with `closedAt` and `expiresAt` (TTL) until the retention period ends.
 */
export const IMPORT_STATE_PK = 'IMPORT';
const UPSERT_CONCURRENCY = 16;

const keyOf = (entity: DirectoryEntity, id: string) =>
  entity === 'case' ? { pk: casePk(id), sk: 'CASE' } : { pk: DIRECTORY_PK, sk: `${entity.toUpperCase()}#${id}` };

async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

export class DynamoRecordStore implements RecordStore, RecordWriter, SnapshotStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly pageSize = 1000,
  ) {}

  /** A parallel scan: `segments` workers read their slice of the table at once; pages are yielded as they arrive. */
  async *scanCases({ segments, teamId }: { segments: number; teamId?: string }): AsyncIterable<unknown[]> {
    const iterators = Array.from({ length: Math.max(1, segments) }, (_, segment) =>
      paginateScan(
        { client: this.doc, pageSize: this.pageSize },
        {
          TableName: this.table,
          Segment: segment,
          TotalSegments: Math.max(1, segments),
          // Closed cases (gone from the latest snapshot) are never evaluated or emailed again, by any job.
          FilterExpression: `#entity = :case AND attribute_not_exists(closedAt)${teamId ? ' AND teamId = :team' : ''}`,
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: { ':case': 'case', ...(teamId ? { ':team': teamId } : {}) },
        },
      )[Symbol.asyncIterator](),
    );
    const pending = new Map(iterators.map((it, i) => [i, it.next().then((r) => ({ i, r }))]));
    while (pending.size > 0) {
      const { i, r } = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(i);
        continue;
      }
      pending.set(
        i,
        iterators[i]!.next().then((next) => ({ i, r: next })),
      );
      yield r.value.Items ?? [];
    }
  }

  async loadDirectory(): Promise<{ workers: unknown[]; teams: unknown[] }> {
    const workers: unknown[] = [];
    const teams: unknown[] = [];
    for await (const page of paginateQuery(
      { client: this.doc },
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DIRECTORY_PK },
        ConsistentRead: true,
      },
    )) {
      for (const item of page.Items ?? []) {
        if (item.entity === 'worker') workers.push(item);
        // A team absent from the latest snapshot is inactive: no digest, its cases (if any) go to the service.
        else if (item.entity === 'team' && item.active !== false) teams.push(item);
      }
    }
    return { workers, teams };
  }

  async putAll(items: { entity: DirectoryEntity; id: string; item: Record<string, unknown> }[]): Promise<number> {
    const requests = items.map(({ entity, id, item }) => ({
      PutRequest: {
        Item: {
          ...item,
          ...(entity === 'case'
            ? { pk: casePk(id), sk: 'CASE' }
            : { pk: DIRECTORY_PK, sk: `${entity.toUpperCase()}#${id}` }),
          entity,
        },
      },
    }));
    let written = 0;
    for (let i = 0; i < requests.length; i += 25) {
      await retryUnprocessed('items', requests.slice(i, i + 25), async (batch) => {
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
        const unprocessed = (result.UnprocessedItems?.[this.table] ?? []) as typeof batch;
        written += batch.length - unprocessed.length;
        return unprocessed;
      });
    }
    return written;
  }

  /** Marks every worker with this address as suppressed (bouncing or complained); returns their ids. */
  async suppressWorkerAddress(address: string, at: Date): Promise<string[]> {
    const { workers } = await this.loadDirectory();
    const ids: string[] = [];
    for (const w of workers as { id?: unknown; email?: unknown }[]) {
      if (typeof w.email !== 'string' || typeof w.id !== 'string' || w.email.toLowerCase() !== address.toLowerCase())
        continue;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: DIRECTORY_PK, sk: `WORKER#${w.id}` },
          UpdateExpression: 'SET emailSuppressed = :true, emailSuppressedAt = :at',
          ExpressionAttributeValues: { ':true': true, ':at': at.toISOString() },
        }),
      );
      ids.push(w.id);
    }
    return ids;
  }

  async storedKeys(scopeTeams: readonly string[] | undefined): Promise<StoredKeys> {
    // Stored team ids are compared trimmed: items written before ids were trimmed at the boundary hold "T01  ".
    const inScope = (team: unknown) => !scopeTeams || (typeof team === 'string' && scopeTeams.includes(team.trim()));
    const keys: StoredKeys = { cases: [], workers: [], teams: [] };
    for await (const page of paginateScan(
      { client: this.doc, pageSize: this.pageSize },
      {
        TableName: this.table,
        ConsistentRead: true,
        ProjectionExpression: 'pk, sk, #entity, teamId, importedAt, closedAt, active',
        ExpressionAttributeNames: { '#entity': 'entity' },
      },
    )) {
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        const sk = String(item.sk);
        const importedAt = typeof item.importedAt === 'string' ? item.importedAt : undefined;
        if (item.entity === 'case' && pk.startsWith('CASE#')) {
          if (item.closedAt === undefined && inScope(item.teamId))
            keys.cases.push({ id: pk.slice(5), teamId: item.teamId as string | undefined, importedAt });
        } else if (item.entity === 'worker' && sk.startsWith('WORKER#')) {
          if (inScope(item.teamId))
            keys.workers.push({
              id: sk.slice(7),
              teamId: item.teamId as string | undefined,
              active: item.active !== false,
              importedAt,
            });
        } else if (item.entity === 'team' && sk.startsWith('TEAM#')) {
          const id = sk.slice(5);
          if (inScope(id)) keys.teams.push({ id, active: item.active !== false, importedAt });
        }
      }
    }
    return keys;
  }

  /** UpdateItem per item: SET of the import-owned attributes only, so bounce suppression survives a re-import. */
  async upsert(items: readonly SnapshotItem[], importedAt: string): Promise<void> {
    await inBatches(items, UPSERT_CONCURRENCY, async ({ entity, id, item, absent = [] }) => {
      const names: Record<string, string> = { '#entity': 'entity', '#importedAt': 'importedAt' };
      const values: Record<string, unknown> = { ':entity': entity, ':importedAt': importedAt };
      const sets = ['#entity = :entity', '#importedAt = :importedAt'];
      const fields = entity === 'team' ? { ...item, active: true } : item;
      Object.entries(fields).forEach(([field, value], i) => {
        if (value === undefined) return;
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      });
      const removes = absent.map((field, i) => {
        names[`#r${i}`] = field;
        return `#r${i}`;
      });
      if (entity === 'case') {
        names['#closedAt'] = 'closedAt';
        names['#ttl'] = TTL_ATTRIBUTE;
        names['#nr'] = 'notReadableIn';
        names['#nrd'] = 'notReadableDetail';
        removes.push('#closedAt', '#ttl', '#nr', '#nrd');
      }
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(entity, id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    });
  }

  async markNotReadable(marks: readonly NotReadableMark[], importedAt: string, snapshotDay: string): Promise<void> {
    await inBatches(marks, UPSERT_CONCURRENCY, async ({ id, teamId, detail }) => {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf('case', id),
          UpdateExpression: `SET #entity = :case, #id = if_not_exists(#id, :id), importedAt = :at, notReadableIn = :day, notReadableDetail = :detail${teamId !== undefined ? ', teamId = if_not_exists(teamId, :team)' : ''} REMOVE closedAt, #ttl`,
          ExpressionAttributeNames: { '#entity': 'entity', '#id': 'id', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':case': 'case',
            ':id': id,
            ':at': importedAt,
            ':day': snapshotDay,
            ':detail': detail.slice(0, 1000),
            ...(teamId !== undefined ? { ':team': teamId } : {}),
          },
        }),
      );
    });
  }

  /**
   * A BatchWriteItem of deletes (the import's grant has no DeleteItem): unconditional, which is safe because no import
   * writes a padded key any more, and the caller passes only items imported before the snapshot.
   */
  async removeReplaced(
    entity: DirectoryEntity,
    storedIds: readonly string[],
    _snapshotImportedAt: string,
  ): Promise<number> {
    const requests = storedIds.map((id) => ({ DeleteRequest: { Key: keyOf(entity, id) } }));
    let removed = 0;
    for (let i = 0; i < requests.length; i += 25) {
      await retryUnprocessed('items', requests.slice(i, i + 25), async (batch) => {
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
        const unprocessed = (result.UnprocessedItems?.[this.table] ?? []) as typeof batch;
        removed += batch.length - unprocessed.length;
        return unprocessed;
      });
    }
    return removed;
  }

  async close(
    ids: readonly string[],
    snapshotImportedAt: string,
    closedAt: string,
    expiresAt: number,
    teamIds?: readonly string[],
  ): Promise<number> {
    // DynamoDB allows 100 operands in IN: a scope of more teams than that is checked by the scan only.
    const teams = teamIds && teamIds.length > 0 && teamIds.length < 100 ? teamIds : undefined;
    const teamValues = Object.fromEntries((teams ?? []).map((t, i) => [`:team${i}`, t]));
    const inTeams = teams ? ` AND teamId IN (${Object.keys(teamValues).join(', ')})` : '';
    let closed = 0;
    await inBatches(ids, UPSERT_CONCURRENCY, async (id) => {
      if (
        await this.conditionalSet(
          keyOf('case', id),
          'SET closedAt = :closedAt, #ttl = :expiresAt',
          { ':closedAt': closedAt, ':expiresAt': expiresAt, ...teamValues },
          snapshotImportedAt,
          `attribute_not_exists(closedAt)${inTeams}`,
          { '#ttl': TTL_ATTRIBUTE },
        )
      )
        closed++;
    });
    return closed;
  }

  async deactivate(entity: 'worker' | 'team', ids: readonly string[], snapshotImportedAt: string): Promise<number> {
    let changed = 0;
    await inBatches(ids, UPSERT_CONCURRENCY, async (id) => {
      if (
        await this.conditionalSet(
          keyOf(entity, id),
          'SET active = :false, deactivatedAt = :at',
          { ':false': false, ':at': snapshotImportedAt },
          snapshotImportedAt,
          '(attribute_not_exists(active) OR active <> :false)',
        )
      )
        changed++;
    });
    return changed;
  }

  /** An update that applies only to an existing item not imported at or after `snapshot`; false when skipped. */
  private async conditionalSet(
    key: Record<string, string>,
    update: string,
    values: Record<string, unknown>,
    snapshot: string,
    extraCondition: string,
    names: Record<string, string> = {},
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(pk) AND ${extraCondition} AND (attribute_not_exists(importedAt) OR importedAt < :snapshot)`,
          ExpressionAttributeValues: { ...values, ':snapshot': snapshot },
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw error;
    }
  }

  async readImportStates(): Promise<ImportState[]> {
    const states: ImportState[] = [];
    for await (const page of paginateQuery(
      { client: this.doc },
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': IMPORT_STATE_PK },
        ConsistentRead: true,
      },
    )) {
      for (const item of page.Items ?? []) {
        const parsed = importStateSchema.safeParse(item);
        if (parsed.success) states.push(parsed.data);
      }
    }
    return states;
  }

  async writeImportState(state: ImportState): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...state, pk: IMPORT_STATE_PK, sk: `STATE#${state.scope}`, entity: 'import-state' },
      }),
    );
  }
}
