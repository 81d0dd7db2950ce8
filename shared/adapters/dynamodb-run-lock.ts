/**
 * The run lock as a ledger item (`LOCK#<name>`, sk `LOCK`): a conditional UpdateItem takes it when it is free,
 * expired or already ours; releasing it sets its expiry to now (never a delete: nothing on the ledger is deleted,
 * TTL removes the item after the retention period).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RunLock } from '../ports/run-lock.js';
import { runLockPk } from './table-design.js';

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoRunLock implements RunLock {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
  ) {}

  async acquire(name: string, holder: string, now: Date, seconds: number): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: runLockPk(name), sk: 'LOCK' },
          UpdateExpression: 'SET holder = :holder, lockedUntil = :until, lockedAt = :at, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR lockedUntil <= :now OR holder = :holder',
          ExpressionAttributeValues: {
            ':holder': holder,
            ':until': nowSeconds + seconds,
            ':now': nowSeconds,
            ':at': now.toISOString(),
            ':expires': nowSeconds + this.retentionDays * 86_400,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(name: string, holder: string, now: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: runLockPk(name), sk: 'LOCK' },
          UpdateExpression: 'SET lockedUntil = :now, releasedAt = :at',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: {
            ':holder': holder,
            ':now': Math.floor(now.getTime() / 1000),
            ':at': now.toISOString(),
          },
        }),
      );
    } catch (error) {
      // Taken over after it expired: the other run owns it now.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
