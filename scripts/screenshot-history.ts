/**
 * `npm run screenshot:history`: a year's compliance history of a synthetic 4,000-person SSD extract, as the shipped
 * `deadlines history --html` writes it, photographed at 1280 px in headless Chromium (Debian's `chromium`) into
 * docs/history-report-1280.png (the top of the report: the first charts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { syntheticSsdExtract, writeSsdExtract } from '../cli/synthetic/ssd-extract.js';
import { day } from '../shared/domain/calendar/local-date.js';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'history-report-'));
try {
  writeSsdExtract(dir, syntheticSsdExtract({ persons: 4000, extractedOn: day('2025-03-31') }));
  const html = join(dir, 'report.html');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
  execFileSync(process.execPath, [
    join(ROOT, 'dist', 'deadlines.mjs'),
    'history',
    '--from',
    'ssd',
    '--input',
    dir,
    '--start',
    '2024-04-01',
    '--end',
    '2025-03-31',
    '--html',
    html,
  ]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${html}`, { waitUntil: 'load' });
    await page.screenshot({ path: resolve(ROOT, 'docs', 'history-report-1280.png'), fullPage: false });
  } finally {
    await browser.close();
  }
  console.log('docs/history-report-1280.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
