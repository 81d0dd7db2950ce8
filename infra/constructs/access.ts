/**
 * What each function does with each table, in one table of intent: the actions, and for the ledger the items (by
 * their key prefix, table-design.ts). The infrastructure tests read the synthesised policies against this, and the
 * function tests evaluate every call the code makes on the emulators against the synthesised policies
 * (test/helpers/iam-check.ts): a grant missing here fails those tests, naming the call.
 */
import type { TableAccess, TableAction, TableRole } from './table-binding.js';

const READ_LEDGER: TableAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'];
const WRITE_LEDGER: TableAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
/** Claim, mark, record notices, save the run, hold the run lock; read statuses and notices. */
const sendingJob = (job: string, extra: string[] = []): TableAccess => ({
  actions: [...READ_LEDGER, ...WRITE_LEDGER],
  items: ['EMAIL#*', 'NOTICE#*', `RUN#${job}#*`, `LOCK#${job}*`, ...extra],
});
/** Scan the cases, query the directory. */
const READ_RECORDS: TableAccess = { actions: ['dynamodb:Scan', 'dynamodb:Query'] };

export type FunctionName =
  | 'dailyReminders'
  | 'weeklyDigest'
  | 'escalations'
  | 'syncSchedules'
  | 'sesEvents'
  | 'importSnapshot'
  | 'deliverySweep';

/** The managers' addresses that bounced or complained (`SUPPRESSED#<address>`), read before planning the emails. */
const READ_SUPPRESSED: TableAccess = { actions: ['dynamodb:BatchGetItem'], items: ['SUPPRESSED#*'] };

export const ACCESS: Record<FunctionName, Partial<Record<TableRole, TableAccess | readonly TableAccess[]>>> = {
  dailyReminders: { records: READ_RECORDS, ledger: [sendingJob('daily-reminders'), READ_SUPPRESSED] },
  escalations: { records: READ_RECORDS, ledger: sendingJob('escalations') },
  weeklyDigest: { records: READ_RECORDS, ledger: sendingJob('weekly-digest', ['SNAPSHOT#*']) },
  // Reads the directory's teams; the ledger only for its run lock.
  syncSchedules: {
    records: { actions: ['dynamodb:Query'], items: ['DIRECTORY'] },
    ledger: { actions: ['dynamodb:UpdateItem'], items: ['LOCK#sync-schedules'] },
  },
  // Finds workers by address and flags them; appends delivery events to email entries, records the notices of an
  // email SES accepted, and suppresses a manager's address that bounced or complained. Nothing else.
  sesEvents: {
    records: { actions: ['dynamodb:Query', 'dynamodb:UpdateItem'], items: ['DIRECTORY'] },
    ledger: [
      { actions: ['dynamodb:UpdateItem'], items: ['EMAIL#*'] },
      { actions: ['dynamodb:BatchWriteItem'], items: ['NOTICE#*'] },
      { actions: ['dynamodb:PutItem'], items: ['SUPPRESSED#*'] },
    ],
  },
  // Re-runs the three sending jobs for the emails it found unsettled: their items, its own run lock. Its query of
  // the ledger's byDay index is granted in infra/constructs/delivery-sweep.ts.
  deliverySweep: {
    records: READ_RECORDS,
    ledger: {
      actions: [...READ_LEDGER, ...WRITE_LEDGER],
      items: [
        'EMAIL#*',
        'NOTICE#*',
        'RUN#daily-reminders#*',
        'RUN#escalations#*',
        'RUN#weekly-digest#*',
        'SNAPSHOT#*',
        'LOCK#delivery-sweep',
      ],
    },
  },
  // Replaces the records of a snapshot (closing those it no longer lists) and keeps its import state (pk IMPORT)
  // beside them in the records table: no ledger access at all.
  importSnapshot: {
    records: {
      actions: [
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
      ],
    },
  },
};
