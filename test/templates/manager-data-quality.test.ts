/**
 * The manager's data-quality lists keep two things apart: a record no deadline could be worked out for, and a value
 * left out of a record whose other deadlines were worked out (rules.md §4 item 10). Expected words written by hand.
 */
import { describe, expect, it } from 'vitest';
import { renderManagerDaily } from '../../shared/templates/manager-daily.js';
import { ASOF, WORKLIST, conventions } from './fixtures.js';

const base = { teamName: 'Team North', asOf: ASOF, groups: [], listLimit: 10, worklistLink: WORKLIST, conventions };
const unreadable = { recordId: 'C1', problem: 'A required detail is missing', detail: 'dateOfBirth' };
const leftOut = {
  recordId: 'C2',
  problem: 'A date recorded is not a real date, so it was left out',
  detail: 'visits[1]',
  valueLeftOut: true,
};

describe('manager daily: records that could not be read, values left out', () => {
  it('names each list, and counts both in the subject', () => {
    const email = renderManagerDaily({ ...base, dataQuality: [unreadable, leftOut] });
    expect(email.subject).toBe('Team North: 1 record could not be read; 1 value to correct, Mon 3 Jun 2024');
    expect(email.text).toContain('Records that could not be read (1)');
    expect(email.text).toContain('Values to correct (1)');
    expect(email.html).toContain('every other deadline of the case worked out');
  });

  it('says nothing of unreadable records when only a value was left out', () => {
    const email = renderManagerDaily({ ...base, dataQuality: [leftOut, { ...leftOut, recordId: 'C3' }] });
    expect(email.subject).toBe('Team North: 2 values to correct, Mon 3 Jun 2024');
    expect(email.text).not.toContain('could not be read');
    expect(email.text).toContain('These records need correcting in the case system');
    expect(email.text).not.toContain('not reaching a worker');
  });
});
