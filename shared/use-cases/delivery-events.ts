/**
 * SES delivery events from the configuration set's event destination.
 * - A Send event means SES accepted the message: the ledger records it, so a run that died between SES accepting
 *   and the ledger marking the email sent is never sent again (see deliver.ts).
 * - A permanent bounce or a complaint marks the worker's address as failing (`emailSuppressed`): nothing more is
 *   sent to it until someone fixes the address and clears the flag, and from the next morning the worker's cases
 *   reach the team manager as "worker email address is bouncing", so the manager knows reminders are not arriving.
 * - The ledger entry of the email (found by its reference header) records the event: evidence that it did not
 *   arrive.
 * - Transient bounces are only recorded (as acceptance: SES took the message).
 * - A Delivery, Bounce or Complaint counts as acceptance, as a Send event does: an email left `unknown` whose Send
 *   event was lost is settled by it, and is never sent again after the quarantine.
 * - An event from another deployment (its configuration set or its sender differs from this one's) is rejected:
 *   it must neither mark one of our emails sent nor suppress an address. A Send event for an email the ledger
 *   never saw is logged (its SES message id) and ignored.
 */
import { z } from 'zod';
import type { DeliveryEventSink } from '../ports/delivery-events.js';
import { type Log, deliveryLog } from '../observability/redaction.js';

export const sesEventSchema = z
  .object({
    eventType: z.enum([
      'Bounce',
      'Complaint',
      'Reject',
      'Delivery',
      'Send',
      'DeliveryDelay',
      'Open',
      'Click',
      'Rendering Failure',
      'Subscription',
    ]),
    mail: z
      .object({
        messageId: z.string().optional(),
        source: z.string().optional(),
        tags: z.record(z.string(), z.array(z.string())).optional(),
        destination: z.array(z.string()).default([]),
        headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
      })
      .loose(),
    bounce: z
      .object({
        bounceType: z.string(),
        bouncedRecipients: z.array(z.object({ emailAddress: z.string() }).loose()).default([]),
      })
      .loose()
      .optional(),
    complaint: z
      .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() }).loose()).default([]) })
      .loose()
      .optional(),
  })
  .loose();

export type SesEvent = z.output<typeof sesEventSchema>;

export interface DeliveryEventSummary {
  events: number;
  suppressedAddresses: number;
  recorded: number;
  ignored: number;
  /** Events from another deployment (configuration set or sender). */
  rejected: number;
  /** Send events for emails this ledger never saw. */
  unknownEmails: number;
}

/** What an event must carry to be this deployment's: its configuration set and its sender address. */
export interface DeploymentIdentity {
  configurationSet: string | undefined;
  senderAddress: string;
}

const addressOf = (source: string) => (/<([^>]+)>/.exec(source)?.[1] ?? source).trim().toLowerCase();

/** Why an event is not this deployment's, or undefined when it is. */
export function foreignReason(event: SesEvent, identity: DeploymentIdentity): string | undefined {
  if (identity.configurationSet !== undefined) {
    const sets = event.mail.tags?.['ses:configuration-set'] ?? [];
    if (!sets.includes(identity.configurationSet)) return 'configuration set does not match';
  }
  if (event.mail.source === undefined || addressOf(event.mail.source) !== addressOf(identity.senderAddress))
    return 'source does not match';
  return undefined;
}

export async function handleDeliveryEvents(
  events: SesEvent[],
  sink: DeliveryEventSink,
  rawLog: Log,
  at: Date,
  identity?: DeploymentIdentity,
): Promise<DeliveryEventSummary> {
  const log = deliveryLog(rawLog);
  const summary: DeliveryEventSummary = {
    events: events.length,
    suppressedAddresses: 0,
    recorded: 0,
    ignored: 0,
    rejected: 0,
    unknownEmails: 0,
  };
  for (const event of events) {
    const foreign = identity ? foreignReason(event, identity) : undefined;
    if (foreign) {
      summary.rejected++;
      log.warn('SES event rejected: not from this deployment', {
        reason: foreign,
        eventType: event.eventType,
        messageId: event.mail.messageId,
      });
      continue;
    }
    const reference = event.mail.headers.find((h) => h.name.toLowerCase() === 'x-reminder-reference')?.value;
    const permanent =
      (event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent') || event.eventType === 'Complaint';
    if (event.eventType === 'Send') {
      if (reference && (await sink.recordDeliveryEvent(reference, 'Send', false, at, event.mail.messageId))) {
        summary.recorded++;
      } else {
        summary.ignored++;
        summary.unknownEmails++;
        log.warn('Send event for an email the ledger never saw: ignored', {
          messageId: event.mail.messageId,
          ...(reference ? { emailKey: reference } : {}),
        });
      }
      continue;
    }
    // Delivery and DeliveryDelay are recorded too: the ledger proves arrival, not only acceptance. A Delivery, Bounce
    // or Complaint also settles an email whose Send event was lost: SES sends them only for a message it accepted.
    if (!['Bounce', 'Complaint', 'Reject', 'Delivery', 'DeliveryDelay'].includes(event.eventType)) {
      summary.ignored++;
      continue;
    }
    if (reference && (await sink.recordDeliveryEvent(reference, event.eventType, permanent, at, event.mail.messageId)))
      summary.recorded++;
    if (permanent) {
      const addresses =
        event.eventType === 'Complaint'
          ? (event.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress)
          : (event.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress);
      for (const address of addresses.length ? addresses : event.mail.destination) {
        const workers = await sink.suppressWorkerAddress(address, at);
        summary.suppressedAddresses += workers.length;
        // Not a worker's: a manager's (or a head of service's) address. Their emails are rerouted from tomorrow.
        if (workers.length === 0 && sink.suppressAddress) {
          await sink.suppressAddress(address, event.eventType, at);
          summary.suppressedAddresses++;
        }
        // Worker ids, never addresses or names, in logs.
        log.warn('worker email address suppressed after a delivery failure', {
          eventType: event.eventType,
          ...(reference ? { emailKey: reference } : {}),
          workerIds: workers,
        });
      }
    }
  }
  return summary;
}
