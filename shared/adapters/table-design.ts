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
