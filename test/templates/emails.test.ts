import { beforeAll, describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import type { OutgoingEmail } from '../../shared/ports/email-sender.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { digestWeekServedOn, runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { FORECAST_MEASURES, forecast903, forecastInputFromRecord } from '../../shared/domain/returns/forecast-903.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { escapeHtml } from '../../shared/templates/html.js';
import { TEXT_WIDTH } from '../../shared/templates/style.js';
import { unwrap, wrapText } from '../../shared/templates/text.js';
import { renderWorkerReminder, workerSections } from '../../shared/templates/worker-reminder.js';
import { ASOF, WORKLIST, backlogWorkerItems, conventions, item } from './fixtures.js';
import { kindOf, runMorning, sampleDeps } from '../helpers/sample-emails.js';

/** Every text node of the HTML body (table headers aside), decoded, as a reader sees it. */
function htmlSentences(html: string): string[] {
  const body = html.slice(html.indexOf('<body')).replace(/<thead>[\s\S]*?<\/thead>/g, '');
  return body
    .split(/<[^>]+>/)
    .map((t) =>
      t
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t.length > 0);
}

// A Monday with overdue work: the digest is due (teams' digest day is Monday) and escalations fire.
const MONDAY = day('2026-11-23');
let emails: OutgoingEmail[];
let deps: ReturnType<typeof sampleDeps>['deps'];

beforeAll(async () => {
  deps = sampleDeps(MONDAY).deps;
  await runMorning(MONDAY, deps);
  emails = [...deps.sender.sent];
}, 120_000);

describe('one morning of the synthetic authority', () => {
  it('sends every kind of email', () => {
    expect(new Set(emails.map(kindOf))).toEqual(
      new Set(['daily-reminder', 'manager-daily', 'escalation', 'weekly-digest', 'service-digest']),
    );
  });

  it('keeps every email under 100 KB of HTML, the largest team digest included', () => {
    const largest = Math.max(...emails.map((e) => Buffer.byteLength(e.html)));
    expect(largest).toBeLessThan(100 * 1024);
    const digests = emails.filter((e) => kindOf(e) === 'weekly-digest');
    expect(digests.length).toBeGreaterThan(0);
  });

  it('keeps the service digest under 60 KB and lists the 903 children still to do in every team digest', () => {
    const service = emails.filter((e) => kindOf(e) === 'service-digest');
    expect(service).toHaveLength(1);
    expect(Buffer.byteLength(service[0]!.html)).toBeLessThan(60 * 1024);
    const teams = emails.filter((e) => kindOf(e) === 'weekly-digest');
    for (const t of teams) expect(unwrap(t.text)).toContain('SSDA903: children still to do');
  });

  it('sends no recipient more than three emails (daily, escalation, digest)', () => {
    const perRecipient = new Map<string, string[]>();
    for (const e of emails) perRecipient.set(e.to, [...(perRecipient.get(e.to) ?? []), kindOf(e)]);
    for (const [, kinds] of perRecipient) {
      expect(kinds.length).toBeLessThanOrEqual(3);
      expect(kinds.filter((k) => k === 'escalation').length).toBeLessThanOrEqual(1);
    }
  });

  it('a re-run or retry of the same morning sends nothing at all', async () => {
    await runMorning(MONDAY, { ...deps, runId: 'again' });
    expect(deps.sender.sent).toHaveLength(emails.length);
  });

  it('carries every sentence of the HTML in a plain-text part wrapped at 76 characters', () => {
    for (const e of emails) {
      const text = unwrap(e.text);
      for (const sentence of htmlSentences(e.html)) expect(text, `${kindOf(e)}: "${sentence}"`).toContain(sentence);
      // Only a single unbreakable word (a link) may run past the width.
      for (const line of e.text.split('\n'))
        if (line.trim().includes(' ')) expect(line.length, line).toBeLessThanOrEqual(TEXT_WIDTH);
    }
  });

  it('marks every email as automatic and says the mailbox is not monitored, with a contact', () => {
    for (const e of emails) {
      expect(e.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
      expect(unwrap(e.text)).toContain('This mailbox is not monitored — contact the performance team');
    }
  });

  it('uses markup Outlook renders: no max-width, margin:auto or position in any style', () => {
    for (const e of emails) {
      const styles = [...e.html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]!);
      for (const s of styles) expect(s).not.toMatch(/max-width|margin:\s*(0\s+)?auto|position\s*:/);
      expect(e.html).toContain('width="600"');
    }
  });

  it('tells managers about workers who left in one line per worker, not one row per case', () => {
    const manager = emails
      .filter((e) => ['manager-daily', 'weekly-digest'].includes(kindOf(e)))
      .map((e) => unwrap(e.text));
    expect(manager.some((t) => /W012 \([^)]+\) has left: \d+ cases? to reallocate/.test(t))).toBe(true);
  });
});

describe('worker email', () => {
  const view = {
    workerName: 'Sam Morgan',
    asOf: ASOF,
    items: backlogWorkerItems(),
    comingUp: [item(60, 20, { obligation: 'dental-check', label: 'Dental check', citation: 'Local policy' })],
    comingUpDays: 28,
    collapseOverdueAfterDays: 90,
    worklistLink: WORKLIST,
    firstEmail: false,
    conventions,
  };

  it('opens with what needs doing today, then the backlog worst first, then due soon, long-overdue collapsed', () => {
    const email = renderWorkerReminder(view);
    const t = email.text;
    const at = (s: string) => t.indexOf(s);
    expect(at('Needs doing today (2)')).toBeGreaterThan(0);
    expect(at('Needs doing today (2)')).toBeLessThan(at('LA-C100050'));
    expect(at('LA-C100050')).toBeLessThan(at('Still overdue (27)'));
    expect(at('LA-C100051')).toBeLessThan(at('Still overdue (27)'));
    // With a backlog, the overdue items come before any due-soon row.
    expect(at('Still overdue (27)')).toBeLessThan(at('Due soon (1)'));
    expect(at('90 days overdue')).toBeLessThan(at('Due soon (1)'));
    // Overdue by 10, 30, 50, 70, 90 days are listed (worst first); 110 days and beyond (22 items) are counted.
    const sections = workerSections(view);
    expect(sections.listed.map((i) => -i.days)).toEqual([90, 70, 50, 30, 10]);
    expect(sections.collapsed).toBe(22);
    expect(unwrap(t)).toContain('22 more items are overdue by more than 90 days and not listed here');
    expect(t).not.toContain('110 days overdue');
    expect(email.html).toContain(`href="${WORKLIST}"`);
  });

  it('marks "(new)" only on items not announced before, and nothing on a first email', () => {
    const t = renderWorkerReminder(view).text;
    expect(t.match(/\(new\)/g)).toHaveLength(1); // the newly overdue item
    expect(
      renderWorkerReminder({ ...view, firstEmail: true, items: view.items.map((i) => ({ ...i, isNew: false })) }).text,
    ).not.toMatch(/, \d+ days? overdue \(new\)|\(new\),/);
  });

  it('escapes HTML in every field that could come from data', () => {
    const evil = '<script>alert(1)</script>';
    const email = renderWorkerReminder({ ...view, workerName: evil, items: [item(1, 0, { caseLabel: evil })] });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(escapeHtml(evil));
  });
});

describe('plain-text wrapping', () => {
  it('wraps at 76 characters, keeps indentation and never breaks a link', () => {
    const url = `https://case-system.example-council.gov.uk/cases/${'x'.repeat(60)}`;
    const wrapped = wrapText(`- ${'word '.repeat(30)}${url} end`);
    const lines = wrapped.split('\n');
    expect(lines.every((l) => l.length <= 76 || l.trim() === url)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(wrapped).toContain(url);
  });
});

describe('weekly digest day', () => {
  const wd = compilePolicy({}).workingDays;
  it('goes on the team digest day, or the next working day when that is a bank holiday', () => {
    // Monday 27 May 2024 was the spring bank holiday: Monday digests go on Tuesday 28 May, for the week of 27 May.
    expect(digestWeekServedOn(day('2024-05-27'), 1, wd)).toBeUndefined();
    expect(digestWeekServedOn(day('2024-05-28'), 1, wd)).toBe(day('2024-05-27'));
    expect(digestWeekServedOn(day('2024-05-29'), 1, wd)).toBeUndefined();
    expect(digestWeekServedOn(day('2024-06-03'), 1, wd)).toBe(day('2024-06-03'));
    // Good Friday 29 March 2024 and Easter Monday 1 April: a Friday digest goes on Tuesday 2 April.
    expect(digestWeekServedOn(day('2024-04-02'), 5, wd)).toBe(day('2024-03-25'));
  });
});

describe('a team digest due on a bank holiday', () => {
  it("is not sent on the holiday and goes on the next working day, as that week's digest", async () => {
    // Monday 28 December 2026 is the Boxing Day substitute bank holiday; the synthetic teams' digest day is Monday.
    const holiday = day('2026-12-28');
    const { deps: d } = sampleDeps(holiday);
    const onHoliday = await runWeeklyDigest(holiday, { scope: 'team', teamId: 'T01', scheduled: true }, d);
    expect(onHoliday).toMatchObject({ skipped: 'not-digest-day', emailsSent: 0 });
    const tuesday = await runWeeklyDigest(day('2026-12-29'), { scope: 'team', teamId: 'T01', scheduled: true }, d);
    expect(tuesday.emailsSent).toBe(1);
    expect(d.sender.sent.map((e) => e.reference)).toEqual([
      'weekly-digest#2026-12-28#team:T01#manager.t1@example-council.gov.uk',
    ]);
    const wednesday = await runWeeklyDigest(day('2026-12-30'), { scope: 'team', teamId: 'T01', scheduled: true }, d);
    expect(wednesday).toMatchObject({ skipped: 'not-digest-day', emailsSent: 0 });
  });

  it('the service digest follows the same rule with its own digest day', async () => {
    const holiday = day('2026-12-28');
    const { deps: d } = sampleDeps(holiday);
    const onHoliday = await runWeeklyDigest(holiday, { scope: 'service', digestDay: 1 }, d);
    expect(onHoliday).toMatchObject({ skipped: 'not-digest-day', emailsSent: 0, teams: 0 });
    const tuesday = await runWeeklyDigest(day('2026-12-29'), { scope: 'service', digestDay: 1 }, d);
    expect(tuesday).toMatchObject({ weekStarting: '2026-12-28' });
    expect(tuesday.emailsSent).toBeGreaterThan(0);
    expect(new Set(d.sender.sent.map((e) => e.reference.split('#')[0]))).toEqual(new Set(['service-digest']));
    const wednesday = await runWeeklyDigest(day('2026-12-30'), { scope: 'service', digestDay: 1 }, d);
    expect(wednesday).toMatchObject({ skipped: 'not-digest-day', emailsSent: 0 });
  });
});

describe('escalations across a re-run on the same day', () => {
  it('sends one email per recipient per day, however many times the job runs', async () => {
    const { deps: d } = sampleDeps(MONDAY);
    await runEscalations(MONDAY, d);
    const first = d.sender.sent.length;
    expect(first).toBeGreaterThan(0);
    const recipients = d.sender.sent.map((e) => e.to);
    expect(new Set(recipients).size).toBe(recipients.length);
    await runEscalations(MONDAY, { ...d, runId: 'retry' });
    await runDailyReminders(MONDAY, { ...d, runId: 'retry' });
    expect(d.sender.sent.filter((e) => kindOf(e) === 'escalation')).toHaveLength(first);
  });
});

describe('the SSDA903 forecast in the head of service digest', () => {
  it('projects each OC2 measure from the same records the digest reads, counts only', async () => {
    const { authority, deps: d } = sampleDeps(MONDAY);
    await runWeeklyDigest(MONDAY, { scope: 'service' }, d);
    const digest = d.sender.sent.find((e) => kindOf(e) === 'service-digest')!;
    const children = authority.records
      .map((r) => validateRecord(r, MONDAY).record)
      .flatMap((r) => (r?.kind === 'child' ? [r] : []));
    const expected = forecast903(children.map(forecastInputFromRecord), MONDAY);
    expect(expected.cohort.length).toBeGreaterThan(0);
    const text = unwrap(digest.text);
    expect(text).toContain(`SSDA903 forecast for the year ending 31 Mar 2027`);
    expect(text).toContain(`${expected.cohort.length} children looked after continuously for 12 months (OC2)`);
    for (const m of FORECAST_MEASURES) {
      const t = expected.totals[m.id];
      expect(text).toContain(`${m.label}; Projected: `);
      expect(text).toContain(`Met: ${t.met} of ${t.applicable}; Still to do: ${t.toDo}`);
    }
    for (const c of expected.cohort) expect(digest.html).not.toContain(c.id);
  });
});

describe('escalations after an upgrade from one email per item', () => {
  it('an item whose own escalation email was sent before is not escalated again', async () => {
    const first = sampleDeps(MONDAY).deps;
    await runEscalations(MONDAY, first);
    const escalated = [...first.ledger.notices.keys()].filter((k) => k.startsWith('escalated#'));
    expect(escalated.length).toBeGreaterThan(0);

    // The same morning on a ledger that holds only the old per-item emails, all sent.
    const upgraded = sampleDeps(MONDAY).deps;
    for (const notice of escalated) {
      const key = notice.replace(/^escalated#/, 'escalation#');
      upgraded.ledger.emails.set(key, {
        key,
        kind: 'escalation',
        audience: 'service',
        recipient: 'someone@example-council.gov.uk',
        asOf: '2026-11-20',
        runId: 'old',
        subject: 'Escalation',
        noticeKeys: [],
        status: 'sent',
        token: 'old',
        leaseUntil: 0,
        attempts: 1,
      });
    }
    const summary = await runEscalations(MONDAY, upgraded);
    expect(summary.emailsSent).toBe(0);
    expect(upgraded.sender.sent.filter((e) => kindOf(e) === 'escalation')).toEqual([]);
  });
});
