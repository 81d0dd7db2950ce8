import { describe, expect, it } from 'vitest';
import { computeBankHolidays } from '../../shared/domain/calendar/bank-holiday-source.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../shared/domain/calendar/bank-holidays.generated.js';

describe('bank-holiday table', () => {
  it('matches the installed date-holidays data plus the documented corrections (run `npm run gen:holidays` if not)', () => {
    expect([...ENGLAND_AND_WALES_BANK_HOLIDAYS]).toEqual(computeBankHolidays());
  });

  it.each([
    '2011-04-29', // royal wedding
    '2012-06-04', // moved spring holiday
    '2012-06-05', // diamond jubilee
    '2020-05-08', // VE day (moved early May)
    '2022-06-02',
    '2022-06-03', // platinum jubilee
    '2022-09-19', // state funeral
    '2023-05-08', // coronation
    '2026-12-28', // Boxing Day substitute
  ])('includes %s', (d) => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toContain(d);
  });

  it.each(['2012-05-28', '2020-05-04', '2022-05-30', '2022-12-25'])('does not list %s as a weekday holiday', (d) => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).not.toContain(d);
  });
});
