/**
 * The product's CloudWatch metrics: one namespace, published by every run from its summary (embedded metric
 * format, so no PutMetricData call and no extra permission). The dashboard and the alarms (infra) read the same
 * names from here, so a renamed metric cannot leave an alarm watching nothing.
 */
export const METRIC_NAMESPACE = 'StatutoryDeadlines';
export const METRIC_SERVICE = 'statutory-deadlines';

export const METRIC = {
  /** 1 for every run that finished (a skipped non-working day included): the "did it run" signal. */
  runCompleted: 'RunCompleted',
  /** A run that found another run of the same job holding the lock, and did nothing. */
  runSkippedLocked: 'RunSkippedLocked',
  emailsSent: 'EmailsSent',
  emailsAlreadySent: 'EmailsAlreadySent',
  emailsFailed: 'EmailsFailed',
  /** Emails whose fate is not known yet (claimed elsewhere, or sent with no answer recorded). */
  emailsUnknown: 'EmailsUnknown',
  /** Emails the delivery sweep found still unsettled after their quarantine: the "emails unsettled" alarm. */
  emailsUnsettledAfterQuarantine: 'EmailsUnsettledAfterQuarantine',
  /** Escalations held back by the daily limit per recipient. */
  emailsDeferred: 'EmailsDeferred',
  overdueItems: 'OverdueItems',
  dueSoonItems: 'DueSoonItems',
  recordsRead: 'RecordsRead',
  recordsInvalid: 'RecordsInvalid',
  /** Days since the records were last imported (from the run summary's `dataAgeDays`). */
  dataAgeDays: 'DataAgeDays',
  /** Imports refused (a snapshot that failed its checks) and imports that failed outright. */
  importsRefused: 'ImportsRefused',
  importsFailed: 'ImportsFailed',
} as const;

/** Dimensions: every metric carries `service` and `job`; the by-obligation ones add `obligation`. */
export const DIMENSION = { service: 'service', job: 'job', obligation: 'obligation' } as const;
