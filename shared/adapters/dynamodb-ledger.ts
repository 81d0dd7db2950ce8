import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Claim, EmailIntent, EmailStatus, Ledger, RunRecord } from '../ports/ledger.js';
import { emailPk, noticePk, recordIdOfNoticeKey, runPk, snapshotPk } from './table-design.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class DynamoLedger implements Ledger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
  ) {}

  private expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + this.retentionDays * 86_400;
  }

  async claimEmail(intent: EmailIntent, now: Date, leaseSeconds: number): Promise<Claim> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: emailPk(intent.key), sk: 'EMAIL' },
          UpdateExpression:
            'SET #status = :sending, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one, emailKey = :key, kind = :kind, audience = :audience, recipient = :recipient, asOf = :asOf, runId = :runId, subject = :subject, noticeKeys = :noticeKeys, claimedAt = :now, expiresAt = :expires',
          // An expired claim is taken over only if SES never reported accepting the message (its Send event).
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :retry OR (#status = :sending AND leaseUntil < :nowSeconds AND attribute_not_exists(acceptedAt))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':retry': 'retry',
            ':lease': nowSeconds + leaseSeconds,
            ':nowSeconds': nowSeconds,
            ':zero': 0,
            ':one': 1,
            ':key': intent.key,
            ':kind': intent.kind,
            ':audience': intent.audience,
            ':recipient': intent.recipient,
            ':asOf': intent.asOf,
            ':runId': intent.runId,
            ':subject': intent.subject,
            ':noticeKeys': intent.noticeKeys,
            ':now': now.toISOString(),
            ':expires': this.expiresAt(now),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { claimed: true, attempt: Number(result.Attributes?.attempts ?? 1) };
    } catch (error) {
      if (
        !(error instanceof ConditionalCheckFailedException) &&
        (error as Error).name !== 'ConditionalCheckFailedException'
      )
        throw error;
      const current = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: emailPk(intent.key), sk: 'EMAIL' }, ConsistentRead: true }),
      );
      const accepted = current.Item?.acceptedAt !== undefined;
      if (accepted && current.Item?.status === 'sending')
        await this.markSent(intent.key, String(current.Item.acceptedMessageId ?? 'accepted'), now);
      return {
        claimed: false,
        status: accepted ? 'sent' : ((current.Item?.status ?? 'sending') as EmailStatus),
        noticeKeys: (current.Item?.noticeKeys as string[] | undefined) ?? [],
      };
    }
  }

  async markSent(key: string, messageId: string, at: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: emailPk(key), sk: 'EMAIL' },
        UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': at.toISOString() },
      }),
    );
  }

  async markFailed(key: string, reason: string, retryable: boolean, at: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: emailPk(key), sk: 'EMAIL' },
        UpdateExpression: 'SET #status = :status, lastError = :reason, failedAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': retryable ? 'retry' : 'failed',
          ':reason': reason,
          ':at': at.toISOString(),
        },
      }),
    );
  }

  async notified(keys: string[]): Promise<Set<string>> {
    const items = await this.batchGet(keys.map(noticePk), 'NOTICE', 'pk');
    return new Set(items.map((item) => String(item.pk).slice('NOTICE#'.length)));
  }

  async emailStatuses(keys: string[]): Promise<Map<string, EmailStatus>> {
    const items = await this.batchGet(keys.map(emailPk), 'EMAIL', 'emailKey, #status');
    return new Map(items.map((item) => [String(item.emailKey), item.status as EmailStatus]));
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys with backoff. */
  private async batchGet(pks: string[], sk: string, projection: string): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    const unique = [...new Set(pks)];
    for (let i = 0; i < unique.length; i += 100) {
      let requested = unique.slice(i, i + 100).map((pk) => ({ pk, sk }));
      for (let attempt = 0; requested.length > 0; attempt++) {
        if (attempt >= 8)
          throw new Error(`DynamoDB left ${requested.length} keys unprocessed after ${attempt} attempts`);
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const result = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: requested,
                ProjectionExpression: projection,
                ...(projection.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
                ConsistentRead: true,
              },
            },
          }),
        );
        found.push(...(result.Responses?.[this.table] ?? []));
        requested = (result.UnprocessedKeys?.[this.table]?.Keys ?? []) as typeof requested;
      }
    }
    return found;
  }

  async recordNotices(keys: string[], emailKey: string, at: Date): Promise<void> {
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 25) {
      let batch = unique.slice(i, i + 25).map((k) => ({
        PutRequest: {
          Item: {
            pk: noticePk(k),
            sk: 'NOTICE',
            emailKey,
            at: at.toISOString(),
            expiresAt: this.expiresAt(at),
            // For `deadlines ledger --record` (the byRecord index).
            ...(recordIdOfNoticeKey(k) ? { recordId: recordIdOfNoticeKey(k) } : {}),
          },
        },
      }));
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt >= 8)
          throw new Error(`DynamoDB left ${batch.length} notices unprocessed after ${attempt} attempts`);
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
        batch = (result.UnprocessedItems?.[this.table] ?? []) as typeof batch;
      }
    }
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: runPk(run.job, run.asOf),
          sk: `${run.startedAt}#${run.runId}`,
          ...run,
          expiresAt: this.expiresAt(new Date(run.finishedAt)),
        },
      }),
    );
  }

  async saveSnapshot(scope: string, weekStarting: string, figures: unknown, at: Date): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: snapshotPk(scope),
            sk: weekStarting,
            figures,
            savedAt: at.toISOString(),
            expiresAt: this.expiresAt(at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async loadSnapshot(scope: string, weekStarting: string): Promise<unknown | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: snapshotPk(scope), sk: weekStarting }, ConsistentRead: true }),
    );
    return result.Item?.figures;
  }

  /** Appends a delivery event to an email's ledger entry; a Send event records that SES accepted it. */
  async recordDeliveryEvent(
    emailKey: string,
    eventType: string,
    permanent: boolean,
    at: Date,
    messageId?: string,
  ): Promise<void> {
    if (eventType === 'Send') {
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: emailPk(emailKey), sk: 'EMAIL' },
            UpdateExpression:
              'SET acceptedAt = if_not_exists(acceptedAt, :at), acceptedMessageId = if_not_exists(acceptedMessageId, :id)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId ?? 'unknown' },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
      return;
    }
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: emailPk(emailKey), sk: 'EMAIL' },
          UpdateExpression:
            'SET deliveryEvents = list_append(if_not_exists(deliveryEvents, :empty), :event), delivery = :delivery',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':empty': [],
            ':event': [{ eventType, permanent, at: at.toISOString() }],
            ':delivery': permanent ? 'failed' : eventType.toLowerCase(),
          },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }
}
