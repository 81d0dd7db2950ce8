/**
 * Every email one morning of the synthetic authority produces (daily reminders, escalations, digests), run through
 * the real use cases in memory. Used by the email tests and by `npm run screenshot`.
 */
import { syntheticCaseload } from '../../cli/synthetic/authority.js';
import type { Day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import type { OutgoingEmail } from '../../shared/ports/email-sender.js';
import { runDailyReminders } from '../../shared/use-cases/daily-reminders.js';
import type { DailyDeps } from '../../shared/use-cases/job-deps.js';
import { runEscalations } from '../../shared/use-cases/escalations.js';
import { runWeeklyDigest } from '../../shared/use-cases/weekly-digest.js';
import { FixedClock, InMemoryStore, fakeDelivery } from './fakes.js';

export const SAMPLE_DOMAIN = 'example-council.gov.uk';

export function sampleDeps(asOf: Day) {
  const authority = syntheticCaseload({ asOf, seed: 1, domain: SAMPLE_DOMAIN });
  const store = new InMemoryStore([...authority.records, ...authority.malformed], authority.workers, authority.teams);
  const delivery = fakeDelivery({ allowedDomains: [SAMPLE_DOMAIN], clock: new FixedClock() });
  const deps = {
    ...delivery,
    store,
    policy: compilePolicy({}),
    settings: {
      serviceName: "Example Council children's services",
      caseLinkTemplate: 'https://case-system.example-council.gov.uk/cases/{id}',
      scanSegments: 1,
      sendConcurrency: 4,
      serviceRecipients: [`head.of.service@${SAMPLE_DOMAIN}`],
      contact: `the performance team (performance@${SAMPLE_DOMAIN})`,
    },
    runId: 'sample',
  } satisfies DailyDeps;
  return { authority, deps };
}

/** One morning's run: daily reminders, then escalations, then the weekly digests. */
export async function runMorning(asOf: Day, deps: DailyDeps): Promise<void> {
  await runDailyReminders(asOf, deps);
  await runEscalations(asOf, deps);
  await runWeeklyDigest(asOf, { scope: 'all' }, deps);
}

/** The morning's emails, after last week's digest ran (so the digests have last week's figures beside them). */
export async function sampleEmails(asOf: Day): Promise<OutgoingEmail[]> {
  const { deps } = sampleDeps(asOf);
  await runWeeklyDigest((asOf - 7) as Day, { scope: 'all' }, { ...deps, runId: 'last-week' });
  deps.sender.sent.length = 0;
  await runMorning(asOf, deps);
  return deps.sender.sent;
}

/** The email kind from its ledger key. */
export const kindOf = (e: OutgoingEmail) => e.reference.split('#')[0]!;

/** The largest email of each kind one morning: the samples in docs/ (`npm run screenshot` writes them). */
export async function sampleDocs(
  asOf: Day,
): Promise<Map<string, { email: OutgoingEmail; html: string; text: string }>> {
  const largest = new Map<string, OutgoingEmail>();
  for (const e of await sampleEmails(asOf)) {
    const k = kindOf(e);
    if (!largest.has(k) || e.html.length > largest.get(k)!.html.length) largest.set(k, e);
  }
  return new Map(
    [...largest].map(([k, e]) => [k, { email: e, html: e.html, text: `Subject: ${e.subject}\n\n${e.text}` }]),
  );
}
