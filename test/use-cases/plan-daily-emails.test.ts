/**
 * The worker's email from one case's point of view, day by day: what changed since their last email and how each
 * row says so, and a decline from its entry to its re-offer date. The caseload is written out by hand (as the
 * engine gives it, `declined` included), so that what is tested is the planning and the wording.
 */
import { describe, expect, it } from 'vitest';
import { type Day, day } from '../../shared/domain/calendar/local-date.js';
import type { Worker } from '../../shared/domain/directory.js';
import { type Obligation, statusOf } from '../../shared/domain/obligations.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { unwrap } from '../../shared/templates/text.js';
import { deliverAll } from '../../shared/use-cases/deliver-all.js';
import type { Caseload } from '../../shared/use-cases/evaluate-caseload.js';
import { planEmails } from '../../shared/use-cases/plan-daily-emails.js';
import { fakeDelivery } from '../helpers/fakes.js';
import { child } from '../helpers/records.js';
import { validateRecord } from '../../shared/domain/records/validate.js';

const policy = compilePolicy({});
const worker: Worker = {
  id: 'W-1',
  name: 'Sam Social',
  email: 'sam@council.gov.uk',
  teamId: 'T-1',
  active: true,
  emailSuppressed: false,
};
const team = { id: 'T-1', name: 'North', managerEmails: ['manager@council.gov.uk'], digestDay: 1, digestTime: '08:00' };

/** One obligation as the engine gives it on `asOf`. */
function obligation(
  recordId: string,
  kind: Obligation['obligation'],
  due: string,
  asOf: Day,
  declined?: string,
): Obligation {
  const d = day(due);
  return {
    recordId,
    obligation: kind,
    rule: kind,
    citation: kind === 'dental-check' ? 'Local policy: dental check every 6 months' : 'CPPCR 2010 reg 28(2)(b)',
    force: 'statutory',
    due: d,
    explanation: '',
    basis: undefined,
    status: statusOf(d, asOf, policy.reminderWindowDays),
    days: d - asOf,
    ...(declined ? { declined: day(declined) } : {}),
  };
}

function caseload(asOf: Day, cases: { id: string; obligations: Obligation[] }[]): Caseload {
  return {
    asOf,
    cases: cases.map((c) => ({
      record: validateRecord(child({ id: c.id, workerId: 'W-1', teamId: 'T-1' }), asOf).record!,
      obligations: c.obligations,
      route: { to: 'worker' as const, worker },
    })),
    findings: [],
    workers: new Map([[worker.id, worker]]),
    teams: new Map([[team.id, team]]),
    absences: new Map(),
    directoryProblems: [],
    recordsRead: cases.length,
  };
}

function morning() {
  const delivery = fakeDelivery();
  const deps = {
    ...delivery,
    store: undefined as never,
    policy,
    settings: {
      serviceName: 'Test service',
      caseLinkTemplate: 'https://cases.example/c/{id}',
      scanSegments: 1,
      sendConcurrency: 1,
      serviceRecipients: [],
    },
    runId: 'r',
  };
  /** The text of the worker's email that morning, or undefined when none goes. */
  return async (asOf: string, cases: (asOf: Day) => { id: string; obligations: Obligation[] }[]) => {
    const d = day(asOf);
    const before = delivery.sender.sent.length;
    const { plans } = await planEmails(caseload(d, cases(d)), d, { ...deps, runId: asOf });
    await deliverAll(plans, { ...deps, runId: asOf });
    const sent = delivery.sender.sent.slice(before).filter((m) => m.to === 'sam@council.gov.uk');
    expect(sent.length).toBeLessThanOrEqual(1);
    return sent[0] ? unwrap(sent[0].text).replace(/\s+/g, ' ') : undefined;
  };
}

describe('what changed since the last email', () => {
  it('marks a new case, an item now overdue and a moved due date, and writes nothing when nothing changed', async () => {
    const send = morning();
    const c2Due = { value: '2024-07-01' };
    const cases = (asOf: Day) => [
      { id: 'C-1', obligations: [obligation('C-1', 'visit', '2024-06-05', asOf)] },
      ...(asOf >= day('2024-06-07')
        ? [{ id: 'C-2', obligations: [obligation('C-2', 'visit', c2Due.value, asOf)] }]
        : []),
    ];
    // Mon 3 Jun: the first email marks nothing.
    const first = await send('2024-06-03', cases);
    expect(first).toContain('C-1: Statutory visit, due in 2 days');
    expect(first).not.toMatch(/\((new|now overdue|due date moved)\)/);
    // Tue 4 Jun: nothing changed (the 2-day stage was reached on Monday).
    expect(await send('2024-06-04', cases)).toBeUndefined();
    // Thu 6 Jun: overdue since yesterday.
    expect(await send('2024-06-06', cases)).toContain('C-1: Statutory visit (now overdue), 1 day overdue');
    // Fri 7 Jun: a case is allocated (its visit only coming up): the email goes, the row says "new".
    const allocated = await send('2024-06-07', cases);
    expect(allocated).toContain('C-2: Statutory visit (new), due in 24 days');
    expect(allocated).not.toContain('C-1: Statutory visit (');
    // C-2's visit is recorded as planned for later: its due date moves; no stage is reached, so no email Monday...
    c2Due.value = '2024-07-05';
    expect(await send('2024-06-10', cases)).toBeUndefined();
    // ...and the row says so in the next email that goes: C-1 moves to another worker on Tue 11 Jun.
    const onlyC2 = (asOf: Day) => cases(asOf).filter((c) => c.id === 'C-2');
    const moved = await send('2024-06-11', onlyC2);
    expect(moved).toContain('A case in your last email is no longer allocated to you');
    expect(moved).toContain('C-2: Statutory visit (due date moved), due in 24 days');
    expect(moved).not.toContain('C-1');
    // The same day again: nothing.
    expect(await send('2024-06-11', onlyC2)).toBeUndefined();
  });
});

describe('a decline, from its entry to its re-offer date', () => {
  // Dental check due 20 May 2024, overdue; declined on 3 Jun 2024, offer again by 3 Sep 2024 (3 months).
  const cases = (asOf: Day) => {
    const declined = asOf >= day('2024-06-04');
    return [
      {
        id: 'C-1',
        obligations: [
          declined
            ? obligation('C-1', 'dental-check', '2024-09-03', asOf, '2024-06-03')
            : obligation('C-1', 'dental-check', '2024-05-20', asOf),
        ],
      },
    ];
  };

  it('overdue before; once declined, said once apart and never overdue; reminded before the re-offer date; overdue after it', async () => {
    const send = morning();
    const t = (x: string | undefined) => x?.replace(/\s+/g, ' ');
    expect(t(await send('2024-06-03', cases))).toContain('C-1: Dental check, 14 days overdue');
    const recorded = t(await send('2024-06-04', cases));
    expect(recorded).toContain(
      'Declined: to offer again (1) ---------------------------- Refused or consent withheld; offer again by the date shown - C-1: Dental check (declined), declined on 3 Jun 2024, offer again by 3 Sep 2024',
    );
    expect(recorded).not.toContain('overdue (');
    expect(recorded).toMatch(/^nothing urgent|Needs doing today \(0\)/m);
    expect(await send('2024-06-05', cases)).toBeUndefined();
    expect(await send('2024-08-19', cases)).toBeUndefined();
    expect(t(await send('2024-08-20', cases))).toContain(
      'C-1: Dental check, declined on 3 Jun 2024, offer again by 3 Sep 2024',
    );
    const late = t(await send('2024-09-04', cases));
    expect(late).toContain(
      'C-1: Dental check (now overdue), declined on 3 Jun 2024, offer again by 3 Sep 2024 (1 day overdue)',
    );
  });
});
