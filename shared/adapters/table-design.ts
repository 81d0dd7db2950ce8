import { unescapeKeyPart } from '../domain/ledger-key.js';
/**
 * The two tables, shared by the CDK stacks and the local setup so that both build the same thing.
 *
 * Records table (scanned by the daily job; holds only what it needs):
 *   case    pk = CASE#<recordId>   sk = CASE             the canonical record's fields, plus entity = "case"
 *   worker  pk = DIRECTORY         sk = WORKER#<id>      id, name, email, teamId, active, emailSuppressed
 *   team    pk = DIRECTORY         sk = TEAM#<id>        id, name, managerEmails, digestDay, digestTime
 * Access: parallel Scan filtered on entity = case (daily run, digest); Query pk = DIRECTORY (directory);
 * GetItem / BatchWrite by key (import, bounce handling).
 *
 * Ledger table (never scanned by the daily job; every item carries `expiresAt` for TTL):
 *   email    pk = EMAIL#<emailKey>                  sk = EMAIL      intent, status, attempts, messageId, sentAt
 *   notice   pk = NOTICE#<noticeKey>                sk = NOTICE     which email announced an item at a stage
 *   run      pk = RUN#<job>#<asOf>                  sk = <startedAt>#<runId>   the run summary
 *   snapshot pk = SNAPSHOT#<scope>                 sk = <weekStarting>        a team's weekly figures
 *   address  pk = SUPPRESSED#<address>             sk = ADDRESS    a manager's address that bounced or complained
 * Email and notice keys are parts joined by `#`, each part escaped (`%`, `#`, `:`, whitespace as `%XX`; see
 * shared/domain/ledger-key.ts), so no id can make two keys equal; keys of plain ids read as they always did.
 * Access: conditional UpdateItem to claim an email; BatchGet notices; Query runs by job and day.
 */
export const KEY = { partition: 'pk', sort: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';
export const DIRECTORY_PK = 'DIRECTORY';

export const casePk = (id: string) => `CASE#${id}`;
export const emailPk = (key: string) => `EMAIL#${key}`;
export const noticePk = (key: string) => `NOTICE#${key}`;
export const snapshotPk = (scope: string) => `SNAPSHOT#${scope}`;
export const suppressedPk = (address: string) => `SUPPRESSED#${address.toLowerCase()}`;
export const runPk = (job: string, asOf: string) => `RUN#${job}#${asOf}`;

/**
 * Ledger indexes for reading the evidence without a scan (`deadlines ledger`):
 *   byDay      asOf     / pk     every email (and run) of a day
 *   byAudience audience / asOf   every email to one worker (`worker:<id>`), team or the service
 *   byRecord   recordId / at     every notice about one child's record, each naming its email
 * All project every attribute: the ledger is small and read rarely; a reader needs the whole entry.
 */
export const LEDGER_INDEXES = [
  { name: 'byDay', partition: 'asOf', sort: 'pk' },
  { name: 'byAudience', partition: 'audience', sort: 'asOf' },
  { name: 'byRecord', partition: 'recordId', sort: 'at' },
] as const;
export type LedgerIndexName = (typeof LEDGER_INDEXES)[number]['name'];

/** One run of a job at a time: the lock item of a job (and, for the digest, its scope). */
export const runLockPk = (name: string) => `LOCK#${name}`;

/** The record id inside a notice key (`notice#<audience>#<recordId>#…`) or finding key (`finding#…`). */
export function recordIdOfNoticeKey(key: string): string | undefined {
  const part = key.split('#')[2];
  const id = part === undefined ? undefined : unescapeKeyPart(part);
  return id && id !== 'unidentified' ? id : undefined;
}

/**
 * The first segment of every ledger partition key each kind of access touches: IAM grants on the ledger are
 * conditioned on these (`dynamodb:LeadingKeys`), so a function reaches only the items it uses.
 */
export const LEDGER_KEY_PREFIX = {
  email: 'EMAIL#',
  notice: 'NOTICE#',
  run: 'RUN#',
  snapshot: 'SNAPSHOT#',
  lock: 'LOCK#',
} as const;
