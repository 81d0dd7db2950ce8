/**
 * Markup you can trust, in every kind of email: values from the data escaped in the HTML (expected output written
 * out by hand, never produced by the escaping function), no link with a scheme other than http(s) or mailto, no line
 * break from the data starting a line of the plain text, every link of the HTML in the plain text, the body in a
 * `<main>` landmark; and the samples in docs/ the same as what the templates render today.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { renderTeamDigest, renderServiceDigest } from '../../shared/templates/digests.js';
import type { RenderedEmail } from '../../shared/templates/document.js';
import { renderEscalation } from '../../shared/templates/escalation.js';
import { renderManagerDaily } from '../../shared/templates/manager-daily.js';
import { renderWorkerReminder } from '../../shared/templates/worker-reminder.js';
import { sampleDocs } from '../helpers/sample-emails.js';
import { ASOF, WORKLIST, conventions, figuresPair, item } from './fixtures.js';

/** A case reference with every character HTML gives a meaning to. */
const EVIL_LABEL = `LA-C1 & <b>"Ann" 'O'</b>`;
const EVIL_LABEL_HTML = 'LA-C1 &amp; &lt;b&gt;&quot;Ann&quot; &#39;O&#39;&lt;/b&gt;';
/** An id with a line break: it must not start a line of its own in the plain text. */
const BROKEN_ID = 'LA-C2\nSubject: urgent';
const JS_LINK = 'javascript:alert(document.cookie)';

const evilItems = () => [
  item(1, -3, { caseLabel: EVIL_LABEL, link: JS_LINK }),
  item(2, 0, { recordId: BROKEN_ID, caseLabel: BROKEN_ID }),
];
const WORKER = `Sam <Morgan> & "Co"`;
const WORKER_HTML = 'Sam &lt;Morgan&gt; &amp; &quot;Co&quot;';
const TEAM = `North & <South>`;
const TEAM_HTML = 'North &amp; &lt;South&gt;';

const { figures, lastWeek } = figuresPair();
const KINDS: [string, () => RenderedEmail, string[]][] = [
  [
    'daily-reminder',
    () =>
      renderWorkerReminder({
        workerName: WORKER,
        asOf: ASOF,
        items: evilItems(),
        comingUp: [],
        comingUpDays: 28,
        collapseOverdueAfterDays: 90,
        worklistLink: WORKLIST,
        firstEmail: false,
        conventions,
      }),
    [WORKER_HTML],
  ],
  [
    'manager-daily',
    () =>
      renderManagerDaily({
        teamName: TEAM,
        asOf: ASOF,
        groups: [{ line: `${WORKER} has left: 2 cases to reallocate`, cases: 2, overdueItems: 1, items: evilItems() }],
        dataQuality: [
          { recordId: EVIL_LABEL, link: JS_LINK, problem: 'A date <is> wrong', detail: 'dateOfBirth & "x"' },
        ],
        listLimit: 10,
        worklistLink: WORKLIST,
        conventions,
      }),
    [TEAM_HTML, `${WORKER_HTML} has left`, 'A date &lt;is&gt; wrong (dateOfBirth &amp; &quot;x&quot;).'],
  ],
  [
    'escalation',
    () =>
      renderEscalation({
        asOf: ASOF,
        level: 'manager',
        scopeName: TEAM,
        items: evilItems(),
        more: 0,
        worklistLink: WORKLIST,
        conventions,
      }),
    [TEAM_HTML],
  ],
  [
    'weekly-digest',
    () =>
      renderTeamDigest({
        teamName: TEAM,
        weekStarting: ASOF,
        asOf: ASOF,
        figures,
        lastWeek,
        overdueItems: 1,
        groups: [],
        dataQuality: [],
        workers: [{ worker: WORKER, overdue: 1, oldestDays: 3, dueSoon: 0 }],
        dueSoonDays: 14,
        worst: evilItems(),
        listLimit: 10,
        worklistLink: WORKLIST,
        conventions,
      }),
    [TEAM_HTML, WORKER_HTML],
  ],
  [
    'service-digest',
    () =>
      renderServiceDigest({
        weekStarting: ASOF,
        asOf: ASOF,
        teams: [{ name: TEAM, figures, lastWeek, overdueItems: 1, unreachableCases: 0, unreadableRecords: 0 }],
        conventions,
      }),
    [TEAM_HTML],
  ],
];

/** Every href of the HTML, as the address it stands for. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe.each(KINDS)('%s', (_kind, render, escapedInHtml) => {
  const email = render();

  it('escapes every value from the data in the HTML, as written out by hand', () => {
    for (const expected of escapedInHtml) expect(email.html).toContain(expected);
    expect(email.html).not.toMatch(/<b>|<Morgan>|<South>|<is>/);
  });

  it('never carries a javascript: link, in either part', () => {
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('javascript:');
  });

  it('keeps a line break from the data inside its line in the plain text', () => {
    expect(email.text).not.toMatch(/^\s*Subject: urgent/m);
    if (email.text.includes('LA-C2')) expect(email.text).toContain('LA-C2 Subject: urgent');
  });

  it('puts every link of the HTML in the plain text, and the body in <main>', () => {
    const links = hrefs(email.html);
    for (const href of links) expect(email.text, href).toContain(href);
    expect(email.html).toMatch(/<main>[\s\S]*<h1[\s\S]*<\/main>/);
  });
});

describe('the item rows of the reminder, escalation and digest', () => {
  it.each([
    ['daily-reminder', 0],
    ['escalation', 2],
    ['weekly-digest', 3],
  ] as const)('%s: the case reference escaped, its javascript: link shown as words only', (_kind, index) => {
    const { html, text } = KINDS[index]![1]();
    expect(html).toContain(`>${EVIL_LABEL_HTML}</td>`);
    expect(html).not.toContain(`<a href="#"`);
    expect(text).toContain(`- ${EVIL_LABEL}: Statutory visit, 3 days overdue`);
  });
});

describe('the samples in docs/', () => {
  it('are what the templates render today (regenerate with `npm run screenshot`)', async () => {
    const fresh = await sampleDocs(day('2026-11-23'));
    expect([...fresh.keys()].sort()).toEqual([
      'daily-reminder',
      'escalation',
      'manager-daily',
      'service-digest',
      'weekly-digest',
    ]);
    const drifted: string[] = [];
    for (const [kind, { html, text }] of fresh) {
      const onDisk = (ext: string) => readFileSync(new URL(`../../docs/${kind}.${ext}`, import.meta.url), 'utf8');
      if (onDisk('html') !== html) drifted.push(`docs/${kind}.html`);
      if (onDisk('txt') !== text) drifted.push(`docs/${kind}.txt`);
    }
    expect(drifted, 'the samples differ from the templates: run `npm run screenshot` and commit docs/').toEqual([]);
  });
});
