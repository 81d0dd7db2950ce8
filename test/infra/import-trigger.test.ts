/**
 * What starts an import: the EventBridge rule in the synthesised template, matched against S3 "Object Created"
 * events by EventBridge's pattern semantics, and the import function's own guard, for the same keys.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { importBucketName, loadStageConfig } from '../../infra/config/stage-config.js';
import { SNAPSHOT_PREFIX as RULE_PREFIX } from '../../infra/constructs/import-job.js';
import { SNAPSHOT_PREFIX, isStale, snapshotKind } from '../../shared/domain/import/trigger.js';

type Pattern = Record<string, unknown>;

/**
 * EventBridge's matching, for the filters the rule uses: a list matches when any entry does; an entry is an exact
 * value or `{prefix}`, `{suffix}`, `{wildcard}` (`*` for any run of characters) or `{"anything-but": […]}`.
 */
function matches(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, filter]) => {
    const value = event[field];
    if (Array.isArray(filter)) return filter.some((f) => matchesValue(f, value));
    return typeof value === 'object' && value !== null && matches(filter as Pattern, value as Record<string, unknown>);
  });
}
function matchesValue(filter: unknown, value: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return filter === value;
  if (typeof value !== 'string') return false;
  const f = filter as Record<string, unknown>;
  if (typeof f.prefix === 'string') return value.startsWith(f.prefix);
  if (typeof f.suffix === 'string') return value.endsWith(f.suffix);
  if (typeof f.wildcard === 'string') {
    const regex = f.wildcard.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${regex.join('.*')}$`, 's').test(value);
  }
  if (Array.isArray(f['anything-but'])) return !f['anything-but'].includes(value);
  throw new Error(`filter not modelled: ${JSON.stringify(filter)}`);
}

const config = loadStageConfig('example');
const BUCKET = importBucketName(config);
let rule: Pattern;

beforeAll(() => {
  const built = buildApp(config, new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  const rules = Object.values(Template.fromStack(built.service).findResources('AWS::Events::Rule'));
  expect(rules).toHaveLength(1);
  rule = rules[0]!.Properties.EventPattern as Pattern;
});

const created = (key: string, bucket = BUCKET) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: bucket }, object: { key, size: 10 }, reason: 'PutObject' },
});

describe('what starts an import', () => {
  it.each<[string, string, 'jsonl' | 'ssd' | undefined]>([
    ['a .jsonl snapshot in its prefix', 'snapshots/2024-06-03.jsonl', 'jsonl'],
    ['a .jsonl snapshot in a folder of its prefix', 'snapshots/nightly/2024-06-03.jsonl', 'jsonl'],
    ['an SSD folder’s manifest', 'ssd/2024-06-03/manifest.json', 'ssd'],
    ['a manifest at the bucket root', 'manifest.json', 'ssd'],
    ['the directory beside the SSD tables', 'ssd/2024-06-03/directory.jsonl', undefined],
    ['an SSD table', 'ssd/2024-06-03/ssd_person.csv', undefined],
    ['the events beside the SSD tables', 'ssd/2024-06-03/events.csv', undefined],
    ['a .jsonl outside the snapshot prefix', 'nightly/2024-06-03.jsonl', undefined],
    ['another file in the snapshot prefix', 'snapshots/readme.txt', undefined],
    ['a file whose name ends like a manifest', 'ssd/2024-06-03/old-manifest.json', undefined],
  ])('%s (%s): %s', (_what, key, kind) => {
    expect(matches(rule, created(key)), 'the deployed rule').toBe(kind !== undefined);
    expect(snapshotKind(key), 'the function’s guard').toBe(kind);
  });

  it('an upload to another bucket does not match', () => {
    expect(matches(rule, created('snapshots/2024-06-03.jsonl', 'another-bucket'))).toBe(false);
  });

  it('the rule and the function use the same snapshot prefix', () => {
    expect(RULE_PREFIX).toBe('snapshots/');
    expect(SNAPSHOT_PREFIX).toBe('snapshots/');
  });
});

describe('an event for an object no newer than the snapshot in force does nothing', () => {
  const last = { source: 'snapshots/b.jsonl', importedAt: '2024-06-04T01:10:00Z' };
  const at = (iso: string) => new Date(iso);
  it.each<[string, { key: string; uploadedAt: Date }, Date | undefined, boolean]>([
    [
      'the same upload, redelivered',
      { key: 'snapshots/b.jsonl', uploadedAt: at('2024-06-04T01:00:00Z') },
      undefined,
      true,
    ],
    [
      'the same key uploaded again after',
      { key: 'snapshots/b.jsonl', uploadedAt: at('2024-06-04T09:00:00Z') },
      undefined,
      false,
    ],
    [
      'an older upload, late',
      { key: 'snapshots/a.jsonl', uploadedAt: at('2024-06-03T01:00:00Z') },
      at('2024-06-04T01:00:00Z'),
      true,
    ],
    // Uploaded while the last import ran, after its object: newer data, imported.
    [
      'a newer upload made during the last import',
      { key: 'snapshots/c.jsonl', uploadedAt: at('2024-06-04T01:05:00Z') },
      at('2024-06-04T01:00:00Z'),
      false,
    ],
    [
      'an older upload when the last object is gone',
      { key: 'snapshots/a.jsonl', uploadedAt: at('2024-06-04T01:05:00Z') },
      undefined,
      true,
    ],
  ])('%s: skipped %s', (_what, object, sourceUploadedAt, skipped) => {
    expect(isStale(object, { ...last, ...(sourceUploadedAt ? { sourceUploadedAt } : {}) })).toBe(skipped);
  });

  it('nothing imported yet: every snapshot imports', () => {
    expect(isStale({ key: 'snapshots/a.jsonl', uploadedAt: new Date('2000-01-01T00:00:00Z') }, undefined)).toBe(false);
  });
});
