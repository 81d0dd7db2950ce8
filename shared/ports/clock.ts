/** A run's sense of time: the only clock in the system, injected. */
export interface Clock {
  now(): Date;
}
