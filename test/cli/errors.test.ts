/**
 * One error base per layer, and the one place the command line turns an error into an exit code: every error
 * class of the product by its layer, and what the shipped command prints (one line, no stack trace).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UnprocessedBatchError } from '../../shared/adapters/batch-retry.js';
import { AdapterError } from '../../shared/adapters/errors.js';
import { IncompleteSnapshotError } from '../../shared/adapters/s3-snapshot-source.js';
import { RunFailedError } from '../../shared/composition/lambda-runtime.js';
import { ConfigError } from '../../shared/config/env.js';
import { DomainError } from '../../shared/domain/errors.js';
import { PolicyError } from '../../shared/domain/policy.js';
import { ValueMapError } from '../../shared/domain/ssd/value-map.js';
import { EmailSendError } from '../../shared/ports/email-sender.js';
import { RunInProgressError } from '../../shared/ports/run-lock.js';
import { SsdInputError } from '../../shared/use-cases/convert-ssd.js';
import { UseCaseError } from '../../shared/use-cases/errors.js';
import { FutureAsOfError } from '../../shared/use-cases/run-day.js';
import { SnapshotInputError } from '../../shared/use-cases/snapshot-input.js';
import { CliError } from '../../cli/errors.js';
import { ProcessKilled } from '../../cli/faults/fault-injection.js';
import { ExitCode, UsageError } from '../../cli/io.js';
import { exitCodeOf } from '../../cli/program.js';
import { runCli } from './capture.js';

describe('one error base per layer', () => {
  it.each([
    ['PolicyError', new PolicyError('p'), DomainError],
    ['ValueMapError', new ValueMapError('m'), DomainError],
    ['SsdInputError', new SsdInputError('s'), UseCaseError],
    ['SnapshotInputError', new SnapshotInputError('s'), UseCaseError],
    ['FutureAsOfError', new FutureAsOfError('2024-06-04', '2024-06-03'), UseCaseError],
    ['RunInProgressError', new RunInProgressError('daily-reminders'), UseCaseError],
    ['EmailSendError', new EmailSendError('e', 'retry', 'Throttling'), UseCaseError],
    ['RunFailedError', new RunFailedError('r', {}), UseCaseError],
    ['UnprocessedBatchError', new UnprocessedBatchError('BatchWriteItem', 3, 8), AdapterError],
    ['IncompleteSnapshotError', new IncompleteSnapshotError('i'), AdapterError],
    ['ConfigError', new ConfigError('c'), AdapterError],
    ['ProcessKilled', new ProcessKilled('k'), AdapterError],
    ['UsageError', new UsageError('u'), CliError],
    ['ExitCode', new ExitCode(1), CliError],
  ] as const)('%s extends its layer’s base and keeps its own name', (name, error, base) => {
    expect(error).toBeInstanceOf(base);
    expect(error.name).toBe(name);
  });

  it('each base keeps the cause it is given', () => {
    const cause = new Error('underneath');
    for (const Base of [DomainError, UseCaseError, AdapterError, CliError])
      expect(new Base('on top', { cause }).cause).toBe(cause);
    expect(new PolicyError('Invalid policy', { cause }).cause).toBe(cause);
    expect(new SsdInputError('no folder', { cause }).cause).toBe(cause);
  });
});

describe('exit codes, decided in one place', () => {
  it.each([
    ['a usage error', new UsageError('u'), 2],
    ['a domain error (a bad policy or value map)', new PolicyError('p'), 2],
    ['a value map error', new ValueMapError('m'), 2],
    ['a file the command names is missing', Object.assign(new Error('no such file'), { code: 'ENOENT' }), 2],
    ['a use-case error (the job could not be done)', new RunInProgressError('import'), 1],
    ['an adapter error', new UnprocessedBatchError('BatchWriteItem', 3, 8), 1],
    ['a command’s own code', new ExitCode(3), 3],
    ['help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['an unknown option', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 2],
    ['a fault in the program', new TypeError('x is undefined'), undefined],
  ])('%s → %s', (_what, error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  it('the shipped command prints a bad policy as one line and exits 2, with no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deadlines-errors-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ dentalIntervalMonths: 24 }));
    writeFileSync(join(dir, 'records.jsonl'), '');
    const r = await runCli([
      'evaluate',
      '--as-of',
      '2024-06-03',
      '--input',
      join(dir, 'records.jsonl'),
      '--policy',
      join(dir, 'policy.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^deadlines: Invalid policy: dentalIntervalMonths: /);
    expect(lines[1]).toBe('(add --help for usage)');
  });
});
