/**
 * A dry run: the jobs plan and render every email of a day exactly as they would, reading the real records and the
 * real ledger (so an item already announced is not announced again), but nothing is claimed, sent or recorded. The
 * emails are collected instead; `deadlines preview` and `{ "asOf", "dryRun": true }` write them to a folder.
 */
import type { EmailSender, OutgoingEmail } from '../ports/email-sender.js';
import type { Claim, EmailIntent, Ledger } from '../ports/ledger.js';
import type { PreviewEmail } from '../ports/preview.js';
import type { DeliveryDeps } from './deliver.js';

export type { PreviewEmail };

/** The ledger as a dry run sees it: every read answered by the real ledger, every write dropped. */
export function readOnlyLedger(real: Ledger, intents: Map<string, EmailIntent>): Ledger {
  return {
    async claimEmail(intent: EmailIntent): Promise<Claim> {
      const status = (await real.emailStatuses([intent.key])).get(intent.key);
      if (status === 'sent' || status === 'sending' || status === 'failed' || status === 'unknown')
        return { claimed: false, status, noticeKeys: [] };
      intents.set(intent.key, intent);
      return { claimed: true, attempt: 1, token: 'dry-run', possibleRepeat: false };
    },
    beginAttempt: async () => true,
    markSent: async () => true,
    markFailed: async () => true,
    recordAcceptance: async () => true,
    suppressedAddresses: (addresses) => real.suppressedAddresses(addresses),
    suppressAddress: async () => {},
    recordNotices: async () => {},
    saveRun: async () => {},
    saveSnapshot: async () => {},
    emailStatuses: (keys) => real.emailStatuses(keys),
    notified: (keys) => real.notified(keys),
    loadSnapshot: (scope, week) => real.loadSnapshot(scope, week),
  };
}

/** Dependencies for a dry run of any job, and the emails it would send, in the order they were planned. */
export function dryRun<D extends DeliveryDeps>(deps: D): { deps: D; emails: PreviewEmail[] } {
  const intents = new Map<string, EmailIntent>();
  const emails: PreviewEmail[] = [];
  const sender: EmailSender = {
    async send(email: OutgoingEmail) {
      const intent = intents.get(email.reference);
      emails.push({
        key: email.reference,
        kind: intent?.kind ?? 'daily-reminder',
        audience: intent?.audience ?? '',
        recipient: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        noticeKeys: intent?.noticeKeys ?? [],
      });
      return { messageId: 'dry-run' };
    },
  };
  return {
    deps: { ...deps, ledger: readOnlyLedger(deps.ledger, intents), sender, throttle: async () => {} },
    emails,
  };
}
