/**
 * The core's error base, shared by the ports (the core's contracts) and the use cases: a job could not be done as
 * asked (an extract that cannot be read, a day in the future, another run holding the lock, a send that failed, a
 * run that did not deliver everything). It lives with the ports so that nothing here points up at the use cases;
 * shared/use-cases/errors.ts gives it to the use cases under their own layer's name. The cause is kept
 * (`{ cause }`), as Powertools' errors do.
 */
export class UseCaseError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
