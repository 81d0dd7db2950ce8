/**
 * The command line's error base: the command line itself (an option, a file it names) is wrong, or a command ends
 * with a code of its own. Which exit code each layer's error gives is decided in one place, `exitCodeOf` in
 * program.ts.
 */
export class CliError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
