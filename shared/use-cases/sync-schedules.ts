/**
 * Keeps one EventBridge Scheduler schedule per team for its weekly digest, at the team's own day and time in
 * Europe/London: creates what is missing, updates what changed, deletes schedules of teams that are gone. Only
 * schedules with this product's name prefix are ever touched. Idempotent: a second run changes nothing.
 */
import { createHash } from 'node:crypto';
import { type Team, teamSchema } from '../domain/directory.js';
import type { RecordStore } from '../ports/record-store.js';
import type { ScheduleRegistry, TeamSchedule } from '../ports/schedule-registry.js';

export const SCHEDULE_PREFIX = 'team-digest-';

export interface SyncSummary {
  job: 'sync-schedules';
  teams: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  invalidTeams: number;
}

/** Scheduler names allow [0-9A-Za-z-_.] up to 64 characters; other ids are made safe and kept unique by a hash. */
export function scheduleName(teamId: string): string {
  const safe = teamId.replace(/[^0-9A-Za-z_.-]/g, '_');
  if (safe === teamId && SCHEDULE_PREFIX.length + safe.length <= 64) return SCHEDULE_PREFIX + safe;
  const hash = createHash('sha256').update(teamId).digest('hex').slice(0, 8);
  return `${SCHEDULE_PREFIX}${safe.slice(0, 64 - SCHEDULE_PREFIX.length - 9)}-${hash}`;
}

export function desiredSchedule(team: Team): TeamSchedule {
  const [hh, mm] = team.digestTime.split(':').map(Number) as [number, number];
  return {
    name: scheduleName(team.id),
    // Every working weekday at the team's time: the digest function sends on the team's day, or on the next working
    // day when that day is a bank holiday (weekly-digest.ts, digestWeekServedOn), and does nothing on the others.
    expression: `cron(${mm} ${hh} ? * MON-FRI *)`,
    timezone: 'Europe/London',
    input: JSON.stringify({ teamId: team.id, scheduledTime: '<aws.scheduler.scheduled-time>' }),
  };
}

export async function runSyncSchedules(store: RecordStore, registry: ScheduleRegistry): Promise<SyncSummary> {
  const { teams: raw } = await store.loadDirectory();
  const summary: SyncSummary = {
    job: 'sync-schedules',
    teams: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidTeams: 0,
  };
  const desired = new Map<string, TeamSchedule>();
  for (const item of raw) {
    const team = teamSchema.safeParse(item);
    if (!team.success) {
      summary.invalidTeams++;
      continue;
    }
    summary.teams++;
    const schedule = desiredSchedule(team.data);
    desired.set(schedule.name, schedule);
  }
  const existing = new Set((await registry.list(SCHEDULE_PREFIX)).filter((n) => n.startsWith(SCHEDULE_PREFIX)));
  for (const schedule of desired.values()) {
    if (!existing.has(schedule.name)) {
      await registry.create(schedule);
      summary.created++;
      continue;
    }
    const current = await registry.get(schedule.name);
    if (
      !current ||
      current.expression !== schedule.expression ||
      current.timezone !== schedule.timezone ||
      current.input !== schedule.input
    ) {
      await registry.update(schedule);
      summary.updated++;
    } else {
      summary.unchanged++;
    }
  }
  // A team that is gone, or whose directory entry no longer validates, loses its schedule only when it is gone:
  // an unreadable team item keeps its last good schedule rather than silently stopping its digest.
  const unreadable = summary.invalidTeams > 0;
  for (const name of existing) {
    if (desired.has(name) || unreadable) continue;
    await registry.delete(name);
    summary.deleted++;
  }
  return summary;
}
