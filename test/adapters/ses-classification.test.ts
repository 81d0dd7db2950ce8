/** What each SES outcome means for the caller (retry, record as failed, or wait: unknown), with its cause kept. */
import { describe, expect, it } from 'vitest';
import { PERMANENT_ERRORS, classify } from '../../shared/adapters/ses-email-sender.js';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}), ...extra });

describe('classify (SES v2 SendEmail errors)', () => {
  it.each([
    // Named permanent errors: this message can never be sent.
    ['MessageRejected', sdkError('MessageRejected', 400), 'permanent'],
    ['MailFromDomainNotVerifiedException', sdkError('MailFromDomainNotVerifiedException', 400), 'permanent'],
    ['BadRequestException', sdkError('BadRequestException', 400), 'permanent'],
    ['NotFoundException', sdkError('NotFoundException', 404), 'permanent'],
    ['InvalidParameterValue (SES v1)', sdkError('InvalidParameterValue', 400), 'permanent'],
    // SES answered and refused: nothing was accepted, another attempt is safe.
    ['TooManyRequestsException', sdkError('TooManyRequestsException', 429), 'retry'],
    ['ThrottlingException', sdkError('ThrottlingException', 400), 'retry'],
    ['LimitExceededException', sdkError('LimitExceededException', 400), 'retry'],
    ['SendingPausedException', sdkError('SendingPausedException', 400), 'retry'],
    ['AccountSuspendedException', sdkError('AccountSuspendedException', 400), 'retry'],
    // No connection was made: nothing was written.
    ['connection refused', sdkError('Error', undefined, { code: 'ECONNREFUSED' }), 'retry'],
    ['DNS failure', sdkError('Error', undefined, { code: 'ENOTFOUND' }), 'retry'],
    [
      'connection timeout',
      Object.assign(new Error('the request socket did not establish a connection with the server within 3000 ms'), {
        name: 'TimeoutError',
      }),
      'retry',
    ],
    // The request was written and no answer came back: SES may have accepted it.
    ['request timeout', sdkError('TimeoutError', undefined, { code: 'ETIMEDOUT' }), 'unknown'],
    ['connection reset', sdkError('Error', undefined, { code: 'ECONNRESET' }), 'unknown'],
    ['InternalFailure 500', sdkError('InternalFailure', 500), 'unknown'],
    ['ServiceUnavailable 503', sdkError('ServiceUnavailable', 503), 'unknown'],
    ['an error with no answer at all', new Error('something odd'), 'unknown'],
  ] as const)('%s → %s', (_label, error, kind) => {
    const classified = classify(error);
    expect(classified.kind).toBe(kind);
    expect(classified.retryable).toBe(kind === 'retry');
    expect(classified.cause).toBe(error);
  });

  it('names exactly the permanent errors', () => {
    expect([...PERMANENT_ERRORS].sort()).toEqual([
      'BadRequestException',
      'InvalidParameterValue',
      'MailFromDomainNotVerifiedException',
      'MessageRejected',
      'NotFoundException',
    ]);
  });
});
