/**
 * `npm run screenshot`: runs one morning of the synthetic authority through the real use cases (in memory), takes
 * the largest email of each kind, writes its HTML and plain text to docs/, photographs it at 375 px (a phone) and
 * 1280 px (a desktop) in headless Chromium (Debian's `chromium`, driven by playwright-core), and audits it with
 * axe-core: any WCAG A or AA violation fails the command.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { day } from '../shared/domain/calendar/local-date.js';
import type { OutgoingEmail } from '../shared/ports/email-sender.js';
import { sampleDocs } from '../test/helpers/sample-emails.js';

const asOf = day(process.argv[2] ?? '2026-11-23');
const samples = await sampleDocs(asOf);
const largest = new Map<string, OutgoingEmail>([...samples].map(([k, s]) => [k, s.email]));
const docs = resolve('docs');
mkdirSync(docs, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let violations = 0;
try {
  for (const [kind, email] of largest) {
    writeFileSync(resolve(docs, `${kind}.html`), samples.get(kind)!.html);
    writeFileSync(resolve(docs, `${kind}.txt`), samples.get(kind)!.text);
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.setContent(email.html, { waitUntil: 'load' });
      await page.screenshot({ path: resolve(docs, `${kind}-${width}.png`), fullPage: true });
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(() =>
        (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        }),
      )) as { violations: { id: string; help: string }[] };
      violations += result.violations.length;
      for (const v of result.violations) console.error(`${kind} at ${width}px: ${v.id}: ${v.help}`);
      await page.close();
    }
    console.log(
      `docs/${kind}-375.png, -1280.png  ${(Buffer.byteLength(email.html) / 1024).toFixed(1)} KB  ${email.subject}`,
    );
  }
} finally {
  await browser.close();
}
if (violations) {
  console.error(`${violations} accessibility violations`);
  process.exitCode = 1;
} else console.log('axe-core: no WCAG A/AA violations');
