import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { type EmailSender, EmailSendError, type OutgoingEmail } from '../ports/email-sender.js';

/** Errors worth another attempt: throttling, quotas that refill, provider faults, timeouts and network errors. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'TimeoutError',
]);

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string | undefined,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    try {
      const result = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [email.to] },
          ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
              Headers: [
                { Name: 'X-Reminder-Reference', Value: email.reference },
                ...Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
              ],
            },
          },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({
            Name,
            Value: Value.replace(/[^A-Za-z0-9_-]/g, '_'),
          })),
        }),
      );
      if (!result.MessageId) throw new EmailSendError('SES returned no message id', true, 'NoMessageId');
      return { messageId: result.MessageId };
    } catch (error) {
      throw classify(error);
    }
  }
}

export function classify(error: unknown): EmailSendError {
  if (error instanceof EmailSendError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  // No HTTP status at all means the request never got an answer (network, timeout): worth retrying.
  const retryable =
    RETRYABLE.has(name) || status === undefined || status >= 500 || status === 429 || Boolean(e.$retryable);
  return new EmailSendError(`SES ${name}${status ? ` (${status})` : ''}`, retryable, name, { cause: error });
}
