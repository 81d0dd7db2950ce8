/**
 * The use-case layer's error base: a job could not be done as asked. Defined beside the ports (shared/ports/errors.ts)
 * because the ports' errors extend it too and the ports must not point up at the use cases.
 */
export { UseCaseError } from '../ports/errors.js';
