/**
 * The delivery sweep, fired every hour by its own schedule: settles the emails the jobs left unsettled (an unknown
 * outcome past its quarantine, a claim abandoned by a run that died, a `retry` whose run gave up) by re-running the
 * job of their day for those emails only (shared/use-cases/settle-deliveries.ts). Input: the scheduled time, or
 * `"dryRun": true`. Throws when a re-run failed, so its retries and the failed-runs queue see it; publishes
 * `EmailsUnsettledAfterQuarantine`, the metric of the "emails unsettled" alarm.
 */
import type { Context } from 'aws-lambda';
import { DynamoLedgerQueries } from '../../shared/adapters/dynamodb-ledger-queries.js';
import { runDeliverySweep } from '../../shared/composition/delivery-sweep.js';
import { coldStart, lockSecondsOf, runJob, scheduledEventSchema } from '../../shared/composition/lambda-runtime.js';
import { londonDateOf } from '../../shared/domain/calendar/london.js';

const runtime = coldStart();
const unsettled = new DynamoLedgerQueries(runtime.adapters.doc, runtime.config.LEDGER_TABLE);

export async function handler(event: unknown, context?: Partial<Context>) {
  const input = scheduledEventSchema.parse(event ?? {});
  return runJob(
    runtime,
    {
      job: 'delivery-sweep',
      lock: 'delivery-sweep',
      asOf: londonDateOf(new Date()),
      dryRun: input.dryRun,
      lockSeconds: lockSecondsOf(context, 900),
    },
    (deps) => runDeliverySweep(deps, unsettled),
  );
}
