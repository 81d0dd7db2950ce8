/**
 * The `deadlines` command line: one file per command in commands/, registered here, and one place that turns
 * what happened into an exit code. 0 success (bad records are reported as lines, not failures); 1 the job could
 * not be done; 2 the command line, a file it names or the policy is wrong. `--help` works at every level.
 */
import { Command, CommanderError } from 'commander';
import { AdapterError } from '../shared/adapters/errors.js';
import { DomainError } from '../shared/domain/errors.js';
import { UseCaseError } from '../shared/use-cases/errors.js';
import { convertCommand } from './commands/convert.js';
import { evaluateCommand } from './commands/evaluate.js';
import { explainCommand } from './commands/explain.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { sampleCommand } from './commands/sample.js';
import { ledgerCommand } from './commands/ledger.js';
import { previewCommand } from './commands/preview.js';
import { syncSchedulesCommand } from './commands/sync-schedules.js';
import { CliError } from './errors.js';
import { ExitCode } from './io.js';

export function buildProgram(): Command {
  const program = new Command('deadlines')
    .description("Statutory deadlines for children's services: the rules engine and its operations, from a terminal")
    .showHelpAfterError('(add --help for usage)');
  for (const command of [
    evaluateCommand(),
    explainCommand(),
    historyCommand(),
    convertCommand(),
    importCommand(),
    sampleCommand(),
    previewCommand(),
    ledgerCommand(),
    syncSchedulesCommand(),
  ]) {
    program.addCommand(command);
  }
  // Every level exits through `run` (never process.exit) and prints help on stdout.
  const configure = (c: Command): void => {
    c.exitOverride();
    for (const sub of c.commands) configure(sub);
  };
  configure(program);
  return program;
}

/**
 * The one place an error becomes an exit code, by the layer it comes from: 2 when what was given is wrong (the
 * command line, a file it names, a policy or a value map: the CLI's and the domain's errors); 1 when the job could
 * not be done (the use cases' and the adapters' errors); a command's own code. Undefined for anything else: a
 * fault in the program, which is thrown on with its stack.
 */
export function exitCodeOf(error: unknown): number | undefined {
  if (error instanceof ExitCode) return error.code;
  if (error instanceof CommanderError)
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  if (error instanceof CliError || error instanceof DomainError) return 2;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || code === 'ENOENT' || code === 'EISDIR'))
    return 2;
  if (error instanceof UseCaseError || error instanceof AdapterError) return 1;
  return undefined;
}

/** Runs the command line and returns the exit code; a failure is one line on stderr, never a stack trace. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const code = exitCodeOf(error);
    if (code === undefined) throw error;
    // A command that returned its code, and commander, have already said what happened.
    if (!(error instanceof ExitCode) && !(error instanceof CommanderError)) {
      const message = (error as Error).message.split('\n')[0];
      process.stderr.write(`deadlines: ${message}\n${code === 2 ? '(add --help for usage)\n' : ''}`);
    }
    return code;
  }
}
