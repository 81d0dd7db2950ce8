/**
 * The `deadlines` command line: one file per command in commands/, registered here, and one place that turns
 * what happened into an exit code. 0 success (bad records are reported as lines, not failures); 1 the job could
 * not be done; 2 the command line, a file it names or the policy is wrong. `--help` works at every level.
 */
import { Command, CommanderError } from 'commander';
import { PolicyError } from '../shared/domain/policy.js';
import { convertCommand } from './commands/convert.js';
import { evaluateCommand } from './commands/evaluate.js';
import { explainCommand } from './commands/explain.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { sampleCommand } from './commands/sample.js';
import { ledgerCommand } from './commands/ledger.js';
import { previewCommand } from './commands/preview.js';
import { syncSchedulesCommand } from './commands/sync-schedules.js';
import { ExitCode, UsageError } from './io.js';

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

function isUsageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    error instanceof UsageError ||
    error instanceof PolicyError ||
    (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || code === 'ENOENT' || code === 'EISDIR'))
  );
}

/** Runs the command line and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return 2; // commander has already printed what was wrong and where to find the usage
    }
    if (isUsageFailure(error)) {
      process.stderr.write(`deadlines: ${(error as Error).message}\n(add --help for usage)\n`);
      return 2;
    }
    throw error;
  }
}
