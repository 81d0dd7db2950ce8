/**
 * `npm start -- --outbox DIR`: every email the local run sent, one JSON file each (`to`, `from`, `subject`, `text`,
 * `html`, `headers`, `messageId`), so that a person or a script can read exactly what went out.
 *
 * Read from the SES emulator's store after the run rather than captured by a sender decorator: the store holds what
 * the real SES API call carried (after the adapter added its headers and the allow-list and exactly-once checks
 * ran), so the outbox cannot drift from what production sends, and the delivery code needs no local-only hook.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEmail } from './emulators.js';

export interface OutboxEmail {
  to: string[];
  cc: string[];
  from: string;
  subject: string;
  text: string | undefined;
  html: string | undefined;
  headers: Record<string, string>;
  messageId: string;
  sentAt: string;
}

export function outboxEmail(email: StoredEmail): OutboxEmail {
  return {
    to: email.destination.to,
    cc: email.destination.cc,
    from: email.from,
    subject: email.subject,
    text: email.body.text,
    html: email.body.html,
    headers: Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value])),
    messageId: email.messageId,
    sentAt: new Date(email.at * (email.at < 1e12 ? 1000 : 1)).toISOString(),
  };
}

/** A file name from the email's reference (job, day, audience), safe on every file system, in sending order. */
function fileName(email: StoredEmail, index: number): string {
  const reference =
    email.headers?.find((h) => h.name.toLowerCase() === 'x-reminder-reference')?.value ?? email.messageId;
  const safe = reference.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150);
  return `${String(index + 1).padStart(4, '0')}-${safe}.json`;
}

/** Writes one file per email into `dir` (created if needed); returns the paths. */
export async function writeOutbox(dir: string, emails: readonly StoredEmail[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const sorted = [...emails].sort((a, b) => a.at - b.at);
  const paths: string[] = [];
  for (const [i, email] of sorted.entries()) {
    const path = join(dir, fileName(email, i));
    await writeFile(path, `${JSON.stringify(outboxEmail(email), null, 2)}\n`);
    paths.push(path);
  }
  return paths;
}
