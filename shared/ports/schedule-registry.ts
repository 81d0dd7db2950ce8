/** Where per-team digest schedules live (EventBridge Scheduler in AWS). */
export interface TeamSchedule {
  name: string;
  /** e.g. `cron(0 8 ? * MON *)`. */
  expression: string;
  timezone: string;
  /** The JSON the digest function receives. */
  input: string;
}

export interface ScheduleRegistry {
  /** Names of the schedules this product owns (by name prefix) in its group. */
  list(prefix: string): Promise<string[]>;
  get(name: string): Promise<TeamSchedule | undefined>;
  create(schedule: TeamSchedule): Promise<void>;
  update(schedule: TeamSchedule): Promise<void>;
  delete(name: string): Promise<void>;
}
