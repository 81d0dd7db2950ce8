/**
 * Import: triggered when the council's nightly export lands in the data bucket (S3 "object created", as an S3
 * event notification or through EventBridge). A `.jsonl` object under `snapshots/` is a snapshot in the canonical
 * format; a `manifest.json` (written last) completes a folder of SSD CSV tables, which is downloaded and converted.
 * Both run the same snapshot import as `deadlines import` (shared/use-cases/import-snapshot.ts), for the whole
 * authority. Other objects are ignored (shared/domain/import/trigger.ts), and so is an object no newer than the
 * last complete import's (a redelivered or out-of-order event): neither changes the import state.
 *
 * Wiring (for the infrastructure):
 *   environment  RECORDS_TABLE (required); LEDGER_RETENTION_DAYS (TTL of closed records, default 2190);
 *                IMPORT_MAX_SHRINK_PERCENT (10); IMPORT_MAX_REJECTED_PERCENT (5);
 *                IMPORT_MAX_CLOSED_WEEK_PERCENT (20); SSD_VALUE_MAP_JSON (the council's --map, optional);
 *                POLICY_JSON (its noTeamId: the team for SSD cases with no team);
 *                POWERTOOLS_METRICS_NAMESPACE (default StatutoryDeadlines).
 *                DYNAMODB_ENDPOINT and S3_ENDPOINT are for local runs only.
 *   table        the records table needs TTL on `expiresAt` (closed records expire after the retention period).
 *   permissions  records table: dynamodb:Scan, Query, GetItem, PutItem, UpdateItem, BatchWriteItem;
 *                bucket: s3:GetObject and s3:ListBucket (grantRead), and kms:Decrypt on the council's key.
 *   trigger      object created in the bucket: `snapshots/…/<name>.jsonl` or `<folder>/manifest.json`; async, with the function's
 *                on-failure destination (a retried refusal is refused again and changes nothing).
 *   signals      a refused or failed import throws (Lambda Errors metric) and logs one line at ERROR with
 *                `"importOutcome": "refused"` or `"failed"`; metrics in the namespace, dimension service:
 *                ImportsRefused, ImportsFailed (shared/observability/metric-names.ts), ImportCompleted (count),
 *                ImportedCases, ClosedCases, RejectedLines, dimension job=import-snapshot. The alarm: a refused or
 *                failed import. The daily run's summary carries
 *                `dataAgeDays` and `staleData` (true when older than the policy's staleDataDays or the latest
 *                import was refused or failed): alarm on the log line `daily reminders run` with
 *                `$.summary.staleData IS TRUE`.
 */
import { UseCaseError } from '../../shared/use-cases/errors.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { DIMENSION, METRIC, METRIC_NAMESPACE, METRIC_SERVICE } from '../../shared/observability/metric-names.js';
import { describeAwsError } from '../../shared/adapters/aws-errors.js';
import { createDynamoClients } from '../../shared/composition/compose.js';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb-record-store.js';
import { S3SnapshotSource, createS3Client } from '../../shared/adapters/s3-snapshot-source.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { scopeKey } from '../../shared/domain/import/snapshot-policy.js';
import { SNAPSHOT_PREFIX, isStale, snapshotKind } from '../../shared/domain/import/trigger.js';
import {
  type ImportReport,
  type SnapshotSource,
  importSnapshot,
  recordImportFailure,
} from '../../shared/use-cases/import-snapshot.js';
import { ssdSnapshot } from '../../shared/use-cases/snapshot-input.js';
import { DEFAULTS } from '../../shared/config/defaults.js';

const envSchema = z.object({
  RECORDS_TABLE: z.string().min(1),
  LEDGER_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(DEFAULTS.ledgerRetentionDays),
  IMPORT_MAX_SHRINK_PERCENT: z.coerce.number().min(0).max(100).default(10),
  IMPORT_MAX_REJECTED_PERCENT: z.coerce.number().min(0).max(100).default(5),
  IMPORT_MAX_CLOSED_WEEK_PERCENT: z.coerce.number().min(0).max(100).default(20),
  SSD_VALUE_MAP_JSON: z.string().optional(),
  POLICY_JSON: z.string().default('{}'),
  AWS_REGION: z.string().default('eu-west-2'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  POWERTOOLS_METRICS_NAMESPACE: z.string().default(METRIC_NAMESPACE),
});

/** S3 event notifications (keys URL-encoded, `+` for spaces) or EventBridge "Object Created" events. */
const s3NotificationSchema = z.object({
  Records: z.array(
    z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) }),
  ),
});
const eventBridgeSchema = z.object({
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

export function objectsOf(event: unknown): { bucket: string; key: string }[] {
  const notification = s3NotificationSchema.safeParse(event);
  if (notification.success)
    return notification.data.Records.map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
    }));
  const bridged = eventBridgeSchema.safeParse(event);
  if (bridged.success) return [{ bucket: bridged.data.detail.bucket.name, key: bridged.data.detail.object.key }];
  throw new Error('not an S3 object-created event');
}

/** Thrown so that the function's error metric, retries and on-failure destination see a refused snapshot. */
export class ImportRefusedError extends UseCaseError {
  override readonly name = 'ImportRefusedError';
}

const env = envSchema.parse(process.env);
const logger = new Logger({ serviceName: 'statutory-deadlines' });
const metrics = new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE, serviceName: METRIC_SERVICE });
metrics.setDefaultDimensions({ [DIMENSION.job]: 'import-snapshot' });
const { doc } = createDynamoClients({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT, maxAttempts: 8 });
const store = new DynamoRecordStore(doc, env.RECORDS_TABLE);
const objects = new S3SnapshotSource(createS3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT }));
const valueMap = env.SSD_VALUE_MAP_JSON ? (JSON.parse(env.SSD_VALUE_MAP_JSON) as unknown) : undefined;
/** The team SSD cases with no team are given (policy `noTeamId`). */
const { noTeamId } = compilePolicy(JSON.parse(env.POLICY_JSON) as unknown);

export type ImportResult = ImportReport | { skipped: string };

/** A redelivered or out-of-order event: the object is no newer than the snapshot in force. Nothing is recorded. */
async function alreadyImported(bucket: string, key: string): Promise<boolean> {
  const lastComplete = (await store.readImportStates()).find((s) => s.scope === scopeKey(undefined))?.lastComplete;
  if (!lastComplete) return false;
  const uploadedAt = await objects.uploadedAt(bucket, key);
  if (!uploadedAt) return false;
  const sourceUploadedAt =
    lastComplete.source === key ? uploadedAt : await objects.uploadedAt(bucket, lastComplete.source);
  const stale = isStale({ key, uploadedAt }, { ...lastComplete, ...(sourceUploadedAt ? { sourceUploadedAt } : {}) });
  if (stale)
    logger.info('object ignored: no newer than the last complete import', { key, source: lastComplete.source });
  return stale;
}

export async function handler(event: unknown): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  try {
    for (const { bucket, key } of objectsOf(event)) results.push(await importObject(bucket, key));
  } finally {
    metrics.publishStoredMetrics();
  }
  return results;
}

async function importObject(bucket: string, key: string): Promise<ImportResult> {
  const kind = snapshotKind(key);
  if (!kind) {
    logger.info(`object ignored: not a .jsonl snapshot under ${SNAPSHOT_PREFIX} or an SSD folder's manifest.json`, {
      key,
    });
    return { skipped: key };
  }
  if (await alreadyImported(bucket, key)) return { skipped: key };
  const isJsonl = kind === 'jsonl';
  let workDir: string | undefined;
  let rejectedLines = 0;
  try {
    let source: SnapshotSource;
    if (isJsonl) source = { name: key, lines: objects.lines(bucket, key) };
    else {
      try {
        workDir = await mkdtemp(join(tmpdir(), 'ssd-'));
        await objects.downloadFolder(bucket, key, workDir);
        source = await ssdSnapshot(workDir, {
          asOf: londonDateOf(new Date()),
          name: key,
          noTeamId,
          ...(valueMap !== undefined ? { map: valueMap } : {}),
        });
      } catch (error) {
        await recordImportFailure(store, new Date(), key, error);
        throw error;
      }
    }
    const report = await importSnapshot(
      source,
      {
        store,
        clock: { now: () => new Date() },
        onRejected: (r) => {
          // Ids, line numbers and field names only: never values.
          if (++rejectedLines <= 50) logger.warn('line rejected', { key, ...r });
        },
      },
      {
        retentionDays: env.LEDGER_RETENTION_DAYS,
        thresholds: {
          maxShrinkPercent: env.IMPORT_MAX_SHRINK_PERCENT,
          maxRejectedPercent: env.IMPORT_MAX_REJECTED_PERCENT,
          maxClosedWeekPercent: env.IMPORT_MAX_CLOSED_WEEK_PERCENT,
        },
      },
    );
    metrics.addMetric('RejectedLines', MetricUnit.Count, report.counts.rejected);
    if (report.outcome === 'refused') {
      metrics.addMetric(METRIC.importsRefused, MetricUnit.Count, 1);
      logger.error('import refused', { importOutcome: 'refused', key, reason: report.reason, counts: report.counts });
      throw new ImportRefusedError(
        `import of ${key} refused: ${report.reason} (to apply it: deadlines import --accept-shrink)`,
      );
    }
    metrics.addMetric('ImportCompleted', MetricUnit.Count, 1);
    metrics.addMetric('ImportedCases', MetricUnit.Count, report.counts.cases);
    metrics.addMetric('ClosedCases', MetricUnit.Count, report.closed);
    logger.info('import complete', { importOutcome: 'complete', key, report });
    return report;
  } catch (error) {
    if (!(error instanceof ImportRefusedError)) {
      metrics.addMetric(METRIC.importsFailed, MetricUnit.Count, 1);
      const line = describeAwsError(error, {
        table: env.RECORDS_TABLE,
        endpoint: env.DYNAMODB_ENDPOINT,
        region: env.AWS_REGION,
      });
      logger.error('import failed', {
        importOutcome: 'failed',
        key,
        reason: line ?? (error as Error).message,
        error: (error as Error).name,
      });
    }
    throw error;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}
