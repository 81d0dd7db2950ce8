/**
 * Defaults shared by the functions' environment (env.ts) and the stage configuration (infra): one value, one place.
 * The ledger is the evidence of who was told what; six years (2,190 days) matches the usual retention of case
 * records' supporting correspondence. The README's settings tables are generated from the schemas that use these.
 */
export const DEFAULTS = {
  ledgerRetentionDays: 2190,
  scanSegments: 4,
  sendRatePerSecond: 10,
  serviceName: "Children's services statutory reminders",
} as const;
