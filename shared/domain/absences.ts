/**
 * Absences: a worker on leave or off sick gets no reminders; while they are away their items go to the worker who
 * covers them or, with nobody named, to their team manager. An absence is given on the worker's directory line
 * (`away: [{ from, until, coverWorkerId? }]`, both dates inclusive) or in an absences file beside the export
 * (`worker_id,from,until,cover_worker_id`). A bad absence is reported like any bad row and costs only itself: the
 * worker is still reminded as if it were not there.
 */
import { z } from 'zod';
import type { Day } from './calendar/local-date.js';
import { dateField } from './validation/dates.js';
import { describeIssues } from './validation/issues.js';

export const absenceSchema = z
  .object({
    from: dateField,
    until: dateField,
    coverWorkerId: z
      .string()
      .trim()
      .max(128)
      .nullish()
      .transform((v) => (v ? v : undefined)),
  })
  .strict()
  .refine((a) => a.from <= a.until, { message: 'the absence ends before it starts', path: ['until'] });

export type Absence = z.output<typeof absenceSchema>;
export type AbsenceInput = z.input<typeof absenceSchema>;

/** The valid absences of a directory line, and a problem for each one that is not. */
export function readAbsences(raw: unknown): { absences: Absence[]; problems: string[] } {
  const absences: Absence[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { absences, problems };
  if (!Array.isArray(raw)) return { absences, problems: ['away: expected a list of absences'] };
  for (const [i, entry] of raw.entries()) {
    const parsed = absenceSchema.safeParse(entry);
    if (parsed.success) absences.push(parsed.data);
    else problems.push(`away[${i}]: ${describeIssues(parsed.error, entry)}`);
  }
  return { absences: absences.sort((a, b) => a.from - b.from), problems };
}

/** The absence covering `on`, if any (the latest-starting one when two overlap). */
export function absenceOn(absences: readonly Absence[], on: Day): Absence | undefined {
  let found: Absence | undefined;
  for (const a of absences) if (a.from <= on && on <= a.until && (!found || a.from >= found.from)) found = a;
  return found;
}

/**
 * The absence a worker has most recently come back from: ended before `on` and within `withinDays`. Their first
 * email after it leads with what changed while they were away.
 */
export function returnedFrom(absences: readonly Absence[], on: Day, withinDays = 60): Absence | undefined {
  let found: Absence | undefined;
  for (const a of absences)
    if (a.until < on && on - a.until <= withinDays && (!found || a.until > found.until)) found = a;
  return found;
}
