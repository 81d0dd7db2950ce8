import { z } from 'zod';
import { parseDay } from '../calendar/local-date.js';

/** A `YYYY-MM-DD` string that names a real date; parsed to a `Day`. */
export const dateField = z.string().transform((text, ctx) => {
  const d = parseDay(text);
  if (d === undefined) {
    ctx.issues.push({ code: 'custom', message: 'not a real date in YYYY-MM-DD form', input: text });
    return z.NEVER;
  }
  return d;
});

/** Turns a zod error into one short line: "placement.start: required; legalStatus: invalid option". */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return parts.join('; ') + more;
}
