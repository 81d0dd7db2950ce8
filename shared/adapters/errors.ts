/**
 * The adapter layer's error base: the world outside the core (DynamoDB, S3, the environment) did not give what was
 * needed. Adapters translate a provider's error once and keep it as `cause`, as Powertools' errors do.
 */
export class AdapterError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
