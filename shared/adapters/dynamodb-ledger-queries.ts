/** The ledger read through its indexes (table-design.ts): no scan, whatever the size of the ledger. */
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  EmailOutcome,
  LedgerEmail,
  LedgerQueries,
  UnsettledEmail,
  UnsettledEmails,
} from '../ports/ledger-queries.js';
import { type LedgerIndexName, emailPk } from './table-design.js';

type Item = Record<string, unknown>;

/** The furthest a ledger entry has got, from its status and the SES events recorded on it. */
export function outcomeOf(item: Item): EmailOutcome {
  const events = (item.deliveryEvents as { eventType: string; permanent?: boolean }[] | undefined) ?? [];
  const last = events.at(-1);
  if (events.some((e) => e.eventType === 'Complaint')) return 'complained';
  if (events.some((e) => e.eventType === 'Bounce' && e.permanent)) return 'bounced';
  if (events.some((e) => e.eventType === 'Delivery')) return 'delivered';
  if (last?.eventType === 'Bounce') return 'bounced';
  if (last?.eventType === 'Reject') return 'rejected';
  if (last?.eventType === 'DeliveryDelay') return 'delayed';
  if (item.acceptedAt !== undefined) return 'accepted';
  switch (item.status) {
    case 'sent':
      return 'sent';
    case 'retry':
      return 'retry';
    case 'failed':
      return 'failed';
    default:
      return 'claimed';
  }
}

export function ledgerEmailOf(item: Item): LedgerEmail {
  const text = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
  return {
    key: String(item.emailKey ?? String(item.pk).slice('EMAIL#'.length)),
    kind: text('kind') ?? '',
    asOf: text('asOf') ?? '',
    audience: text('audience') ?? '',
    recipient: text('recipient') ?? '',
    subject: text('subject') ?? '',
    outcome: outcomeOf(item),
    ...(text('claimedAt') ? { claimedAt: text('claimedAt') } : {}),
    ...(text('sentAt') ? { sentAt: text('sentAt') } : {}),
    ...(text('acceptedAt') ? { acceptedAt: text('acceptedAt') } : {}),
    ...(typeof item.attempts === 'number' ? { attempts: item.attempts } : {}),
    ...(text('lastError') ? { lastError: text('lastError') } : {}),
    events: ((item.deliveryEvents as LedgerEmail['events'] | undefined) ?? []).map((e) => ({ ...e })),
    noticeKeys: (item.noticeKeys as string[] | undefined) ?? [],
  };
}

const byTimeThenKey = (a: LedgerEmail, b: LedgerEmail) =>
  (a.claimedAt ?? a.asOf).localeCompare(b.claimedAt ?? b.asOf) || a.key.localeCompare(b.key);

export class DynamoLedgerQueries implements LedgerQueries, UnsettledEmails {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async query(index: LedgerIndexName, attribute: string, value: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': attribute },
          ExpressionAttributeValues: { ':v': value },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private emails(items: Item[]): LedgerEmail[] {
    return items
      .filter((i) => i.sk === 'EMAIL')
      .map(ledgerEmailOf)
      .sort(byTimeThenKey);
  }

  async emailsOnDay(asOf: string): Promise<LedgerEmail[]> {
    return this.emails(await this.query('byDay', 'asOf', asOf));
  }

  /**
   * Emails of the day with no settled outcome: `sending`, `unknown` or `retry`, and no acceptance recorded (a Send,
   * Delivery, Bounce or Complaint event makes an email `sent`; `failed` is final).
   */
  async unsettledOn(asOf: string): Promise<UnsettledEmail[]> {
    const seconds = (v: unknown) => (typeof v === 'number' ? { value: v } : undefined);
    return (await this.query('byDay', 'asOf', asOf))
      .filter(
        (i) =>
          i.sk === 'EMAIL' &&
          i.acceptedAt === undefined &&
          (i.status === 'sending' || i.status === 'unknown' || i.status === 'retry'),
      )
      .map((i) => {
        const unknownSince = seconds(i.unknownSince);
        const attemptedAt = seconds(i.attemptedAt);
        const leaseUntil = seconds(i.leaseUntil);
        return {
          key: String(i.emailKey ?? String(i.pk).slice('EMAIL#'.length)),
          kind: String(i.kind ?? ''),
          asOf,
          status: i.status as UnsettledEmail['status'],
          attempts: typeof i.attempts === 'number' ? i.attempts : 1,
          ...(unknownSince ? { unknownSince: unknownSince.value } : {}),
          ...(attemptedAt ? { attemptedAt: attemptedAt.value } : {}),
          ...(leaseUntil ? { leaseUntil: leaseUntil.value } : {}),
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async emailsTo(audience: string): Promise<LedgerEmail[]> {
    return this.emails(await this.query('byAudience', 'audience', audience));
  }

  async emailsAboutRecord(recordId: string): Promise<LedgerEmail[]> {
    const notices = await this.query('byRecord', 'recordId', recordId);
    const keys = [...new Set(notices.map((n) => String(n.emailKey)))];
    const found: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let requested = keys.slice(i, i + 100).map((k) => ({ pk: emailPk(k), sk: 'EMAIL' }));
      while (requested.length > 0) {
        const result = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: requested } } }),
        );
        found.push(...((result.Responses?.[this.table] ?? []) as Item[]));
        requested = (result.UnprocessedKeys?.[this.table]?.Keys ?? []) as typeof requested;
      }
    }
    return this.emails(found);
  }
}
