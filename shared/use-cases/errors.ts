/**
 * The use-case layer's error base (the ports, the core's contracts, share it). A use-case error means a job could
 * not be done as asked: an extract that cannot be read, a day in the future, another run holding the lock, a send
 * that failed, a run that did not deliver everything. The cause is kept (`{ cause }`), as Powertools' errors do.
 * This module imports nothing, so any layer below the functions may extend it without a cycle.
 */
export class UseCaseError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
