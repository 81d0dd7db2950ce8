/**
 * The SES v2 sender. One request per `send`: the client is built with `maxAttempts: 1` (see `sesClientOptions`),
 * because a retry inside the SDK would resend a message SES may already have accepted, and would hold the claim
 * past its lease without the ledger knowing. The use case retries, and only what `classify` says is safe.
 */
import { SendEmailCommand, type SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { headerSafe } from '../domain/header-text.js';
import { type EmailSender, EmailSendError, type OutgoingEmail, type SendErrorKind } from '../ports/email-sender.js';

/** The longest one SES request can take: connecting, then the whole request and its answer. */
export const SES_CONNECTION_TIMEOUT_MS = 3_000;
export const SES_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Client settings for sending: one attempt, and explicit timeouts so that no call can hang past a claim's lease.
 * `throwOnRequestTimeout` matters: without it the handler's `requestTimeout` only logs a warning.
 */
export function sesClientOptions(): Pick<SESv2ClientConfig, 'maxAttempts' | 'requestHandler'> {
  return {
    maxAttempts: 1,
    // The options of the SDK's NodeHttpHandler, which it builds from them.
    requestHandler: {
      connectionTimeout: SES_CONNECTION_TIMEOUT_MS,
      requestTimeout: SES_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
}

export const POSSIBLE_REPEAT_HEADER = 'X-Reminder-Possible-Repeat';
export const REFERENCE_HEADER = 'X-Reminder-Reference';

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string | undefined,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    let result: { MessageId?: string };
    try {
      result = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: headerSafe(this.from),
          Destination: { ToAddresses: [headerSafe(email.to)] },
          ...(email.replyTo ? { ReplyToAddresses: [headerSafe(email.replyTo)] } : {}),
          Content: {
            Simple: {
              // No control character reaches a header: a line break would start a new one (header-text.ts).
              Subject: { Data: headerSafe(email.subject), Charset: 'UTF-8' },
              Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
              Headers: [
                { Name: REFERENCE_HEADER, Value: headerSafe(email.reference) },
                ...(email.possibleRepeat ? [{ Name: POSSIBLE_REPEAT_HEADER, Value: 'true' }] : []),
                ...Object.entries(email.headers ?? {}).map(([Name, Value]) => ({
                  Name: headerSafe(Name),
                  Value: headerSafe(Value),
                })),
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
    } catch (error) {
      throw classify(error);
    }
    // SES answered 200 without an id: it took the request, so whether it will send is not known.
    if (!result.MessageId) throw new EmailSendError('SES returned no message id', 'unknown', 'NoMessageId');
    return { messageId: result.MessageId };
  }
}

/**
 * SES v2 SendEmail's documented errors (API Reference, SendEmail, "Errors"): AccountSuspendedException,
 * BadRequestException, LimitExceededException, MailFromDomainNotVerifiedException, MessageRejected,
 * NotFoundException, SendingPausedException, TooManyRequestsException. As GOV.UK Notify does, the errors that say
 * this message can never be sent are named and recorded as failed; every other refusal is retried. An account that
 * is suspended or paused is retried (by the next run) rather than failing every email of the day for good.
 */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'NotFoundException',
  // SES v1's name for a malformed address, kept for a client built against the older API.
  'InvalidParameterValue',
]);

/** Failures that happen before a request is written: SES cannot have seen it. */
const NOT_WRITTEN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Translates any error from the SES client into an `EmailSendError` (keeping the original as `cause`):
 * - a named permanent error → `permanent`;
 * - an answer SES gave that is not 5xx (throttling 429/400, quota, paused) → `retry`: SES refused it;
 * - no connection made (refused, DNS, the connection timeout) → `retry`: nothing was written;
 * - 5xx, a timeout after connecting, a reset, or any error without an answer → `unknown`: SES may have accepted it.
 */
export function classify(error: unknown): EmailSendError {
  if (error instanceof EmailSendError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  const code = e.code ?? name;
  let kind: SendErrorKind;
  if (PERMANENT_ERRORS.has(name)) kind = 'permanent';
  else if (status !== undefined && status < 500) kind = 'retry';
  else if (status !== undefined) kind = 'unknown';
  else if (NOT_WRITTEN_CODES.has(code) || /did not establish a connection/.test(e.message ?? '')) kind = 'retry';
  else kind = 'unknown';
  return new EmailSendError(`SES ${name}${status ? ` (${status})` : ''}`, kind, code, { cause: error });
}
