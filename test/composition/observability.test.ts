/** Metrics from run summaries: each count under its name, by obligation with a dimension, nothing invented. */
import { describe, expect, it } from 'vitest';
import { type MetricsSink, publishRunMetrics } from '../../shared/composition/observability.js';

class RecordingMetrics implements MetricsSink {
  readonly metrics: { name: string; value: number; dimensions: Record<string, string> }[] = [];
  published = 0;
  private dimensions: Record<string, string> = {};
  constructor(private readonly single = false) {}
  addDimensions(d: Record<string, string>) {
    this.dimensions = { ...this.dimensions, ...d };
  }
  addMetric(name: string, _unit: 'Count', value: number) {
    this.metrics.push({ name, value, dimensions: { ...this.dimensions } });
  }
  singleMetric(): MetricsSink {
    const child = new RecordingMetrics(true);
    child.addMetric = (name, _unit, value) => {
      this.metrics.push({
        name,
        value,
        dimensions: { ...(child as unknown as { dimensions: Record<string, string> }).dimensions },
      });
    };
    return child;
  }
  publishStoredMetrics() {
    if (!this.single) this.published++;
  }
}

describe('publishRunMetrics', () => {
  it('publishes the daily summary: sent, failed, unknown (in progress elsewhere), overdue and due soon by obligation, invalid, data age', () => {
    const m = new RecordingMetrics();
    publishRunMetrics(m, {
      job: 'daily-reminders',
      emailsSent: 7,
      alreadySent: 2,
      failed: 1,
      inProgress: 3,
      overdue: 5,
      overdueByObligation: { visit: 3, review: 2 },
      dueSoonByObligation: { 'health-assessment': 4 },
      recordsRead: 120,
      invalidRecords: 6,
      dataAgeDays: 1,
      workersEmailed: 9,
    });
    const byName = (n: string, d: Record<string, string> = { job: 'daily-reminders' }) =>
      m.metrics.filter((x) => x.name === n && JSON.stringify(x.dimensions) === JSON.stringify(d)).map((x) => x.value);
    expect(byName('RunCompleted')).toEqual([1]);
    expect(byName('EmailsSent')).toEqual([7]);
    expect(byName('EmailsAlreadySent')).toEqual([2]);
    expect(byName('EmailsFailed')).toEqual([1]);
    expect(byName('EmailsUnknown')).toEqual([3]);
    expect(byName('OverdueItems')).toEqual([5]);
    expect(byName('OverdueItems', { job: 'daily-reminders', obligation: 'visit' })).toEqual([3]);
    expect(byName('OverdueItems', { job: 'daily-reminders', obligation: 'review' })).toEqual([2]);
    expect(byName('DueSoonItems', { job: 'daily-reminders', obligation: 'health-assessment' })).toEqual([4]);
    expect(byName('RecordsRead')).toEqual([120]);
    expect(byName('RecordsInvalid')).toEqual([6]);
    expect(byName('DataAgeDays')).toEqual([1]);
    expect(byName('EmailsDeferred')).toEqual([]);
    expect(m.metrics.some((x) => x.name.toLowerCase().includes('worker'))).toBe(false);
    expect(m.published).toBe(1);
  });

  it('adds the exactly-once unknown count to emails in progress; escalations report deferred', () => {
    const m = new RecordingMetrics();
    publishRunMetrics(m, { job: 'escalations', emailsSent: 0, failed: 0, inProgress: 1, unknown: 2, deferred: 11 });
    expect(m.metrics.find((x) => x.name === 'EmailsUnknown')?.value).toBe(3);
    expect(m.metrics.find((x) => x.name === 'EmailsDeferred')).toMatchObject({
      value: 11,
      dimensions: { job: 'escalations' },
    });
  });

  it('the delivery sweep publishes the emails still unsettled after their quarantine, under its own job', () => {
    const m = new RecordingMetrics();
    publishRunMetrics(m, {
      job: 'delivery-sweep',
      emailsSent: 2,
      failed: 0,
      inProgress: 0,
      unknown: 1,
      unsettledAfterQuarantine: 4,
    });
    expect(m.metrics.find((x) => x.name === 'EmailsUnsettledAfterQuarantine')).toEqual({
      name: 'EmailsUnsettledAfterQuarantine',
      value: 4,
      dimensions: { job: 'delivery-sweep' },
    });
  });

  it('a run that found the lock held counts as skipped, not completed', () => {
    const m = new RecordingMetrics();
    publishRunMetrics(m, { job: 'daily-reminders', asOf: '2024-06-03', skipped: 'run-in-progress' });
    expect(m.metrics.map((x) => x.name)).toEqual(['RunSkippedLocked']);
  });
});
