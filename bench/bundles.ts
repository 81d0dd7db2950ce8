/** Size and cold-start import time of each Lambda bundle, built exactly as `cdk synth` builds them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../infra/app.js';
import { loadStageConfig } from '../infra/config/stage-config.js';

export function benchBundles(runs = 5): void {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-cdk-'));
  const { app, service } = buildApp(loadStageConfig('example'), new App({ outdir }));
  app.synth();
  const functions = Template.fromStack(service).findResources('AWS::Lambda::Function', {
    Properties: { Handler: 'index.handler' },
  });
  console.log(
    `lambda bundles (esbuild, ESM, minified; cold start = importing the module, which parses config and builds the clients; median of ${runs})`,
  );
  const env = {
    ...process.env,
    RECORDS_TABLE: 'r',
    LEDGER_TABLE: 'l',
    SENDER_ADDRESS: 'a@example-council.gov.uk',
    ALLOWED_RECIPIENT_DOMAINS: 'example-council.gov.uk',
    CASE_LINK_TEMPLATE: 'https://x.example/{id}',
    SCHEDULE_GROUP: 'g',
    DIGEST_FUNCTION_ARN: 'arn',
    SCHEDULER_ROLE_ARN: 'arn',
    SCHEDULER_DLQ_ARN: 'arn',
    AWS_REGION: 'eu-west-2',
  };
  for (const [logicalId, f] of Object.entries(functions)) {
    const file = join(outdir, `asset.${String(f.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
        ],
        { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      times.push(Number(out.trim().split('\n').pop()));
    }
    times.sort((a, b) => a - b);
    const name = logicalId.replace(/Function[0-9A-F]+$/, '');
    console.log(
      `  ${name.padEnd(16)} ${(statSync(file).size / 1024).toFixed(0).padStart(6)} KiB   cold import ${times[Math.floor(runs / 2)]!.toFixed(0).padStart(4)} ms`,
    );
  }
}
