/**
 * Escalations in memory: the working-day thresholds at their edge, one email per recipient per day (a later day
 * still gets its own), and a recipient who is both a team's manager and a head of service. No bank holiday falls
 * between 3 June and 2 July 2024, so working days are the weekdays.
 */
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { escalationEmailKey, runEscalations } from '../../shared/use-cases/escalations.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';
import { InMemoryStore, fakeDelivery } from '../helpers/fakes.js';
import { child } from '../helpers/records.js';
import { unwrap } from '../../shared/templates/text.js';

const worker = { id: 'W-1', name: 'Sam Social', email: 'sam@council.gov.uk', teamId: 'T-1', active: true };

/** A child whose only item in play is a visit, due 6 weeks after `last`. */
function lastVisited(id: string, last: string) {
  return child({
    id,
    givenName: 'Amelia',
    familyName: 'Okafor',
    dateOfBirth: '2012-06-01',
    periodOfCareStart: '2024-01-02',
    placement: { start: '2024-01-02', type: 'foster' },
    visits: [last],
    reviews: ['2024-01-20', '2024-04-15'],
    healthAssessments: ['2024-05-10'],
    dentalChecks: ['2024-05-01'],
    peps: ['2024-06-01'],
    supervisions: ['2024-06-07'],
    sdqs: ['2024-05-10'],
  });
}

function deps(store: InMemoryStore, serviceRecipients = ['head@council.gov.uk']) {
  return {
    ...fakeDelivery(),
    store,
    policy: compilePolicy({}),
    settings: {
      serviceName: 'Test service',
      caseLinkTemplate: 'https://cases.example/c/{id}',
      scanSegments: 1,
      sendConcurrency: 1,
      serviceRecipients,
    },
    runId: 'run',
  } satisfies DailyDeps;
}

const north = (managerEmails: string[]) => ({ id: 'T-1', name: 'North', managerEmails });

describe('escalations (use case, in-memory)', () => {
  it('the email key names the day as well as the recipient', () => {
    expect(escalationEmailKey('2024-06-11', 'm@council.gov.uk')).toBe('escalation#2024-06-11#m@council.gov.uk');
  });

  it('escalates a visit to the manager only once it is MORE than 5 working days overdue', async () => {
    // Due Mon 3 June: 5 working days overdue on Mon 10 June, 6 on Tue 11 June.
    const d = deps(new InMemoryStore([lastVisited('C-1', '2024-04-22')], [worker], [north(['m@council.gov.uk'])]));
    expect(await runEscalations(day('2024-06-10'), { ...d, runId: '10' })).toMatchObject({ toManagers: 0 });
    expect(d.sender.sent).toEqual([]);
    expect(await runEscalations(day('2024-06-11'), { ...d, runId: '11' })).toMatchObject({ toManagers: 1 });
    expect(d.sender.sent.map((m) => [m.to, m.subject])).toEqual([
      ['m@council.gov.uk', 'Escalation: 1 item long overdue in North, Tue 11 Jun 2024'],
    ]);
  });

  it('escalates to the head of service only once it is MORE than 20 working days overdue', async () => {
    // Due Mon 3 June: 20 working days overdue on Mon 1 July, 21 on Tue 2 July.
    const d = deps(new InMemoryStore([lastVisited('C-1', '2024-04-22')], [worker], [north(['m@council.gov.uk'])]));
    await runEscalations(day('2024-07-01'), { ...d, runId: '1' });
    expect(d.sender.sent.map((m) => m.to)).toEqual(['m@council.gov.uk']);
    await runEscalations(day('2024-07-02'), { ...d, runId: '2' });
    expect(d.sender.sent.map((m) => [m.to, m.subject])).toEqual([
      ['m@council.gov.uk', 'Escalation: 1 item long overdue in North, Mon 1 Jul 2024'],
      ['head@council.gov.uk', 'Escalation: 1 item long overdue in North, Tue 2 Jul 2024'],
    ]);
  });

  it('a recipient escalated to yesterday still gets today’s email about an item newly past the threshold', async () => {
    // C-1 (due Mon 3 June) passes 5 working days on Tue 11 June; C-2 (due Tue 4 June) on Wed 12 June.
    const d = deps(
      new InMemoryStore(
        [lastVisited('C-1', '2024-04-22'), lastVisited('C-2', '2024-04-23')],
        [worker],
        [north(['m@council.gov.uk'])],
      ),
    );
    await runEscalations(day('2024-06-11'), { ...d, runId: '11' });
    await runEscalations(day('2024-06-12'), { ...d, runId: '12' });
    expect(d.sender.sent.map((m) => [m.reference, m.subject])).toEqual([
      ['escalation#2024-06-11#m@council.gov.uk', 'Escalation: 1 item long overdue in North, Tue 11 Jun 2024'],
      ['escalation#2024-06-12#m@council.gov.uk', 'Escalation: 1 item long overdue in North, Wed 12 Jun 2024'],
    ]);
    expect(unwrap(d.sender.sent[0]!.text)).toContain('C-1 (A.O.): Statutory visit, 8 days overdue');
    expect(unwrap(d.sender.sent[1]!.text)).toContain('C-2 (A.O.): Statutory visit, 8 days overdue');
    expect(unwrap(d.sender.sent[1]!.text)).not.toContain('C-1 (A.O.)');
  });

  it('a manager who is also a head of service gets one email, as head of service, listing the item once', async () => {
    // Due Mon 3 June, 21 working days overdue on Tue 2 July: past both thresholds on the same morning.
    const d = deps(new InMemoryStore([lastVisited('C-1', '2024-04-22')], [worker], [north(['both@council.gov.uk'])]), [
      'both@council.gov.uk',
    ]);
    const summary = await runEscalations(day('2024-07-02'), d);
    expect(summary).toMatchObject({ toManagers: 0, toHeadsOfService: 1, emailsSent: 1 });
    expect(d.sender.sent.map((m) => [m.to, m.subject])).toEqual([
      ['both@council.gov.uk', 'Escalation: 1 item long overdue in North, Tue 2 Jul 2024'],
    ]);
    const text = unwrap(d.sender.sent[0]!.text);
    expect(text).toContain('Please raise these with the team managers this week');
    expect(text.split('C-1 (A.O.): Statutory visit, 29 days overdue')).toHaveLength(2);
    // Both levels were recorded: the next morning nothing goes again.
    await runEscalations(day('2024-07-03'), { ...d, runId: 'next' });
    expect(d.sender.sent).toHaveLength(1);
  });
});
