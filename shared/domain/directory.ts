/**
 * Who is told: workers (social workers and personal advisers) and teams (with their managers and digest slot).
 * Stored beside the records and validated like them.
 */
import { z } from 'zod';

const email = z.string().trim().toLowerCase().pipe(z.email());

export const workerSchema = z.object({
  id: z.string().trim().min(1).max(128),
  /** How the email greets them; a worker's own name is not the child's personal data. */
  name: z.string().trim().min(1).max(200),
  email: email.nullish().transform((v) => v ?? undefined),
  teamId: z.string().trim().min(1).max(128),
  active: z.boolean().default(true),
  /** Set when the address bounces or complains; nothing is sent to it until someone fixes it and clears this. */
  emailSuppressed: z.boolean().default(false),
  /**
   * Leave and sickness: `[{ from, until, coverWorkerId? }]`, read one by one (shared/domain/absences.ts) so that a
   * bad absence costs only itself.
   */
  away: z.array(z.unknown()).max(200).optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour, London)');

export const teamSchema = z.object({
  id: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(200),
  managerEmails: z.array(email).max(10).default([]),
  /** Weekly digest slot in Europe/London: ISO weekday (1 = Monday) and time. */
  digestDay: z.number().int().min(1).max(7).default(1),
  digestTime: hhmm.default('08:00'),
});

export type Worker = z.output<typeof workerSchema>;
export type Team = z.output<typeof teamSchema>;
export type WorkerInput = z.input<typeof workerSchema>;
export type TeamInput = z.input<typeof teamSchema>;
