import { describe, expect, it } from 'vitest';
import { asOfFrom } from '../../shared/adapters/lambda-runtime.js';
import { day } from '../../shared/domain/calendar/local-date.js';

describe("the functions' as-of date", () => {
  const now = new Date('2024-06-03T10:00:00Z');
  it('is the scheduler time in London, or an explicit earlier day', () => {
    expect(asOfFrom({ scheduledTime: '2024-06-03T06:30:00Z' }, now)).toBe(day('2024-06-03'));
    expect(asOfFrom({ asOf: day('2024-05-31') }, now)).toBe(day('2024-05-31'));
  });
  it('refuses a day after today with a clear error', () => {
    expect(() => asOfFrom({ asOf: day('2024-06-04') }, now)).toThrow(
      'asOf 2024-06-04 is after today (2024-06-03, Europe/London): a run can only be for today or an earlier day',
    );
  });
});
