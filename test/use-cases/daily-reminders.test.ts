import { describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/templates/text.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { EmailSendError } from '../../shared/ports/email-sender.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';
import { InMemoryStore, fakeDelivery } from '../helpers/fakes.js';
import { child } from '../helpers/records.js';

const team = { id: 'T-1', name: 'North', managerEmails: ['manager@council.gov.uk'] };
const worker = { id: 'W-1', name: 'Sam Social', email: 'sam@council.gov.uk', teamId: 'T-1', active: true };

/** A child whose visit falls due on `due` (last visit 6 weeks before, first year of the placement). */
function childWithVisitDue(id: string, due: string, extra: Parameters<typeof child>[0] = {}) {
  const last = new Date(Date.parse(due) - 42 * 86_400_000).toISOString().slice(0, 10);
  return child({
    id,
    givenName: 'Amelia',
    familyName: 'Okafor',
    periodOfCareStart: '2024-01-02',
    placement: { start: '2024-01-02', type: 'foster' },
    visits: [last],
    // Everything else comfortably in hand, so that only the visit is in play.
    reviews: ['2024-01-20', '2024-04-15'],
    healthAssessments: ['2024-01-10'],
    dentalChecks: ['2024-05-01'],
    peps: ['2024-05-20'],
    supervisions: ['2024-05-30'],
    dateOfBirth: '2019-06-01',
    ...extra,
  });
}

function deps(store: InMemoryStore) {
  const delivery = fakeDelivery();
  return {
    ...delivery,
    store,
    policy: compilePolicy({ termCalendar: [{ start: '2024-04-15', end: '2024-07-23' }] }),
    settings: {
      serviceName: 'Test service',
      caseLinkTemplate: 'https://cases.example/c/{id}',
      scanSegments: 1,
      sendConcurrency: 2,
      serviceRecipients: ['head@council.gov.uk'],
    },
    runId: 'run-1',
  } satisfies DailyDeps;
}

describe('daily reminders (use case, in-memory)', () => {
  it('a child with one unreadable visit date is still reminded about; an unallocated one goes to the manager', async () => {
    const garbled = childWithVisitDue('C-9', '2024-05-31');
    garbled.visits = [...(garbled.visits ?? []), '10/13/2026 1:00 PM'];
    const unallocated = { ...childWithVisitDue('C-8', '2024-05-31'), workerId: null };
    const d = deps(new InMemoryStore([garbled, unallocated], [worker], [team]));
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary).toMatchObject({
      recordsRead: 2,
      invalidRecords: 0,
      valuesLeftOut: 1,
      notReadable: 0,
      overdue: 2,
      unreachableCases: 1,
    });
    const to = (who: string) => d.sender.sent.find((e) => e.to === who)?.text ?? '';
    expect(to('sam@council.gov.uk')).toContain('C-9 (A.O.): Statutory visit, 3 days overdue');
    expect(to('manager@council.gov.uk')).toContain('C-8');
  });

  it('announces an item once per stage and once overdue; its weekly repeat alone is no reason to write', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-17')], [worker], [team]);
    const d = deps(store);
    const sentOn = async (asOf: string) => {
      const before = d.sender.sent.length;
      await runDailyReminders(day(asOf), { ...d, runId: asOf });
      return d.sender.sent.slice(before);
    };
    expect(await sentOn('2024-06-03')).toHaveLength(1); // 14 days before: stage 14
    expect(await sentOn('2024-06-04')).toHaveLength(0); // still stage 14
    expect(await sentOn('2024-06-10')).toHaveLength(1); // 7 days before
    expect(await sentOn('2024-06-11')).toHaveLength(0);
    expect(await sentOn('2024-06-17')).toHaveLength(1); // due today (2-day stage skipped at the weekend)
    expect(await sentOn('2024-06-18')).toHaveLength(1); // first day overdue
    expect(await sentOn('2024-06-19')).toHaveLength(0);
    expect(await sentOn('2024-06-24')).toHaveLength(0); // 6 days overdue
    expect(await sentOn('2024-06-25')).toHaveLength(0); // a week after the first overdue notice: nothing changed
  });

  it('with workerEmailWhen every-working-day, writes every working day while something is due or overdue', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-17')], [worker], [team]);
    const d = { ...deps(store), policy: compilePolicy({ workerEmailWhen: 'every-working-day' }) };
    const sentOn = async (asOf: string) => {
      const before = d.sender.sent.length;
      await runDailyReminders(day(asOf), { ...d, runId: asOf });
      return d.sender.sent.slice(before).length;
    };
    // 2 June is a Sunday; 3 June is 14 days before (due soon), 19 June is 2 days overdue.
    expect(await sentOn('2024-06-02')).toBe(0);
    expect(await sentOn('2024-06-03')).toBe(1);
    expect(await sentOn('2024-06-04')).toBe(1);
    expect(await sentOn('2024-06-19')).toBe(1);
    expect(await sentOn('2024-06-19')).toBe(0); // the same day again
  });

  it('a bad absence on a worker line costs only itself: the worker is reminded and the run counts it', async () => {
    const away = [{ from: '2024-06-01', until: 'next week' }];
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03')], [{ ...worker, away }], [team]);
    const d = deps(store);
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary.directoryProblems).toBe(1);
    expect(d.sender.sent.map((m) => m.to)).toEqual(['sam@council.gov.uk']);
  });

  it('a worker away with nobody covering gets nothing: their manager is told what falls due before they are back', async () => {
    const away = [{ from: '2024-06-01', until: '2024-06-07' }];
    const store = new InMemoryStore(
      [childWithVisitDue('C-1', '2024-06-05'), childWithVisitDue('C-2', '2024-06-20')],
      [{ ...worker, away }],
      [team],
    );
    const d = deps(store);
    await runDailyReminders(day('2024-06-03'), d);
    expect(d.sender.sent.map((m) => m.to)).toEqual(['manager@council.gov.uk']);
    const text = unwrap(d.sender.sent[0]!.text);
    expect(text).toContain(
      'Sam Social is away until Fri 7 Jun 2024: 1 item falls due meanwhile (2 cases, nobody covering)',
    );
    expect(text).toContain('C-1 (A.O.): Statutory visit, due in 2 days');
    expect(text).toContain('- C-2 (A.O.); Due: nothing before they are back');
  });

  it('catches up a day that was missed entirely: what entered a stage then is announced next time', async () => {
    // Due 2024-06-11: the 7-day stage is reached on Tue 4 Jun. The run on the 4th never happens.
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-11')], [worker], [team]);
    const d = deps(store);
    await runDailyReminders(day('2024-06-03'), d); // 8 days before: stage 14
    expect(d.sender.sent).toHaveLength(1);
    await runDailyReminders(day('2024-06-05'), { ...d, runId: 'after-a-missed-day' });
    expect(d.sender.sent).toHaveLength(2);
    // The item was in the first email, so it is not "(new)" now, only at a new stage.
    expect(d.sender.sent[1]!.text).toContain('C-1 (A.O.): Statutory visit, due in 6 days');
  });

  it('sends nothing at weekends or on bank holidays, and says so', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03')], [worker], [team]);
    const d = deps(store);
    expect((await runDailyReminders(day('2024-06-01'), d)).skipped).toBe('non-working-day');
    expect((await runDailyReminders(day('2024-05-27'), d)).skipped).toBe('non-working-day');
    expect(d.sender.sent).toHaveLength(0);
  });

  it('puts every overdue item in the email, most urgent first, with the rule and the link', async () => {
    const store = new InMemoryStore(
      [
        childWithVisitDue('C-2', '2024-06-05'),
        childWithVisitDue('C-1', '2024-05-20'),
        childWithVisitDue('C-3', '2024-06-03'),
      ],
      [worker],
      [team],
    );
    const d = deps(store);
    await runDailyReminders(day('2024-06-03'), d);
    expect(d.sender.sent).toHaveLength(1);
    const email = d.sender.sent[0]!;
    expect(email.to).toBe('sam@council.gov.uk');
    expect(email.subject).toBe('1 due today, 1 overdue, 1 due soon: your statutory deadlines, Mon 3 Jun 2024');
    // Today first (due today; C-1 is 14 days overdue, so not newly overdue), then the backlog, then due soon.
    expect(email.text.indexOf('C-3')).toBeLessThan(email.text.indexOf('C-1'));
    expect(email.text.indexOf('C-1')).toBeLessThan(email.text.indexOf('C-2'));
    expect(email.text).toContain('14 days overdue');
    expect(email.text).toContain('CPPCR 2010 reg 28(2)(b)');
    expect(email.html).toContain('href="https://cases.example/c/C-1"');
    expect(email.text).toContain('C-1 (A.O.)');
    expect(email.text).not.toContain('Amelia');
  });

  it('routes cases with an inactive, unknown or address-less worker to the team manager', async () => {
    const store = new InMemoryStore(
      [
        childWithVisitDue('C-1', '2024-06-03', { workerId: 'W-gone' }),
        childWithVisitDue('C-2', '2024-06-03', { workerId: null }),
        childWithVisitDue('C-3', '2024-06-03', { workerId: 'W-2' }),
      ],
      [worker, { ...worker, id: 'W-gone', active: false }, { ...worker, id: 'W-2', email: null }],
      [team],
    );
    const d = deps(store);
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary.unreachableCases).toBe(3);
    expect(d.sender.sent.map((e) => e.to)).toEqual(['manager@council.gov.uk']);
    const text = d.sender.sent[0]!.text;
    expect(text).toContain('W-gone (Sam Social) has left: 1 case to reallocate');
    expect(text).toContain('No allocated worker: 1 case to allocate');
    expect(text).toContain('W-2 (Sam Social) has no email address: 1 case not being reminded');
  });

  it('reports unreadable records to the team manager, and carries on with the rest', async () => {
    const store = new InMemoryStore(
      [
        childWithVisitDue('C-1', '2024-06-03'),
        { id: 'C-bad', kind: 'child', teamId: 'T-1' },
        { id: 'C-lost', kind: 'child', teamId: 'T-unknown' },
      ],
      [worker],
      [team],
    );
    const d = deps(store);
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary).toMatchObject({ recordsRead: 3, invalidRecords: 2, emailsSent: 3 });
    const manager = d.sender.sent.find((e) => e.to === 'manager@council.gov.uk')!;
    expect(manager.text).toContain('- C-bad; Problem: A required detail is missing or not in the expected form');
    expect(d.sender.sent.find((e) => e.to === 'head@council.gov.uk')!.text).toContain('C-lost');
    expect(d.sender.sent.find((e) => e.to === 'sam@council.gov.uk')).toBeDefined();
  });

  it('retries a throttled send and sends it once', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03')], [worker], [team]);
    const d = deps(store);
    d.sender.failWith = (_e, attempt) =>
      attempt < 3 ? new EmailSendError('slow down', 'retry', 'TooManyRequestsException') : undefined;
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary).toMatchObject({ emailsSent: 1, failed: 0 });
    expect(d.sender.attempts).toBe(3);
    expect(d.sender.sent).toHaveLength(1);
  });

  it('records a permanent rejection with its reason and does not retry it', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03')], [worker], [team]);
    const d = deps(store);
    d.sender.failWith = () => new EmailSendError('rejected', 'permanent', 'MessageRejected');
    expect(await runDailyReminders(day('2024-06-03'), d)).toMatchObject({ emailsSent: 0, failed: 1 });
    expect(d.sender.attempts).toBe(1);
    expect([...d.ledger.emails.values()][0]).toMatchObject({ status: 'failed', reason: 'MessageRejected' });
  });

  it('never sends outside the allowed domains', async () => {
    const store = new InMemoryStore(
      [childWithVisitDue('C-1', '2024-06-03')],
      [{ ...worker, email: 'sam@gmail.com' }],
      [team],
    );
    const d = deps(store);
    expect(await runDailyReminders(day('2024-06-03'), d)).toMatchObject({ emailsSent: 0, failed: 1 });
    expect(d.sender.attempts).toBe(0);
  });

  it('a re-run of the same day sends nothing and counts what was already sent', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03')], [worker], [team]);
    const d = deps(store);
    await runDailyReminders(day('2024-06-03'), d);
    const again = await runDailyReminders(day('2024-06-03'), { ...d, runId: 'run-2' });
    expect(again).toMatchObject({ emailsSent: 0, alreadySent: 1 });
    expect(d.sender.sent).toHaveLength(1);
  });

  it('sends the unreachable cases of a team with no manager address to the heads of service, counts and logs them by id', async () => {
    const store = new InMemoryStore(
      [childWithVisitDue('C-1', '2024-06-03', { workerId: null }), childWithVisitDue('C-2', '2024-06-03')],
      [worker],
      [{ ...team, managerEmails: [] }],
    );
    const warnings: unknown[][] = [];
    const d = { ...deps(store), log: { info() {}, warn: (...a: unknown[]) => warnings.push(a), error() {} } };
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary).toMatchObject({ unreachableCases: 1, unreachableToHeadsOfService: 1, failed: 0 });
    const head = d.sender.sent.find((e) => e.to === 'head@council.gov.uk')!;
    expect(head.text).toContain('C-1');
    expect(head.text).toContain('North (the team has no manager address that works)');
    expect(warnings).toEqual([
      [
        'team has no usable manager address: its unreachable cases go to the heads of service',
        expect.objectContaining({ teamId: 'T-1', cases: 1, recordIds: ['C-1'] }),
      ],
    ]);
    expect(JSON.stringify(warnings)).not.toContain('@');
  });

  it('treats a suppressed (bouncing) manager address like a missing one', async () => {
    const store = new InMemoryStore([childWithVisitDue('C-1', '2024-06-03', { workerId: null })], [worker], [team]);
    const d = deps(store);
    await d.ledger.suppressAddress('Manager@council.gov.uk');
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary.unreachableToHeadsOfService).toBe(1);
    expect(d.sender.sent.map((e) => e.to)).toEqual(['head@council.gov.uk']);
  });

  it('keeps workers whose ids contain separators apart in the ledger', async () => {
    const store = new InMemoryStore(
      [
        childWithVisitDue('C-1', '2024-06-03', { workerId: 'W#1' }),
        childWithVisitDue('C-2', '2024-06-03', { workerId: 'W' }),
      ],
      [
        { ...worker, id: 'W#1', email: 'one@council.gov.uk' },
        { ...worker, id: 'W', email: 'two@council.gov.uk' },
      ],
      [team],
    );
    const d = deps(store);
    const summary = await runDailyReminders(day('2024-06-03'), d);
    expect(summary.emailsSent).toBe(2);
    expect([...d.ledger.emails.keys()].sort()).toEqual([
      'daily-reminder#2024-06-03#worker:W',
      'daily-reminder#2024-06-03#worker:W%231',
    ]);
  });
});

describe('daily reminders: teams the directory does not know', () => {
  it('each unknown team has an email of its own to the heads of service, so no team’s cases are lost', async () => {
    const a = { ...childWithVisitDue('C-A', '2024-05-31'), teamId: 'T-GONE', workerId: null };
    const b = { ...childWithVisitDue('C-B', '2024-05-31'), teamId: 'unassigned', workerId: null };
    const d = deps(new InMemoryStore([a, b], [worker], [team]));
    await runDailyReminders(day('2024-06-03'), d);
    const toHead = d.sender.sent.filter((e) => e.to === 'head@council.gov.uk');
    expect(toHead.map((e) => e.subject).sort()).toEqual([
      'Not allocated to a team: 1 case reaches no worker, Mon 3 Jun 2024',
      'Team T-GONE (not in the directory): 1 case reaches no worker, Mon 3 Jun 2024',
    ]);
    expect(toHead.find((e) => e.subject.startsWith('Team T-GONE'))?.text).toContain('C-A');
    expect(toHead.find((e) => e.subject.startsWith('Not allocated'))?.text).toContain('C-B');
  });
});

describe('weekly digest: records that could not be read', () => {
  it('counts a record that could not be evaluated, not a value left out of one that was', async () => {
    const garbled = childWithVisitDue('C-9', '2024-05-31');
    garbled.visits = [...(garbled.visits ?? []), '10/13/2026 1:00 PM'];
    const blocked = { ...childWithVisitDue('C-7', '2024-05-31'), dateOfBirth: 'unknown' };
    const d = deps(new InMemoryStore([garbled, blocked], [worker], [team]));
    await runWeeklyDigest(day('2024-06-03'), { scope: 'all' }, d);
    const service = d.sender.sent.find((e) => e.to === 'head@council.gov.uk')!;
    expect(unwrap(service.text)).toContain(
      '- North; Overdue items: 1; Cases reaching no worker: 0; Records that could not be read: 1',
    );
  });
});
