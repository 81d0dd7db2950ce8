/**
 * The synthetic authority written as an SSD extract and converted back gives every record as the SSD can carry it
 * (`ssdView`), for several seeds and dates: proof that writer and converter agree on every table, date form and
 * code, and that the extras (out of scope, bad rows) cost only their own rows.
 */
import { describe, expect, it } from 'vitest';
import { ssdExtractOf, ssdView } from '../../cli/synthetic/ssd.js';
import { syntheticCaseload } from '../../cli/synthetic/authority.js';
import { day } from '../../shared/domain/calendar/local-date.js';
import { validateRecord } from '../../shared/domain/records/validate.js';
import { convert } from './helpers.js';

describe('synthetic authority → SSD extract → records', () => {
  it.each([
    [1, '2024-06-03'],
    [7, '2025-01-06'],
    [42, '2023-11-30'],
  ])('seed %i as of %s', async (seed, asOf) => {
    const caseload = syntheticCaseload({ asOf: day(asOf), seed, children: 60, leavers: 25 });
    const { files, persons } = ssdExtractOf(caseload, { asOf: day(asOf), extras: true });
    const out = await convert(files, asOf);
    const byId = new Map(out.records.map((r) => [r.id, r]));
    for (const record of caseload.records) expect(byId.get(record.id)).toEqual(ssdView(record, day(asOf)));
    expect(out.summary).toEqual({
      persons: persons.children + persons.leavers + persons.outOfScope + persons.notConverted,
      ...persons,
      // four bad rows and an unknown-code beside the blocked person, and the visit the authority holds in US form
      problems: persons.notConverted + 6,
    });
    const usVisit = caseload.records.filter((r) => r.kind === 'child' && r.visits?.includes('10/13/2026 1:00 PM'));
    expect(usVisit).toHaveLength(1);
    expect(out.problems.map((p) => `${p.recordId} ${p.problem}`).sort()).toEqual(
      [
        'LA-B000001 invalid-date',
        'LA-B000002 malformed-row',
        'LA-B000003 unknown-event',
        'LA-B000004 no-team',
        'LA-B000005 unknown-code',
        'LA-B000006 no-date-of-birth',
        `${usVisit[0]!.id} invalid-date`,
      ].sort(),
    );
    // Every converted record is one the engine accepts (fields it does not know yet are left aside).
    const invalid = out.records.filter((r) =>
      validateRecord(r, day(asOf)).problems.some((p) => p.problem === 'invalid-record'),
    );
    expect(invalid.map((r) => r.id)).toEqual([]);
  });
});
