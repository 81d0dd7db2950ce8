import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Claim, ClaimTimes, EmailIntent, EmailStatus, FailedOutcome, Ledger, RunRecord } from '../ports/ledger.js';
import { retryUnprocessed } from './batch-retry.js';
import { emailPk, noticePk, recordIdOfNoticeKey, runPk, snapshotPk, suppressedPk } from './table-design.js';

/**
 * The ledger on DynamoDB. Every state change is one conditional UpdateItem, so concurrent runs, a claimant that
 * outlived its lease and late SES events all resolve by the same rules (see ports/ledger.ts for the statuses):
 * - a claim writes a fresh random `token`; every later write of that claimant (`beginAttempt`, `markSent`,
 *   `markFailed`) is conditional on it, so a stale claimant can neither send after a takeover nor overwrite the
 *   new claimant's outcome;
 * - `acceptedAt` (SES accepted the message) blocks every takeover, and `sent` is never changed back;
 * - a claim whose lease expired is taken over at once only if it never handed the message to SES (`attemptedAt`);
 *   otherwise it is treated like an `unknown` outcome and waits out the quarantine.
 */

export class DynamoLedger implements Ledger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
  ) {}

  private expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + this.retentionDays * 86_400;
  }

  private emailKey(key: string) {
    return { pk: emailPk(key), sk: 'EMAIL' };
  }

  async claimEmail(intent: EmailIntent, now: Date, times: ClaimTimes): Promise<Claim> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const token = randomUUID();
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.emailKey(intent.key),
          UpdateExpression:
            'SET #status = :sending, #token = :token, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one, emailKey = :key, kind = :kind, audience = :audience, recipient = :recipient, asOf = :asOf, runId = :runId, subject = :subject, noticeKeys = :noticeKeys, claimedAt = :now, expiresAt = :expires REMOVE attemptedAt, unknownSince',
          ConditionExpression: [
            'attribute_not_exists(pk) OR (attribute_not_exists(acceptedAt) AND (',
            '#status = :retry',
            'OR (#status = :sending AND leaseUntil < :nowSeconds AND attribute_not_exists(attemptedAt))',
            'OR (#status = :sending AND leaseUntil < :nowSeconds AND attemptedAt < :quarantineEdge)',
            'OR (#status = :unknown AND unknownSince < :quarantineEdge)))',
          ].join(' '),
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':retry': 'retry',
            ':unknown': 'unknown',
            ':token': token,
            ':lease': nowSeconds + times.leaseSeconds,
            ':nowSeconds': nowSeconds,
            ':quarantineEdge': nowSeconds - times.quarantineSeconds,
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
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = result.Attributes;
      return {
        claimed: true,
        attempt: Number(old?.attempts ?? 0) + 1,
        token,
        possibleRepeat: old?.status === 'unknown' || (old?.status === 'sending' && old.attemptedAt !== undefined),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: this.emailKey(intent.key), ConsistentRead: true }),
      );
      const item = current.Item;
      const noticeKeys = (item?.noticeKeys as string[] | undefined) ?? [];
      if (item?.acceptedAt !== undefined) {
        // Accepted by SES but not (yet) marked sent: the acceptance decides.
        if (item.status !== 'sent')
          await this.recordAcceptance(intent.key, String(item.acceptedMessageId ?? 'accepted'), now);
        return { claimed: false, status: 'sent', noticeKeys };
      }
      const status = (item?.status ?? 'sending') as EmailStatus;
      // A claimant that handed the message to SES and then went silent: as unknown as a timeout.
      const handedOver = status === 'sending' && Number(item?.leaseUntil ?? 0) < nowSeconds && item?.attemptedAt;
      return { claimed: false, status: handedOver ? 'unknown' : status, noticeKeys };
    }
  }

  async beginAttempt(key: string, token: string, now: Date, leaseSeconds: number): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: this.emailKey(key),
        UpdateExpression: 'SET attemptedAt = :now, leaseUntil = :lease',
        ConditionExpression: '#status = :sending AND #token = :token AND attribute_not_exists(acceptedAt)',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: {
          ':now': nowSeconds,
          ':lease': nowSeconds + leaseSeconds,
          ':sending': 'sending',
          ':token': token,
        },
      }),
    );
  }

  async markSent(key: string, token: string, messageId: string, at: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: this.emailKey(key),
        UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE leaseUntil',
        // `sent` already: SES's Send event overtook the answer; the same claimant still records its message id.
        ConditionExpression: '#token = :token AND (#status = :sending OR #status = :sent)',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sending': 'sending',
          ':id': messageId,
          ':at': at.toISOString(),
          ':token': token,
        },
      }),
    );
  }

  async markFailed(key: string, token: string, outcome: FailedOutcome, reason: string, at: Date): Promise<boolean> {
    const nowSeconds = Math.floor(at.getTime() / 1000);
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: this.emailKey(key),
        UpdateExpression: `SET #status = :status, lastError = :reason, failedAt = :at${outcome === 'unknown' ? ', unknownSince = :nowSeconds' : ''} REMOVE leaseUntil`,
        ConditionExpression: '#token = :token AND #status = :sending AND attribute_not_exists(acceptedAt)',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: {
          ':status': outcome,
          ':reason': reason,
          ':at': at.toISOString(),
          ':sending': 'sending',
          ':token': token,
          ...(outcome === 'unknown' ? { ':nowSeconds': nowSeconds } : {}),
        },
      }),
    );
  }

  async recordAcceptance(key: string, messageId: string, at: Date): Promise<boolean> {
    let result: { Attributes?: Record<string, unknown> };
    try {
      result = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.emailKey(key),
          UpdateExpression:
            'SET acceptedAt = if_not_exists(acceptedAt, :at), acceptedMessageId = if_not_exists(acceptedMessageId, :id), messageId = if_not_exists(messageId, :id), sentAt = if_not_exists(sentAt, :at), #status = :sent REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId, ':sent': 'sent' },
          ReturnValues: 'ALL_NEW',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    const noticeKeys = (result.Attributes?.noticeKeys as string[] | undefined) ?? [];
    if (noticeKeys.length > 0) await this.recordNotices(noticeKeys, key, at);
    return true;
  }

  /** Runs a conditional write; false when its condition did not hold. */
  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.doc.send(command);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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
      await retryUnprocessed(
        'keys',
        unique.slice(i, i + 100).map((pk) => ({ pk, sk })),
        async (requested) => {
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
          return (result.UnprocessedKeys?.[this.table]?.Keys ?? []) as typeof requested;
        },
      );
    }
    return found;
  }

  async recordNotices(keys: string[], emailKey: string, at: Date): Promise<void> {
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 25) {
      const batch = unique.slice(i, i + 25).map((k) => ({
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
      await retryUnprocessed('notices', batch, async (requested) => {
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requested } }));
        return (result.UnprocessedItems?.[this.table] ?? []) as typeof requested;
      });
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

  async suppressedAddresses(addresses: readonly string[]): Promise<Set<string>> {
    const items = await this.batchGet(
      addresses.map((a) => suppressedPk(a)),
      'ADDRESS',
      'address',
    );
    return new Set(items.map((item) => String(item.address)));
  }

  async suppressAddress(address: string, reason: string, at: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: suppressedPk(address),
          sk: 'ADDRESS',
          address: address.toLowerCase(),
          reason,
          at: at.toISOString(),
          expiresAt: this.expiresAt(at),
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

  /** Appends the event and records the acceptance it proves, in one write; then the email's notices. */
  private async recordSettlingEvent(
    emailKey: string,
    eventType: string,
    permanent: boolean,
    at: Date,
    messageId: string | undefined,
  ): Promise<boolean> {
    let result: { Attributes?: Record<string, unknown> };
    try {
      result = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.emailKey(emailKey),
          UpdateExpression:
            'SET deliveryEvents = list_append(if_not_exists(deliveryEvents, :empty), :event), delivery = :delivery, acceptedAt = if_not_exists(acceptedAt, :at), acceptedMessageId = if_not_exists(acceptedMessageId, :id), messageId = if_not_exists(messageId, :id), sentAt = if_not_exists(sentAt, :at), #status = :sent REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':event': [{ eventType, permanent, at: at.toISOString() }],
            ':delivery': permanent ? 'failed' : eventType.toLowerCase(),
            ':at': at.toISOString(),
            ':id': messageId ?? eventType.toLowerCase(),
            ':sent': 'sent',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    const noticeKeys = (result.Attributes?.noticeKeys as string[] | undefined) ?? [];
    if (noticeKeys.length > 0) await this.recordNotices(noticeKeys, emailKey, at);
    return true;
  }

  /**
   * Records a delivery event on an email's ledger entry; a Send event records that SES accepted it (and so makes
   * it `sent`, whatever a claimant recorded), and so does a Delivery, Bounce or Complaint (`ACCEPTING_EVENTS`), which
   * SES sends only for a message it accepted. False when the ledger has no such email.
   */
  async recordDeliveryEvent(
    emailKey: string,
    eventType: string,
    permanent: boolean,
    at: Date,
    messageId?: string,
  ): Promise<boolean> {
    if (eventType === 'Send') return this.recordAcceptance(emailKey, messageId ?? 'unknown', at);
    if (ACCEPTING_EVENTS.has(eventType)) return this.recordSettlingEvent(emailKey, eventType, permanent, at, messageId);
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: this.emailKey(emailKey),
        UpdateExpression:
          'SET deliveryEvents = list_append(if_not_exists(deliveryEvents, :empty), :event), delivery = :delivery',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':empty': [],
          ':event': [{ eventType, permanent, at: at.toISOString() }],
          ':delivery': permanent ? 'failed' : eventType.toLowerCase(),
        },
      }),
    );
  }
}

/**
 * Events SES sends only for a message it accepted: a Delivery, a Bounce or a Complaint settles an email whose Send
 * event was lost (it becomes `sent`, `acceptedAt` is recorded if no Send event recorded it first, and its notices
 * are recorded), so a takeover after the quarantine never sends a second copy of a delivered email.
 */
export const ACCEPTING_EVENTS: ReadonlySet<string> = new Set(['Delivery', 'Bounce', 'Complaint']);

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException'
  );
}
