import { z } from 'zod';
import { parseDay } from '../calendar/local-date.js';

export const EXPECTED_DATE = 'expected a date YYYY-MM-DD';

/** A `YYYY-MM-DD` string that names a real date; parsed to a `Day`. */
export const dateField = z.string({ error: EXPECTED_DATE }).transform((text, ctx) => {
  const d = parseDay(text);
  if (d === undefined) {
    ctx.issues.push({ code: 'custom', message: 'expected a real date YYYY-MM-DD (years 1900 to 2199)', input: text });
    return z.NEVER;
  }
  return d;
});

/** Kept here for the callers that import it from this module; the helper lives in ./issues.ts. */
