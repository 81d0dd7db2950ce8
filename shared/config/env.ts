/**
 * The functions' configuration: environment variables, validated once at cold start. A missing or wrong value
 * fails the cold start with a message naming the variable, never a run halfway through.
 */
import { AdapterError } from '../adapters/errors.js';
import { z } from 'zod';
import { type Policy, compilePolicy } from '../domain/policy.js';
import { listIssues } from '../domain/validation/issues.js';
import { DEFAULTS } from './defaults.js';

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );

export const envSchema = z.object({
  RECORDS_TABLE: z.string().min(1),
  LEDGER_TABLE: z.string().min(1),
  /** The verified sender, e.g. "Statutory reminders <reminders@example-council.gov.uk>". */
  SENDER_ADDRESS: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Only these domains (and their subdomains) ever receive email. */
  ALLOWED_RECIPIENT_DOMAINS: csv.refine((v) => v.length > 0, 'at least one domain is required'),
  /** Link to a case in the authority's case system; `{id}` is replaced by the record id. */
  CASE_LINK_TEMPLATE: z
    .url()
    .refine((v) => v.includes('{id}') || v.includes('%7Bid%7D'), 'must contain {id}')
    .transform((v) => v.replaceAll('%7Bid%7D', '{id}')),
  SERVICE_NAME: z.string().default(DEFAULTS.serviceName),
  /** A monitored mailbox for replies (Reply-To). Without one, emails say the mailbox is not monitored. */
  REPLY_TO_ADDRESS: z.email().optional(),
  /** Whom emails name as the contact when replies are not read, e.g. "the performance team on 01234 567890". */
  MAILBOX_CONTACT: z.string().min(3).max(200).optional(),
  /** A page listing a caseload in the case system, linked for items not listed in an email. */
  WORKLIST_URL: z.url().optional(),
  /** Heads of service: records naming no known team, and the service-wide digest. */
  SERVICE_RECIPIENTS: csv,
  /** Local policy overrides as JSON (see shared/domain/policy.ts). */
  POLICY_JSON: z.string().default('{}'),
  SCAN_SEGMENTS: z.coerce.number().int().min(1).max(64).default(DEFAULTS.scanSegments),
  SEND_RATE_PER_SECOND: z.coerce.number().min(0).max(1000).default(DEFAULTS.sendRatePerSecond),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  LEDGER_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(DEFAULTS.ledgerRetentionDays),
  AWS_REGION: z.string().default('eu-west-2'),
  /** Endpoint overrides for local runs and tests (dynalite, aws-ses-v2-local). Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
});

export type Env = z.output<typeof envSchema>;

export interface Config extends Env {
  policy: Policy;
}

/** The configuration layer's one error: names the variable, keeps what went wrong underneath as `cause`. */
export class ConfigError extends AdapterError {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${listIssues(parsed.error, env).join('; ')}`, {
      cause: parsed.error,
    });
  }
  let policyInput: unknown;
  try {
    policyInput = JSON.parse(parsed.data.POLICY_JSON);
  } catch (error) {
    throw new ConfigError('Invalid configuration: POLICY_JSON is not valid JSON', { cause: error });
  }
  try {
    return { ...parsed.data, policy: compilePolicy(policyInput) };
  } catch (error) {
    throw new ConfigError(`Invalid configuration: POLICY_JSON: ${(error as Error).message}`, { cause: error });
  }
}
