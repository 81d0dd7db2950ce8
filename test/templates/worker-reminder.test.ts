import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import type { ItemView } from '../../shared/templates/reminder-items.js';
import { renderWorkerReminder } from '../../shared/templates/worker-reminder.js';

const item = (over: Partial<ItemView>): ItemView => ({
  recordId: 'LA-C100001',
  caseLabel: 'LA-C100001 (A.O.)',
  link: 'https://case-system.example-council.gov.uk/cases/LA-C100001',
  obligation: 'visit',
  label: 'Statutory visit',
  due: day('2024-05-31'),
  days: -3,
  citation: 'CPPCR 2010 reg 28(2)(a)',
  urgency: 'overdue',
  isNew: true,
  ...over,
});

const view = {
  workerName: 'Sam Social',
  asOf: day('2024-06-03'),
  items: [
    item({}),
    item({
      recordId: 'LA-C100002',
      caseLabel: 'LA-C100002 (J.K.)',
      link: 'https://case-system.example-council.gov.uk/cases/LA-C100002',
      obligation: 'review',
      label: 'Statutory review',
      due: day('2024-06-03'),
      days: 0,
      urgency: 'due-today',
      citation: 'CPPCR 2010 reg 33(1)',
    }),
    item({
      obligation: 'health-assessment',
      label: 'Health assessment',
      due: day('2024-06-10'),
      days: 7,
      urgency: 'due-soon',
      isNew: false,
      citation: 'CPPCR 2010 reg 7',
    }),
  ],
  comingUp: [
    item({
      obligation: 'dental-check',
      label: 'Dental check',
      due: day('2024-06-28'),
      days: 25,
      urgency: 'coming-up',
      isNew: false,
      citation: 'Local policy: dental check every 6 months',
    }),
  ],
  comingUpDays: 28,
  serviceName: "Example Council children's services",
};

describe('worker reminder email', () => {
  it('has a subject naming the counts', () => {
    expect(renderWorkerReminder(view).subject).toBe(
      '1 overdue, 1 due today, 1 due soon: statutory deadlines for Mon 3 Jun 2024',
    );
  });

  it('renders the plain text for a fixed case', () => {
    expect(renderWorkerReminder(view).text).toMatchSnapshot();
  });

  it('uses real headings and tables with header cells, and says urgency in words', () => {
    const { html } = renderWorkerReminder(view);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toMatch(/<h1[^>]*>Your statutory deadlines<\/h1>/);
    expect(html).toMatch(/<h2[^>]*>Overdue \(1\)<\/h2>/);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<caption');
    expect(html).toContain('3 days overdue');
    expect(html).not.toContain('<img');
  });

  it('escapes HTML in every field that could come from data', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const { html, text } = renderWorkerReminder({
      ...view,
      workerName: evil,
      items: [item({ recordId: evil, caseLabel: evil, citation: evil, link: `javascript:alert(1)` })],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html).not.toContain('href="javascript:');
    expect(text).toContain(evil); // plain text is not HTML
  });
});
