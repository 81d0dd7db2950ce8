/**
 * Metrics from a run summary: whatever a job reports (sent, failed, unknown, deferred, overdue and due-soon items by
 * obligation, invalid records, data age) becomes embedded-metric-format lines through Powertools Metrics. Only
 * counts: a summary never carries personal data, and nothing but these fields is read from it.
 */
import { DIMENSION, METRIC } from '../observability/metric-names.js';

/** The part of Powertools Metrics used here (a fake records them in tests). */
export interface MetricsSink {
  addDimensions(dimensions: Record<string, string>): unknown;
  addMetric(name: string, unit: 'Count', value: number): unknown;
  singleMetric(): MetricsSink;
  publishStoredMetrics(): unknown;
}

const COUNTS: [keyof typeof METRIC, string][] = [
  ['emailsSent', 'emailsSent'],
  ['emailsAlreadySent', 'alreadySent'],
  ['emailsFailed', 'failed'],
  ['emailsUnknown', 'unknown'],
  ['emailsDeferred', 'deferred'],
  ['emailsUnsettledAfterQuarantine', 'unsettledAfterQuarantine'],
  ['overdueItems', 'overdue'],
  ['recordsRead', 'recordsRead'],
  ['recordsInvalid', 'invalidRecords'],
  ['dataAgeDays', 'dataAgeDays'],
];

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function publishRunMetrics(metrics: MetricsSink, summary: Record<string, unknown>): void {
  const job = typeof summary.job === 'string' ? summary.job : 'unknown';
  metrics.addDimensions({ [DIMENSION.job]: job });
  if (summary.skipped === 'run-in-progress') {
    // Another run holds the job's lock: this one did nothing, and must not count as the day's run.
    metrics.addMetric(METRIC.runSkippedLocked, 'Count', 1);
    metrics.publishStoredMetrics();
    return;
  }
  metrics.addMetric(METRIC.runCompleted, 'Count', 1);
  // In-progress emails are claimed by another process: their fate is not known to this run.
  const unknown =
    isCount(summary.unknown) || isCount(summary.inProgress)
      ? (isCount(summary.unknown) ? summary.unknown : 0) + (isCount(summary.inProgress) ? summary.inProgress : 0)
      : undefined;
  for (const [metric, field] of COUNTS) {
    const value = field === 'unknown' ? unknown : summary[field];
    if (isCount(value)) metrics.addMetric(METRIC[metric], 'Count', value);
  }
  for (const [metric, field] of [
    ['overdueItems', 'overdueByObligation'],
    ['dueSoonItems', 'dueSoonByObligation'],
  ] as const) {
    const byObligation = summary[field];
    if (!byObligation || typeof byObligation !== 'object') continue;
    for (const [obligation, value] of Object.entries(byObligation as Record<string, unknown>)) {
      if (!isCount(value)) continue;
      const single = metrics.singleMetric();
      single.addDimensions({ [DIMENSION.job]: job, [DIMENSION.obligation]: obligation });
      single.addMetric(METRIC[metric], 'Count', value);
    }
  }
  metrics.publishStoredMetrics();
}
