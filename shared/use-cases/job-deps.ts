/** What every scheduled job (daily reminders, weekly digest, escalations) is given: ports, policy and settings. */
import type { Policy } from '../domain/policy.js';
import type { RecordStore } from '../ports/record-store.js';
import type { DeliveryDeps } from './deliver.js';
import type { Timings } from './evaluate-caseload.js';

export interface ReminderSettings {
  serviceName: string;
  caseLinkTemplate: string;
  scanSegments: number;
  sendConcurrency: number;
  /** Heads of service: told about records that name no known team. */
  serviceRecipients: readonly string[];
  /** A monitored mailbox for replies; without one, emails say the mailbox is not monitored and whom to contact. */
  replyTo?: string;
  /** Who to contact when replies are not read, e.g. "the performance team (performance@council.gov.uk)". */
  contact?: string;
  /** A page listing a worker's or team's caseload in the case system (default: the case system's home page). */
  worklistUrl?: string;
}

/** The dependencies of a job run, passed in by its handler (or a test, the CLI or the bench). */
export interface DailyDeps extends DeliveryDeps {
  store: RecordStore;
  policy: Policy;
  settings: ReminderSettings;
  runId: string;
  /** Filled with where the time went, when given. */
  timings?: Timings;
}
