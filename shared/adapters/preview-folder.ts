/**
 * Writes a dry run's emails to a folder: `<n>-<kind>-<audience>.html` and `.txt` for each, and `index.json`
 * listing them (key, kind, audience, recipient, subject, files). Open the HTML files in a browser to review them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviewEmail } from '../ports/preview.js';

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

export function writePreviewFolder(folder: string, emails: readonly PreviewEmail[]): string[] {
  mkdirSync(folder, { recursive: true });
  const index = emails.map((e, i) => {
    const base = `${String(i + 1).padStart(4, '0')}-${e.kind}-${safe(e.audience)}`;
    writeFileSync(join(folder, `${base}.html`), e.html);
    writeFileSync(join(folder, `${base}.txt`), e.text);
    return {
      key: e.key,
      kind: e.kind,
      audience: e.audience,
      recipient: e.recipient,
      subject: e.subject,
      announces: e.noticeKeys.length,
      files: [`${base}.html`, `${base}.txt`],
    };
  });
  writeFileSync(join(folder, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index.map((i) => i.files[0]!);
}
