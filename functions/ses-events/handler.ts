/**
 * SES send, bounce, complaint and reject events, delivered through SNS from the configuration set. Only events of
 * this deployment (its configuration set and sender) are acted on.
 */
import type { SNSEvent } from 'aws-lambda';
import { coldStart } from '../../shared/adapters/lambda-runtime.js';
import { logTo } from '../../shared/adapters/compose.js';
import {
  type DeliveryEventSummary,
  type SesEvent,
  handleDeliveryEvents,
  sesEventSchema,
} from '../../shared/use-cases/delivery-events.js';

const runtime = coldStart();
const sink = {
  recordDeliveryEvent: runtime.adapters.ledger.recordDeliveryEvent.bind(runtime.adapters.ledger),
  suppressWorkerAddress: runtime.adapters.store.suppressWorkerAddress.bind(runtime.adapters.store),
  suppressAddress: runtime.adapters.ledger.suppressAddress.bind(runtime.adapters.ledger),
};

export async function handler(event: SNSEvent): Promise<DeliveryEventSummary> {
  const events: SesEvent[] = [];
  for (const record of event.Records ?? []) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      message = undefined;
    }
    const parsed = sesEventSchema.safeParse(message);
    if (parsed.success) events.push(parsed.data);
    else runtime.logger.warn('unrecognised SES event', { messageId: record.Sns.MessageId });
  }
  const summary = await handleDeliveryEvents(events, sink, logTo(runtime.logger), new Date(), {
    configurationSet: runtime.config.SES_CONFIGURATION_SET,
    senderAddress: runtime.config.SENDER_ADDRESS,
  });
  runtime.logger.info('delivery events handled', { summary });
  return summary;
}
