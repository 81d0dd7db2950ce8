import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDeps, reminderSettings } from '../../shared/composition/compose.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { FixedClock, silentLog } from '../helpers/fakes.js';
import { type IamCheck, iamCheck } from '../helpers/iam-check.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { child } from '../helpers/records.js';
import { unwrap } from '../../shared/templates/text.js';

let local: LocalAws;
let digestIam: IamCheck;
let escalationsIam: IamCheck;
const runDigest: typeof runWeeklyDigest = (...args) => digestIam.run(() => runWeeklyDigest(...args));
const runEscalating: typeof runEscalations = (...args) => escalationsIam.run(() => runEscalations(...args));
const DOMAIN = 'example-council.gov.uk';

/** A hand-computed team: 4 children, visit status chosen per child; everything else in hand. */
function kid(id: string, lastVisit: string, workerId: string | null = 'W-A') {
  return child({
    id,
    workerId,
    teamId: 'T-N',
    givenName: 'Zoë',
    familyName: 'Ng',
    dateOfBirth: '2010-01-01',
    periodOfCareStart: '2023-01-02',
    placement: { start: '2023-01-02', type: 'foster' },
    visits: [lastVisit],
    reviews: ['2023-01-20', '2023-04-10', '2024-04-01'],
    healthAssessments: ['2024-01-05'],
    sdqs: ['2024-01-05'],
    dentalChecks: ['2024-03-01'],
    peps: ['2024-05-01'],
    supervisions: ['2024-05-20'],
  });
}

beforeAll(async () => {
  local = await startLocalAws();
  digestIam = await iamCheck('weekly-digest');
  escalationsIam = await iamCheck('escalations');
  await local.adapters.store.putAll([
    { entity: 'team', id: 'T-N', item: { id: 'T-N', name: 'North', managerEmails: [`m1@${DOMAIN}`, `m2@${DOMAIN}`] } },
    {
      entity: 'worker',
      id: 'W-A',
      item: { id: 'W-A', name: 'Alex Worker', email: `alex@${DOMAIN}`, teamId: 'T-N', active: true },
    },
    {
      entity: 'worker',
      id: 'W-B',
      item: { id: 'W-B', name: 'Bo Worker', email: `bo@${DOMAIN}`, teamId: 'T-N', active: true },
    },
    // Visits on 2024-06-03: C-1 overdue by 20 days (due 2024-05-14), C-2 overdue 3 days, C-3 due in 10 days, C-4 unallocated overdue.
    { entity: 'case', id: 'C-1', item: kid('C-1', '2024-04-02') as never },
    { entity: 'case', id: 'C-2', item: kid('C-2', '2024-04-19', 'W-B') as never },
    { entity: 'case', id: 'C-3', item: kid('C-3', '2024-05-02') as never },
    { entity: 'case', id: 'C-4', item: kid('C-4', '2024-04-10', null) as never },
    { entity: 'case', id: 'C-bad', item: { id: 'C-bad', kind: 'child', teamId: 'T-N' } },
  ]);
}, 60_000);
afterAll(async () => local.stop());

const deps = (asOf: string, runId = asOf) => ({
  ...deliveryDeps(local.config, local.adapters, silentLog, new FixedClock(new Date(`${asOf}T07:00:00Z`))),
  store: local.adapters.store,
  policy: compilePolicy({}),
  settings: reminderSettings(local.config),
  runId,
});
const mail = async (prefix: string) =>
  (await sentEmails(local.emulators.sesEndpoint)).filter((e) => referenceOf(e)!.startsWith(prefix));

describe('weekly digest on dynalite and aws-ses-v2-local', () => {
  it('sends each manager the team figures, overdue by worker oldest first, unallocated and unreadable records', async () => {
    const summary = await runDigest(day('2024-06-03'), { scope: 'all' }, deps('2024-06-03'));
    expect(summary).toMatchObject({ teams: 1, emailsSent: 3, failed: 0 }); // 2 managers + head of service
    const digests = await mail('weekly-digest#2024-06-03#team:T-N#');
    expect(digests.map((d) => d.destination.to[0]).sort()).toEqual([`m1@${DOMAIN}`, `m2@${DOMAIN}`]);
    const raw = digests[0]!.body.text!;
    const text = unwrap(raw);
    // Visits: 4 applicable, C-1, C-2 and C-4 overdue → 1 of 4 in time.
    expect(text).toContain(
      '- Statutory visits in time; This week: 25.0% (1 of 4 cases); Last week: none; Change: no figure last week',
    );
    expect(text).toContain('- Reviews in time; This week: 100.0% (4 of 4 cases)');
    // Figures first, then what needs the manager, then per worker, then the worst items.
    const order = ['Figures\n', 'Needs you\n', 'By worker\n', 'Most overdue items\n'].map((h) => raw.indexOf(h));
    expect(order.every((n) => n > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('No allocated worker: 1 case to allocate');
    expect(text).toContain('- Alex Worker; Overdue items: 1; Oldest: 20 days overdue');
    expect(text).toContain('- Bo Worker; Overdue items: 1; Oldest: 3 days overdue');
    expect(text).toContain('C-1 (Z.N.): Statutory visit, 20 days overdue');
    expect(text).toContain('- C-bad; Problem: A required detail is missing or not in the expected form');
    // Overdue items include the unallocated case's: the same number as the service digest's.
    expect(text).toContain('3 items overdue in the team');
    expect(text).not.toContain('Zoë');
    const service = await mail('service-digest#2024-06-03#');
    expect(service).toHaveLength(1);
    expect(unwrap(service[0]!.body.text!)).toContain(
      '- North; Overdue items: 3; Cases reaching no worker: 1; Records that could not be read: 1',
    );
    expect(unwrap(service[0]!.body.text!)).toContain('3 items overdue across the service');
    // The service table (no figure last week: "new"), and the team's detail with its case counts.
    expect(unwrap(service[0]!.body.text!)).toContain('- North: Visits 25.0% new lowest; Reviews 100.0% new;');
    expect(unwrap(service[0]!.body.text!)).toContain(
      'Lowest this week: North, Statutory visits in time, 25.0% (1 of 4 cases in time).',
    );
    expect(unwrap(service[0]!.body.text!)).toContain('- Statutory visits in time: 1 of 4 cases (25.0%; last week –)');
  });

  it('is sent once per manager and week', async () => {
    const again = await runDigest(day('2024-06-05'), { scope: 'all' }, deps('2024-06-05'));
    expect(again).toMatchObject({ emailsSent: 0, alreadySent: 3 });
  });

  it('shows last week beside this week, with the direction of change', async () => {
    // A visit to C-1 and C-2 is recorded during the week.
    await local.adapters.store.putAll([
      { entity: 'case', id: 'C-1', item: kid('C-1', '2024-06-05') as never },
      { entity: 'case', id: 'C-2', item: kid('C-2', '2024-06-06', 'W-B') as never },
    ]);
    await runDigest(day('2024-06-10'), { scope: 'team', teamId: 'T-N' }, deps('2024-06-10'));
    const next = await mail('weekly-digest#2024-06-10#team:T-N#');
    expect(next).toHaveLength(2);
    // C-3 is now overdue (due 2024-06-13? no: 2024-05-02 + 42 = 2024-06-13) → still in time on 10 Jun; C-4 overdue.
    expect(unwrap(next[0]!.body.text!)).toContain(
      '- Statutory visits in time; This week: 75.0% (3 of 4 cases); Last week: 25.0%; Change: up 50.0 points',
    );
    expect(await mail('service-digest#2024-06-10#')).toHaveLength(0);
  });
});

describe('escalations on dynalite and aws-ses-v2-local', () => {
  it('sends each recipient one email a day listing what passed the threshold, worst first, capped, and never again on a re-run', async () => {
    // On 2024-06-24: C-4 (due 2024-05-22) is 22 working days overdue (27 May is a bank holiday); C-3 (due 2024-06-13) is 7.
    const capped = (asOf: string, runId: string) => ({
      ...deps(asOf, runId),
      policy: compilePolicy({ escalationDailyLimitPerRecipient: 1 }),
    });
    const summary = await runEscalating(day('2024-06-24'), capped('2024-06-24', 'first'));
    const sent = await mail('escalation#');
    expect(sent.map((m) => m.destination.to[0]).sort()).toEqual([
      `head.of.service@${DOMAIN}`,
      `m1@${DOMAIN}`,
      `m2@${DOMAIN}`,
    ]);
    const m1 = sent.find((m) => m.destination.to[0] === `m1@${DOMAIN}`)!;
    expect(m1.subject).toBe('Escalation: 2 items long overdue in North, Mon 24 Jun 2024');
    // Worst first, capped at one: C-4 is listed, C-3 is counted.
    expect(unwrap(m1.body.text!)).toContain('C-4 (Z.N.): Statutory visit, 33 days overdue');
    expect(unwrap(m1.body.text!)).not.toContain('C-3 (Z.N.)');
    expect(unwrap(m1.body.text!)).toContain('1 more item also passed the escalation point');
    expect(unwrap(m1.body.text!)).toContain('Please check each case with its worker today');
    expect(unwrap(m1.body.text!)).toContain('No allocated worker');
    const head = sent.find((m) => m.destination.to[0] === `head.of.service@${DOMAIN}`)!;
    expect(head.subject).toBe('Escalation: 1 item long overdue in North, Mon 24 Jun 2024');
    expect(summary).toMatchObject({ toManagers: 2, toHeadsOfService: 1, notListed: 2, failed: 0 });
    // The same day again (a re-run, or the function's own retry): nothing new.
    const rerun = await runEscalating(day('2024-06-24'), capped('2024-06-24', 'rerun'));
    expect(rerun).toMatchObject({ emailsSent: 0, alreadySent: 3 });
    // The next day: every item was escalated once already, so nothing goes.
    const next = await runEscalating(day('2024-06-25'), capped('2024-06-25', 'next'));
    expect(next.emailsSent).toBe(0);
    expect(await mail('escalation#')).toHaveLength(3);
  });
});

describe('the calls the digest and the escalations make', () => {
  it('through the handlers too: a team digest, the service digest and an escalations run hold their run locks', async () => {
    const digest = (await import('../../functions/weekly-digest/handler.js')).handler;
    const escalations = (await import('../../functions/escalations/handler.js')).handler;
    await digestIam.run(() => digest({ teamId: 'T-N', asOf: '2024-06-17' }));
    await digestIam.run(() => digest({ scope: 'service', asOf: '2024-06-17' }));
    await escalationsIam.run(() => escalations({ asOf: '2024-06-26' }));
    const locks = [...digestIam.calls, ...escalationsIam.calls]
      .map((c) => (c.input.Key as { pk?: string } | undefined)?.pk)
      .filter((pk) => pk?.startsWith('LOCK#'));
    expect(new Set(locks)).toEqual(
      new Set(['LOCK#weekly-digest#team:T-N', 'LOCK#weekly-digest#service', 'LOCK#escalations']),
    );
  });

  it.each([
    ['weekly-digest', () => digestIam],
    ['escalations', () => escalationsIam],
  ])('%s makes only AWS calls its synthesised role allows', async (_name, check) => {
    await check().assertAllowed();
  });
});
