/**
 * The one place a zod error becomes words. Every message says what was expected ("expected true or false",
 * "expected a date YYYY-MM-DD", "expected at most 128 characters"), built from the issue's structure rather than
 * zod's default English, so that a present value of the wrong type never reads as "required".
 *
 * Messages name fields and kinds of value, never the value itself: they reach run summaries and logs, and a date
 * of birth is personal data.
 *
 * Schemas may give a field its own message (`z.string({ error: 'expected a date YYYY-MM-DD' })`): a message that
 * already starts with "expected" is kept as it is.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  boolean: 'true or false',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'an object',
  date: 'a date YYYY-MM-DD',
};

/** What kind of value was given, in words; never the value. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : typeof value;
}

const quoteAll = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** "expected …" for one issue, without its path. */
export function expectedOf(issue: Issue): string {
  if (issue.message.startsWith('expected ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${quoteAll(issue.values)}`;
    case 'too_big': {
      const at = issue.inclusive === false ? 'less than' : 'at most';
      if (issue.origin === 'string') return `expected ${at} ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected ${at} ${issue.maximum} items`;
      return `expected ${at} ${issue.maximum}`;
    }
    case 'too_small': {
      const at = issue.inclusive === false ? 'more than' : 'at least';
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'expected non-empty text' : `expected ${at} ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected ${at} ${issue.minimum} items`;
      return `expected ${at} ${issue.minimum}`;
    }
    case 'unrecognized_keys':
      return `expected no other keys, found ${quoteAll(issue.keys)}`;
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (options && options.length > 0) return `expected one of ${quoteAll(options)}`;
      // Each branch's own complaint about the value itself (not about something inside it).
      const branches = issue.errors
        .map((branch) => branch.find((i) => i.path.length === 0))
        .filter((i): i is Issue => i !== undefined)
        .map((i) => expectedOf(i).replace(/^expected /, ''));
      const unique = [...new Set(branches)];
      return unique.length > 0 ? `expected ${unique.join(', or ')}` : 'expected a value of another shape';
    }
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

const MISSING = Symbol('missing');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return MISSING;
    if (!Object.hasOwn(v, key)) return MISSING;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v === undefined ? MISSING : v;
}

/**
 * Every issue of a zod error as "path: expected …" (just "expected …" for the value itself), in order: for
 * configuration, where each problem is worth a line. Given the input that failed, it also says whether a field
 * was missing or of the wrong kind.
 */
export function listIssues(error: z.ZodError, input?: unknown): string[] {
  return error.issues.map((issue) => {
    let message = expectedOf(issue);
    if (input !== undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
      const value = valueAt(input, issue.path);
      if (value === MISSING) message = `required, ${message}`;
      else if (issue.code === 'invalid_type') message = `${message}, got ${kindOf(value)}`;
    }
    const path = pathText(issue.path);
    return path ? `${path}: ${message}` : message;
  });
}

/**
 * One short line for a zod error: "placement.start: required, expected a date YYYY-MM-DD; legalStatus: expected
 * one of …". Given the input that failed, it also says whether a field was missing or of the wrong kind.
 */
export function describeIssues(error: z.ZodError, input?: unknown, limit = 5): string {
  const parts = listIssues(error, input).slice(0, limit);
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return parts.join('; ') + more;
}
