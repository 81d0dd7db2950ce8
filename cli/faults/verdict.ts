/**
 * The verifier's verdict and its last line: `faults: scenarios=N duplicates=D missing=M ambiguous=A lateEvents=L
 * leaseExpiries=E unsent5xx=U lostSends=S deliveryOnly=O` when all is well; `faults: FAILED (<why>) …` otherwise.
 */
import type { FaultTotals } from './scenarios.js';

export function verdict(totals: FaultTotals): { ok: boolean; line: string } {
  const { injected } = totals;
  const figures = `scenarios=${totals.scenarios} duplicates=${totals.duplicates} missing=${totals.missing} ambiguous=${injected.ambiguous} lateEvents=${injected.lateEvents} leaseExpiries=${injected.leaseExpiries} unsent5xx=${injected.unsent5xx} lostSends=${injected.lostSends} deliveryOnly=${injected.deliveryOnly}`;
  const problems = [
    totals.duplicates > 0 ? `${totals.duplicates} duplicates` : '',
    totals.missing > 0 ? `${totals.missing} missing` : '',
    totals.unexpected > 0 ? `${totals.unexpected} unexpected emails` : '',
    totals.ledgerMismatches > 0 ? `${totals.ledgerMismatches} ledger entries disagree with SES` : '',
    injected.ambiguous === 0 ? 'no ambiguous answers injected' : '',
    injected.lateEvents === 0 ? 'no late or lost Send events injected' : '',
    injected.leaseExpiries === 0 ? 'no lease expiries injected' : '',
    injected.unsent5xx === 0 ? 'no SES 5xx without sending injected' : '',
    injected.lostSends === 0 ? 'no lost Send events injected' : '',
    injected.deliveryOnly === 0 ? 'no Delivery-only settlement injected' : '',
  ].filter(Boolean);
  return problems.length === 0
    ? { ok: true, line: `faults: ${figures}` }
    : { ok: false, line: `faults: FAILED (${problems.join('; ')}) ${figures}` };
}
