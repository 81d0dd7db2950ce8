/**
 * `npm run screenshot`: renders a worker reminder and a team digest for a fixed, fictional case, and photographs
 * them at phone width in headless Chromium (Debian's `chromium` package) for the README. Writes docs/*.png and the
 * HTML beside them, which doubles as a preview of what is sent.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { day } from '../shared/domain/calendar/local-date.js';
import { computeFigures } from '../shared/domain/digest-figures.js';
import type { ItemView } from '../shared/templates/reminder-items.js';
import { renderTeamDigest } from '../shared/templates/digests.js';
import { renderWorkerReminder } from '../shared/templates/worker-reminder.js';

const link = (id: string) => `https://case-system.example-council.gov.uk/cases/${id}`;
const item = (over: Partial<ItemView> & Pick<ItemView, 'recordId' | 'caseLabel'>): ItemView => ({
  link: link(over.recordId),
  obligation: 'visit',
  label: 'Statutory visit',
  due: day('2024-05-31'),
  days: -3,
  citation: 'CPPCR 2010 reg 28(2)(a)',
  urgency: 'overdue',
  isNew: false,
  ...over,
});
const items = [
  item({ recordId: 'LA-C100001', caseLabel: 'LA-C100001 (A.O.)', isNew: true }),
  item({
    recordId: 'LA-C100007',
    caseLabel: 'LA-C100007 (J.K.)',
    obligation: 'review',
    label: 'Statutory review',
    due: day('2024-06-03'),
    days: 0,
    urgency: 'due-today',
    citation: 'CPPCR 2010 reg 33(2)',
    isNew: true,
  }),
  item({
    recordId: 'LA-C100001',
    caseLabel: 'LA-C100001 (A.O.)',
    obligation: 'health-assessment',
    label: 'Health assessment',
    due: day('2024-06-10'),
    days: 7,
    urgency: 'due-soon',
    citation: 'CPPCR 2010 reg 7',
    isNew: true,
  }),
  item({
    recordId: 'LA-L200031',
    caseLabel: 'LA-L200031 (M.B.)',
    obligation: 'pathway-plan',
    label: 'Pathway plan',
    due: day('2024-06-14'),
    days: 11,
    urgency: 'due-soon',
    citation: 'CLR 2010 reg 7',
  }),
];
const comingUp = [
  item({
    recordId: 'LA-C100007',
    caseLabel: 'LA-C100007 (J.K.)',
    obligation: 'pep',
    label: 'Personal education plan',
    due: day('2024-06-21'),
    days: 18,
    urgency: 'coming-up',
    citation: 'Promoting the education of looked-after children (DfE 2018): PEP reviewed every school term',
  }),
];
const worker = renderWorkerReminder({
  workerName: 'Sam Morgan',
  asOf: day('2024-06-03'),
  items,
  comingUp,
  comingUpDays: 28,
  serviceName: "Example Council children's services",
});

const o = (obligation: 'visit' | 'review' | 'pep', status: 'overdue' | 'upcoming') => ({
  obligation,
  status,
  due: 0,
  days: 0,
  rule: '',
  citation: '',
  force: 'statutory' as const,
  explanation: '',
  basis: undefined,
  recordId: 'x',
});
const figures = computeFigures([
  [o('visit', 'upcoming'), o('review', 'upcoming')],
  [o('visit', 'overdue'), o('review', 'upcoming'), o('pep', 'upcoming')],
  [o('visit', 'upcoming'), o('review', 'upcoming'), o('pep', 'overdue')],
]);
const lastWeek = computeFigures([
  [o('visit', 'overdue'), o('review', 'upcoming')],
  [o('visit', 'overdue'), o('review', 'upcoming'), o('pep', 'upcoming')],
  [o('visit', 'upcoming'), o('review', 'upcoming'), o('pep', 'upcoming')],
]);
const digest = renderTeamDigest({
  teamName: 'North Locality',
  weekStarting: day('2024-06-03'),
  asOf: day('2024-06-03'),
  figures,
  lastWeek,
  overdueByWorker: [{ worker: 'Sam Morgan', items: [items[0]!] }],
  dueSoonByWorker: [
    { worker: 'Sam Morgan', count: 3 },
    { worker: 'Priya Sharma', count: 1 },
  ],
  dueSoonDays: 14,
  unallocated: [
    item({
      recordId: 'LA-C100044',
      caseLabel: 'LA-C100044 (R.N.)',
      days: -12,
      due: day('2024-05-22'),
      owner: 'worker inactive (W012)',
    }),
  ],
  dataQuality: [
    { recordId: 'LA-C900002', link: link('LA-C900002'), problem: 'invalid-record', detail: 'placement: required' },
  ],
  serviceName: "Example Council children's services",
});

const docs = resolve('docs');
mkdirSync(docs, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
for (const [name, email] of [
  ['worker-reminder', worker],
  ['team-digest', digest],
] as const) {
  const html = join(docs, `${name}.html`);
  writeFileSync(html, email.html);
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--hide-scrollbars',
      `--window-size=412,${name === 'worker-reminder' ? 1500 : 2000}`,
      `--screenshot=${join(docs, `${name}.png`)}`,
      `file://${html}`,
    ],
    { stdio: 'ignore' },
  );
  console.log(`docs/${name}.png  (subject: ${email.subject})`);
}
