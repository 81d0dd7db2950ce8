/**
 * Everything a platform engineer sets for one deployment, in one place, validated at synth: a missing or wrong
 * value fails `cdk synth` with a message naming it. Stage files live in infra/config/stages/<stage>.json.
 */
import { recipientAllowed } from '../../shared/domain/recipients.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULTS } from '../../shared/config/defaults.js';
import { PolicyError, compilePolicy } from '../../shared/domain/policy.js';
import { listIssues } from '../../shared/domain/validation/issues.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour, Europe/London)');
const domain = z
  .string()
  .regex(/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'a lower-case domain name');
const email = z.email();
const LOG_RETENTION_DAYS = [
  30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const stageConfigSchema = z
  .object({
    /** The stage's name: part of every stack and resource name (`StatutoryDeadlines-<stage>-…`). */
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'lower-case letters, digits and dashes'),
    /** The AWS account to deploy to. */
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    /** The AWS region to deploy to (SES must be out of the sandbox there). */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-2'),
    /** The verified SES domain identity the emails are sent from (DKIM, SPF and DMARC set up). */
    senderDomain: domain,
    /** The From address, inside senderDomain, e.g. "Statutory reminders <reminders@example-council.gov.uk>". */
    senderAddress: z.string().min(3),
    /** Only these domains (and subdomains) ever receive email. */
    allowedRecipientDomains: z.array(domain).min(1),
    /** Link to a case in the case-management system; {id} is replaced by the record id. */
    caseLinkTemplate: z
      .url({ protocol: /^https$/ })
      .refine((v) => v.includes('{id}') || v.includes('%7Bid%7D'), 'must contain {id}'),
    /** The service's name as it appears in every email. */
    serviceName: z.string().min(1).max(120).default(DEFAULTS.serviceName),
    /** A monitored mailbox for replies (Reply-To), in allowedRecipientDomains; else "not monitored". */
    replyToAddress: email.optional(),
    /** Whom emails name when replies are not read, e.g. "the performance team on 01234 567890". */
    mailboxContact: z.string().trim().min(3).max(200).optional(),
    /** A page listing a caseload in the case system, linked for the items an email does not list. */
    worklistUrl: z.url({ protocol: /^https$/ }).optional(),
    /** Heads of service: the service-wide digest, escalations past the second threshold, records with no team. */
    serviceRecipients: z.array(email).default([]),
    /** Where alarms go. */
    alarmEmail: email,
    schedules: z
      .object({
        /** Daily reminders, every day (the job itself skips weekends and bank holidays). */
        dailyReminders: hhmm.default('07:00'),
        /** Escalations, after the daily reminders (HH:MM, Europe/London). */
        escalations: hhmm.default('07:30'),
        /** Sync of per-team digest schedules from the team items. */
        syncSchedules: hhmm.default('06:00'),
        serviceDigest: z
          .object({
            /** Service-wide digest: day of the week, 1 = Monday … 7 = Sunday. */
            day: z.number().int().min(1).max(7).default(1),
            /** Service-wide digest: time (HH:MM, Europe/London). */
            time: hhmm.default('08:00'),
          })
          .default({ day: 1, time: '08:00' }),
      })
      .strict()
      .default({
        dailyReminders: '07:00',
        escalations: '07:30',
        syncSchedules: '06:00',
        serviceDigest: { day: 1, time: '08:00' },
      }),
    /** Local policy overrides (see shared/domain/policy.ts); validated by the same schema the functions use. */
    policy: z.record(z.string(), z.unknown()).default({}),
    /** Days the functions' logs are kept (one of CloudWatch Logs' retention periods). */
    logRetentionDays: z
      .number()
      .int()
      .refine(
        (d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d),
        `one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      )
      .default(365),
    /** Days each ledger entry (email, notice, run) is kept as evidence before TTL removes it. */
    ledgerRetentionDays: z.number().int().min(30).max(3650).default(DEFAULTS.ledgerRetentionDays),
    /** Parallel scan segments for the daily run (more for a larger caseload). */
    scanSegments: z.number().int().min(1).max(64).default(DEFAULTS.scanSegments),
    /** At most this many emails a second (never above the SES account's own maximum). */
    sendRatePerSecond: z.number().min(1).max(1000).default(DEFAULTS.sendRatePerSecond),
    /** Snapshot files uploaded to the import bucket are deleted after this many days (all versions). */
    importRetentionDays: z.number().int().min(1).max(365).default(30),
    /** Alarm when the daily run reports records older than this many days (a missed import). */
    staleDataAfterDays: z.number().int().min(1).max(30).default(4),
    /** Alarm when the SES complaint rate exceeds this fraction (SES reviews accounts above 0.1%). */
    complaintRateAlarm: z.number().min(0.0001).max(0.01).default(0.001),
  })
  .strict()
  .superRefine((c, ctx) => {
    const from = /<([^>]+)>\s*$/.exec(c.senderAddress)?.[1] ?? c.senderAddress;
    if (!from.toLowerCase().endsWith(`@${c.senderDomain}`))
      ctx.addIssue({ code: 'custom', path: ['senderAddress'], message: `must be an address at ${c.senderDomain}` });
    for (const [i, r] of c.serviceRecipients.entries()) {
      if (!recipientAllowed(r, c.allowedRecipientDomains))
        ctx.addIssue({ code: 'custom', path: ['serviceRecipients', i], message: 'is not in allowedRecipientDomains' });
    }
    if (c.replyToAddress && !recipientAllowed(c.replyToAddress, c.allowedRecipientDomains))
      ctx.addIssue({ code: 'custom', path: ['replyToAddress'], message: 'is not in allowedRecipientDomains' });
    if (c.replyToAddress && c.mailboxContact)
      ctx.addIssue({
        code: 'custom',
        path: ['mailboxContact'],
        message: 'is only shown when replies are not read: set replyToAddress or mailboxContact, not both',
      });
    try {
      compilePolicy(c.policy);
    } catch (error) {
      if (error instanceof PolicyError) ctx.addIssue({ code: 'custom', path: ['policy'], message: error.message });
      else throw error;
    }
  });

export type StageConfig = z.output<typeof stageConfigSchema>;

/** The infrastructure layer's one error: a stage configuration that cannot be used; the cause is kept. */
export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

export function parseStageConfig(raw: unknown, source: string): StageConfig {
  const parsed = stageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StageConfigError(
      `Invalid stage configuration in ${source}:\n${listIssues(parsed.error, raw)
        .map((line) => `  - ${line}`)
        .join('\n')}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

export function loadStageConfig(stage: string): StageConfig {
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(stage)) throw new StageConfigError(`Unknown stage name ${JSON.stringify(stage)}`);
  const file = fileURLToPath(new URL(`./stages/${stage}.json`, import.meta.url));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StageConfigError(`Cannot read stage configuration ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseStageConfig(raw, file);
}

/** The snapshot upload bucket's name: fixed per stage and account, so the service stack needs no reference to it. */
export const importBucketName = (config: Pick<StageConfig, 'stage' | 'account' | 'region'>) =>
  `statutory-deadlines-${config.stage}-imports-${config.account}-${config.region}`;
