import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { loadStageConfig } from '../../infra/config/stage-config.js';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

let local: LocalAws;
let outdir: string;
let bundles: Map<string, string>;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const { app, service } = buildApp(loadStageConfig('example'), new App({ outdir }));
  app.synth();
  // Each function's code asset, by the function's construct path.
  bundles = new Map();
  const template = Template.fromStack(service).findResources('AWS::Lambda::Function', {
    Properties: { Handler: 'index.handler' },
  });
  for (const [logicalId, f] of Object.entries(template)) {
    const hash = String(f.Properties.Code.S3Key).replace(/\.zip$/, '');
    bundles.set(logicalId, join(outdir, `asset.${hash}`, 'index.mjs'));
  }
  local = await startLocalAws();
  await seedSynthetic(local, '2024-06-03', { children: 40, leavers: 10 });
}, 120_000);
afterAll(async () => local?.stop());

describe('the bundles that cdk deploy would upload', () => {
  it('are built for every function, self-contained', () => {
    expect([...bundles.keys()].map((id) => id.replace(/Function[A-F0-9]{8}$/, '')).sort()).toEqual([
      'dailyreminders',
      'deliverysweep',
      'escalations',
      'importsnapshot',
      'sesevents',
      'syncschedules',
      'weeklydigest',
    ]);
    for (const file of bundles.values()) {
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(100_000); // the AWS SDK is inside
    }
  });

  it('the daily-reminders bundle runs against DynamoDB and SES endpoints given by environment', async () => {
    const file = [...bundles.entries()].find(([id]) => id.startsWith('dailyreminders'))![1];
    const { handler } = (await import(pathToFileURL(file).href)) as {
      handler: (e: unknown) => Promise<{ emailsSent: number; failed: number; recordsRead: number }>;
    };
    const summary = await handler({ asOf: '2024-06-03' });
    expect(summary.recordsRead).toBeGreaterThan(40);
    expect(summary.failed).toBe(0);
    expect(summary.emailsSent).toBeGreaterThan(0);
    const mail = (await sentEmails(local.emulators.sesEndpoint)).filter((m) =>
      referenceOf(m)?.startsWith('daily-reminder#2024-06-03#'),
    );
    expect(mail.length).toBeGreaterThan(0);
  });
});
