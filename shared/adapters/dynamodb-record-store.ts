import {
  type DynamoDBDocumentClient,
  BatchWriteCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import type { DirectoryEntity, RecordStore, RecordWriter } from '../ports/record-store.js';
import { DIRECTORY_PK, casePk } from './table-design.js';
import { retryUnprocessed } from './batch-retry.js';

export class DynamoRecordStore implements RecordStore, RecordWriter {
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
          FilterExpression: teamId ? '#entity = :case AND teamId = :team' : '#entity = :case',
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
        else if (item.entity === 'team') teams.push(item);
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
}
