/**
 * The domain layer's error base. A domain error means what was given is wrong (a policy, a value map, a record
 * that cannot be stored): the same input fails the same way every time. The cause, when there is one, is kept
 * (`new PolicyError(message, { cause })`), as Powertools' errors do.
 */
export class DomainError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
