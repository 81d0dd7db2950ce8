#!/usr/bin/env node
/**
 * Starts the precompiled `deadlines` command line (dist/deadlines.mjs), rebuilding it first when it is missing or
 * older than any of its source files (a few hundred stat calls, about a millisecond), so that a developer's edit is
 * never run stale and a user never waits for TypeScript to compile.
 */
import { readFileSync, statSync } from 'node:fs';
import { BUNDLE, INPUTS, buildCli } from '../scripts/build-cli.mjs';

function stale() {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    for (const file of inputs) if (statSync(file, { throwIfNoEntry: false })?.mtimeMs > built) return true;
    return false;
  } catch {
    return true;
  }
}

if (stale()) await buildCli();
await import(BUNDLE);
