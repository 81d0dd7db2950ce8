/**
 * Writes aws-cdk-lib's currently recommended feature flags into cdk.json's context (keeping the other context
 * keys). Run after upgrading aws-cdk-lib: `npm run gen:feature-flags`, then review `cdk diff`. A test fails when
 * cdk.json lacks a recommended flag.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

const file = new URL('../cdk.json', import.meta.url);
const cdk = JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
const own = Object.fromEntries(Object.entries(cdk.context ?? {}).filter(([k]) => !k.startsWith('@aws-cdk')));
const flags = Object.fromEntries(Object.entries(CURRENTLY_RECOMMENDED_FLAGS).sort(([a], [b]) => a.localeCompare(b)));
cdk.context = { ...own, ...flags };
writeFileSync(file, `${JSON.stringify(cdk, null, 2)}\n`);
console.log(`cdk.json: ${Object.keys(flags).length} recommended feature flags`);
