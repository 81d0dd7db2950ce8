/**
 * aws-ses-v2-local has no event destinations. This publishes, for every message it has accepted, the Send event
 * that SES would deliver through the configuration set, to the same delivery-events use case the ses-events
 * function runs.
 */
import type { DeliveryEventSink } from '../shared/ports/delivery-events.js';
import { handleDeliveryEvents } from '../shared/use-cases/delivery-events.js';
import { sentEmails } from './emulators.js';

const quiet = { info() {}, warn() {}, error() {} };

export async function publishSendEvents(sesEndpoint: string, sink: DeliveryEventSink, at: Date): Promise<number> {
  const mail = await sentEmails(sesEndpoint);
  await handleDeliveryEvents(
    mail.map((m) => ({
      eventType: 'Send' as const,
      mail: { messageId: m.messageId, destination: m.destination.to, headers: m.headers ?? [] },
    })),
    sink,
    quiet,
    at,
  );
  return mail.length;
}
