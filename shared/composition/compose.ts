/** The composition root: real adapters wired from configuration. Handlers and the local runner share it. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/env.js';
import type { EmailSender } from '../ports/email-sender.js';
import type { Clock } from '../ports/clock.js';
import { type DeliveryDeps, type Log, rateLimiter } from '../use-cases/deliver.js';
import type { ReminderSettings } from '../use-cases/job-deps.js';
import { DynamoLedger } from '../adapters/dynamodb-ledger.js';
import { DynamoRecordStore } from '../adapters/dynamodb-record-store.js';
import { DynamoRunLock } from '../adapters/dynamodb-run-lock.js';
import { SesEmailSender, sesClientOptions } from '../adapters/ses-email-sender.js';
import { sleep } from '../util/sleep.js';

export interface Adapters {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  ses: SESv2Client;
  store: DynamoRecordStore;
  ledger: DynamoLedger;
  runLock: DynamoRunLock;
  sender: EmailSender;
}

/** Wraps an SDK client (Powertools Tracer's `captureAWSv3Client` in Lambda: every AWS call a traced subsegment). */
export type Instrument = <T>(client: T) => T;

export interface DynamoOptions {
  region: string;
  endpoint?: string | undefined;
  maxAttempts?: number;
  /** Fixed credentials, for the local emulators only; deployed functions use the Lambda role's. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The credentials the local emulators take (local/emulators.ts LOCAL_AWS_ENV): they check none. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * An endpoint on this machine (dynalite, aws-ses-v2-local, s3rver) is reached with the emulators' credentials, so
 * that `--data-dir` and a local `--endpoint` work with no AWS environment at all; any other endpoint (or none, AWS)
 * takes the SDK's credential chain.
 */
export function localCredentials(endpoint: string | undefined): { credentials?: typeof EMULATOR_CREDENTIALS } {
  if (!endpoint) return {};
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return {};
  }
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(host) ? { credentials: EMULATOR_CREDENTIALS } : {};
}

/** The one way a DynamoDB client is built: the functions, the CLI and the local runner all come through here. */
export function createDynamoClients(options: DynamoOptions): { dynamo: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const dynamo = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : localCredentials(options.endpoint)),
  });
  return { dynamo, doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }) };
}

export function createAdapters(config: Config, instrument: Instrument = (c) => c): Adapters {
  const { dynamo, doc } = createDynamoClients({
    region: config.AWS_REGION,
    maxAttempts: 5,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  });
  instrument(dynamo);
  // One attempt per call, with timeouts: the delivery use case owns the (classified) retries; see ses-email-sender.
  const ses = instrument(
    new SESv2Client({
      region: config.AWS_REGION,
      ...sesClientOptions(),
      ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT, ...localCredentials(config.SES_ENDPOINT) } : {}),
    }),
  );
  return {
    dynamo,
    doc,
    ses,
    store: new DynamoRecordStore(doc, config.RECORDS_TABLE),
    ledger: new DynamoLedger(doc, config.LEDGER_TABLE, config.LEDGER_RETENTION_DAYS),
    runLock: new DynamoRunLock(doc, config.LEDGER_TABLE, config.LEDGER_RETENTION_DAYS),
    sender: new SesEmailSender(ses, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET),
  };
}

/** Any structured logger with info/warn/error taking a message and attributes (Powertools, console). */
export function logTo(logger: {
  info(m: string, a: Record<string, unknown>): void;
  warn(m: string, a: Record<string, unknown>): void;
  error(m: string, a: Record<string, unknown>): void;
}): Log {
  return {
    info: (m, extra = {}) => logger.info(m, extra),
    warn: (m, extra = {}) => logger.warn(m, extra),
    error: (m, extra = {}) => logger.error(m, extra),
  };
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A throttle at the configured send rate, never above the SES account's own maximum (SendQuota.MaxSendRate, read
 * once on first use). If the account cannot be read, the configured rate applies and a warning is logged.
 */
export function accountAwareThrottle(
  configured: number,
  ses: SESv2Client,
  log: Log,
  limiterAt: (perSecond: number) => () => Promise<void> = rateLimiter,
): () => Promise<void> {
  let limiter: Promise<() => Promise<void>> | undefined;
  return async () => {
    limiter ??= ses.send(new GetAccountCommand({})).then(
      (account) => {
        const max = account.SendQuota?.MaxSendRate;
        if (!max || max <= 0) return limiterAt(configured);
        return limiterAt(configured > 0 ? Math.min(configured, max) : max);
      },
      (error: Error) => {
        log.warn('could not read the SES account send rate; using the configured rate', { code: error.name });
        return limiterAt(configured);
      },
    );
    return (await limiter)();
  };
}

export function deliveryDeps(
  config: Config,
  adapters: Pick<Adapters, 'ledger' | 'sender' | 'ses'>,
  log: Log,
  clock: Clock = systemClock,
): DeliveryDeps {
  return {
    ledger: adapters.ledger,
    sender: adapters.sender,
    clock,
    log,
    allowedDomains: config.ALLOWED_RECIPIENT_DOMAINS,
    throttle: accountAwareThrottle(config.SEND_RATE_PER_SECOND, adapters.ses, log),
    sleep,
    maxAttempts: config.SEND_MAX_ATTEMPTS,
    // Renewed before each SES attempt; far longer than one attempt can take (deliver.ts), short enough that a
    // crashed run's claims free up for a re-run.
    leaseSeconds: 120,
    quarantineSeconds: config.policy.unknownOutcomeQuarantineHours * 3600,
  };
}

export function reminderSettings(config: Config): ReminderSettings {
  return {
    serviceName: config.SERVICE_NAME,
    caseLinkTemplate: config.CASE_LINK_TEMPLATE,
    scanSegments: config.SCAN_SEGMENTS,
    sendConcurrency: config.SEND_CONCURRENCY,
    serviceRecipients: config.SERVICE_RECIPIENTS,
    ...(config.REPLY_TO_ADDRESS ? { replyTo: config.REPLY_TO_ADDRESS } : {}),
    ...(config.MAILBOX_CONTACT ? { contact: config.MAILBOX_CONTACT } : {}),
    ...(config.WORKLIST_URL ? { worklistUrl: config.WORKLIST_URL } : {}),
  };
}
