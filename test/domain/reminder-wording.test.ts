import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { compilePolicy } from '../../shared/domain/policy.js';
import { isNewlyOverdue } from '../../shared/domain/reminders.js';
import { PROBLEM_WORDS, daysInWords, problemInWords } from '../../shared/domain/wording.js';

describe('newly overdue: overdue since the last working day', () => {
  const wd = compilePolicy({}).workingDays;
  it.each([
    ['2024-06-03', '2024-05-31', true, 'Monday: due Friday (told "due today" then)'],
    ['2024-06-03', '2024-06-01', true, 'Monday: due Saturday'],
    ['2024-06-03', '2024-05-30', false, 'Monday: due Thursday was overdue on Friday already'],
    ['2024-06-04', '2024-06-03', true, 'Tuesday: due Monday'],
    ['2024-06-04', '2024-06-02', false, 'Tuesday: due Sunday was overdue on Monday'],
    ['2024-05-28', '2024-05-24', true, 'Tuesday after the spring bank holiday: due Friday'],
    ['2024-06-04', '2024-06-04', false, 'due today is not overdue'],
  ])('as of %s, due %s → %s (%s)', (asOf, due, expected) => {
    expect(isNewlyOverdue(day(due), day(asOf), wd)).toBe(expected);
  });
});

describe('words', () => {
  it('says days in one unit, calendar days in words', () => {
    expect([daysInWords(-1), daysInWords(-551), daysInWords(0), daysInWords(1), daysInWords(3)]).toEqual([
      '1 day overdue',
      '551 days overdue',
      'due today',
      'due in 1 day',
      'due in 3 days',
    ]);
  });

  it('puts every problem code in plain English, never the code itself', () => {
    for (const [code, words] of Object.entries(PROBLEM_WORDS)) {
      expect(words).not.toContain(code);
      expect(words).toMatch(/^[A-Z][a-z ]/);
    }
    expect(problemInWords('invalid-record')).toBe('A required detail is missing or not in the expected form');
    expect(problemInWords('something-new')).toBe('The record could not be read');
  });
});
