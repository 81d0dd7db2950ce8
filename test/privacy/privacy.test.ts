import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceOf, sentEmails, type StoredEmail } from '../../local/emulators.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

let local: LocalAws;
let caseload: Awaited<ReturnType<typeof seedSynthetic>>;
let logs = '';
let mail: StoredEmail[];

beforeAll(async () => {
  // As verbose as the functions can be: every log line of a full run is captured.
  local = await startLocalAws({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });
  caseload = await seedSynthetic(local, '2024-06-03', { children: 150, leavers: 50, workers: 14 });
  // A team whose manager's address is outside the allowed domains: its emails are refused and that is logged.
  await local.adapters.store.putAll([
    { entity: 'team', id: 'T-X', item: { id: 'T-X', name: 'Outsourced', managerEmails: ['boss@gmail.com'] } },
    {
      entity: 'case',
      id: 'C-X',
      item: { ...(caseload.records[0] as object), id: 'C-X', teamId: 'T-X', workerId: null },
    },
  ]);
  const write = (chunk: unknown) => {
    logs += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  const original = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
    log: console.log,
    warn: console.warn,
    error: console.error,
    info: console.info,
    debug: console.debug,
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  for (const k of ['log', 'warn', 'error', 'info', 'debug'] as const)
    console[k] = (...args: unknown[]) => write(`${args.map(String).join(' ')}\n`);
  try {
    const daily = (await import('../../functions/daily-reminders/handler.js')).handler;
    const escalations = (await import('../../functions/escalations/handler.js')).handler;
    const digest = (await import('../../functions/weekly-digest/handler.js')).handler;
    for (const asOf of ['2024-06-03', '2024-06-04']) {
      await daily({ asOf }).catch(() => {});
      await escalations({ asOf }).catch(() => {});
    }
    await digest({ asOf: '2024-06-03', scope: 'all' }).catch(() => {});
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    Object.assign(console, {
      log: original.log,
      warn: original.warn,
      error: original.error,
      info: original.info,
      debug: original.debug,
    });
  }
  mail = await sentEmails(local.emulators.sesEndpoint);
}, 120_000);
afterAll(async () => local.stop());

const records = () =>
  caseload.records as { id: string; givenName?: string; familyName?: string; dateOfBirth: string }[];

describe('personal data', () => {
  it('the run logged its summaries (so the capture works)', () => {
    expect(logs).toContain('daily reminders run');
    expect(logs).toContain('weekly digest run');
    expect(mail.length).toBeGreaterThan(10);
  });

  it('never writes a child’s name or date of birth to the logs', () => {
    const leaks: string[] = [];
    for (const r of records()) {
      for (const name of [r.givenName, r.familyName])
        if (name && new RegExp(`\\b${name.replace(/'/g, "\\'")}\\b`).test(logs)) leaks.push(name);
      if (logs.includes(r.dateOfBirth)) leaks.push(r.dateOfBirth);
    }
    expect([...new Set(leaks)]).toEqual([]);
  });

  it('never writes an email address to the logs, even when refusing one', () => {
    expect(logs).toContain('recipient domain not allowed');
    expect(logs).toContain('#<recipient>');
    expect(logs.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []).toEqual([]);
  });

  it('sends every email to exactly one recipient, in the allowed domains', () => {
    for (const m of mail) {
      expect(m.destination.to, referenceOf(m)).toHaveLength(1);
      expect(m.destination.cc.length + m.destination.bcc.length).toBe(0);
      expect(m.destination.to[0]).toMatch(/@example-council\.gov\.uk$/);
    }
  });

  it('never puts a child’s full name or date of birth in an email (names are off by default)', () => {
    const leaks: string[] = [];
    for (const m of mail) {
      const content = `${m.subject}\n${m.body.text}\n${m.body.html}`;
      for (const r of records()) {
        if (r.givenName && r.familyName && content.includes(`${r.givenName} ${r.familyName}`))
          leaks.push(`${referenceOf(m)}: name`);
        // A date of birth next to its own case reference: within the 200 characters after it, its row or item
        // (another child's birthday may fall on a due date listed elsewhere, and "9 May 2024" is not "19 May 2024").
        const human = new RegExp(`(?<!\\d)${humanDate(r.dateOfBirth)}`);
        for (let at = content.indexOf(r.id); at >= 0; at = content.indexOf(r.id, at + 1)) {
          const near = content.slice(at, at + 200);
          if (near.includes(r.dateOfBirth) || human.test(near)) {
            leaks.push(`${referenceOf(m)}: date of birth`);
            break;
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});

function humanDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
}
