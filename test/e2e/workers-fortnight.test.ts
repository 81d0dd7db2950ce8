/**
 * A fortnight of working days of the synthetic authority on the emulators (dynalite and aws-ses-v2-local), as the
 * scheduled job runs it: who is written to each morning, a colleague away with cover and one away with nobody
 * covering from their first day to the day after they are back, and a re-run of a morning sending nothing.
 *
 * The synthetic authority (seed 3, as-of Mon 3 Jun 2024, 6 teams, 14 workers): W004 is away Tue 4 Jun to Fri 7 Jun
 * with W010 covering; W002 is away Sun 2 Jun to Fri 14 Jun with W014 covering; W005 is away Fri 31 May to Fri 7 Jun
 * with nobody named; W003 came back on Mon 3 Jun.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInput } from '../../shared/domain/directory.js';
import { unwrap } from '../../shared/templates/text.js';
import type { DailySummary } from '../../shared/use-cases/daily-reminders.js';
import { referenceOf, sentEmails } from '../../local/emulators.js';
import { type LocalAws, seedSynthetic, startLocalAws } from '../helpers/local-aws.js';

const DAYS = [
  '2024-06-03',
  '2024-06-04',
  '2024-06-05',
  '2024-06-06',
  '2024-06-07',
  '2024-06-10',
  '2024-06-11',
  '2024-06-12',
  '2024-06-13',
  '2024-06-14',
  '2024-06-17',
];

let local: LocalAws;
let workers: WorkerInput[];
let teams: { id: string; managerEmails?: string[] }[];
const summaries = new Map<string, DailySummary>();
type Mail = Awaited<ReturnType<typeof sentEmails>>[number];
const mail = new Map<string, Mail[]>();

beforeAll(async () => {
  local = await startLocalAws();
  const caseload = await seedSynthetic(local, '2024-06-03', { children: 240, leavers: 60, teams: 6, workers: 14 });
  workers = caseload.workers;
  teams = caseload.teams;
  const { handler } = await import('../../functions/daily-reminders/handler.js');
  for (const asOf of DAYS) summaries.set(asOf, (await handler({ asOf })) as DailySummary);
  const all = await sentEmails(local.emulators.sesEndpoint);
  for (const asOf of DAYS)
    mail.set(
      asOf,
      all.filter((e) => referenceOf(e)?.includes(`#${asOf}#`)),
    );
}, 120_000);
afterAll(async () => local?.stop());

const worker = (id: string) => workers.find((w) => w.id === id)!;
const to = (asOf: string, address: string | null | undefined) =>
  mail.get(asOf)!.filter((m) => m.destination.to[0] === address);
const textOf = (m: Mail) => unwrap(m.body.text!);

describe('a fortnight of working days', () => {
  it('writes to a worker only when something changed for them: the figures of each morning', () => {
    const emailed = DAYS.map((d) => summaries.get(d)!.workersEmailed);
    // 12 workers can be written to (W012 has left, W008 has no address). The first morning: all but the two away
    // (W002, W005). A quiet Tuesday: 5, W004's leave begun. The Monday after: a weekend of reminder dates, W004 and
    // W005 back. Nobody records anything in these two weeks, so the backlog grows and more items reach a stage.
    expect(emailed[0]).toBe(10);
    expect(emailed[1]).toBe(5);
    expect(emailed[5]).toBe(11);
    expect(emailed).toEqual([10, 5, 8, 9, 9, 11, 10, 11, 11, 11, 12]);
    // Managers: each Monday one more than the reminders alone would bring: a manager told of a value to correct (a
    // date the synthetic authority holds garbled), repeated weekly until it is fixed.
    expect(DAYS.map((d) => summaries.get(d)!.managersEmailed)).toEqual([5, 2, 3, 2, 2, 4, 1, 2, 2, 2, 4]);
  });

  it('a re-run of a morning sends nothing more', async () => {
    const { handler } = await import('../../functions/daily-reminders/handler.js');
    const again = (await handler({ asOf: '2024-06-04' })) as DailySummary;
    expect(again.emailsSent).toBe(0);
    expect(again.alreadySent).toBe(mail.get('2024-06-04')!.length);
  });

  it('a worker away with cover: written to before, nothing from the first to the last day, the cover has their cases apart, and back with what changed', () => {
    const away = worker('W004');
    const cover = worker('W010');
    expect(to('2024-06-03', away.email)).toHaveLength(1);
    for (const d of ['2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07'])
      expect(to(d, away.email), d).toHaveLength(0);
    // The first day of the absence: the cover is told, in a section of its own after their own cases.
    const first = to('2024-06-04', cover.email);
    expect(first).toHaveLength(1);
    const t = textOf(first[0]!);
    expect(t).toContain(`Covering for ${away.name} until Fri 7 Jun 2024`);
    expect(t.indexOf('Your statutory deadlines')).toBeLessThan(t.indexOf(`Covering for ${away.name}`));
    // The day after (Mon 10 Jun): the worker's email leads with what changed while they were away.
    const back = to('2024-06-10', away.email);
    expect(back).toHaveLength(1);
    const b = textOf(back[0]!);
    expect(b).toMatch(
      /Welcome back\. While you were away \(Tue 4 Jun 2024 to Fri 7 Jun 2024\): \d+ [a-z ]+(, \d+ [a-z ]+)*, marked below\./,
    );
    expect(b.indexOf('Welcome back')).toBeLessThan(b.indexOf('Your statutory deadlines'));
    for (const m of to('2024-06-10', cover.email)) expect(textOf(m)).not.toContain('Covering for');
  });

  it('a worker away from before the first morning, with cover, is written to again the day after', () => {
    const away = worker('W002');
    const cover = worker('W014');
    for (const d of DAYS.slice(0, 10)) expect(to(d, away.email), d).toHaveLength(0);
    expect(textOf(to('2024-06-03', cover.email)[0]!)).toContain(`Covering for ${away.name} until Fri 14 Jun 2024`);
    const back = to('2024-06-17', away.email);
    expect(back).toHaveLength(1);
    expect(textOf(back[0]!)).toContain('Welcome back from your leave (Sun 2 Jun 2024 to Fri 14 Jun 2024)');
  });

  it('a worker away with nobody covering: their manager is told what falls due meanwhile, until they are back', () => {
    const away = worker('W005');
    const manager = teams.find((t) => t.id === away.teamId)!.managerEmails![0]!;
    for (const d of DAYS.slice(0, 5)) expect(to(d, away.email), d).toHaveLength(0);
    const told = to('2024-06-03', manager);
    expect(told).toHaveLength(1);
    expect(textOf(told[0]!)).toMatch(
      new RegExp(`${away.name} is away until Fri 7 Jun 2024: \\d+ items? falls? due meanwhile`),
    );
    // The day after (Mon 10 Jun): back, and written to, leading with what changed while away.
    const back = to('2024-06-10', away.email);
    expect(back).toHaveLength(1);
    expect(textOf(back[0]!)).toContain('Welcome back from your leave (Fri 31 May 2024 to Fri 7 Jun 2024)');
    for (const m of to('2024-06-10', manager)) expect(textOf(m)).not.toContain(`${away.name} is away`);
  });
});
