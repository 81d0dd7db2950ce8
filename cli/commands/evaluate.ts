/** `deadlines evaluate`: every obligation of every record in a JSON-lines file, as JSON lines. */
import { Command } from 'commander';
import { LineEvaluator } from '../../shared/use-cases/evaluate-lines.js';
import { Output, exitWith, loadPolicy, parseAsOf, readLines } from '../io.js';

interface Options {
  asOf?: string;
  input: string;
  policy?: string;
}

export async function evaluate(options: Options): Promise<number> {
  const asOf = parseAsOf(options.asOf);
  const policy = loadPolicy(options.policy);
  const out = new Output();
  const evaluator = new LineEvaluator(asOf, policy, (line) => out.write(JSON.stringify(line)));
  let n = 0;
  for await (const line of readLines(options.input)) {
    evaluator.push(line, ++n);
    await out.flushIfFull();
  }
  await out.flush();
  const s = evaluator.summary;
  process.stderr.write(`evaluated ${s.records} records: ${s.obligations} obligations, ${s.problems} problems\n`);
  return 0;
}

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description(
      'write one JSON line per obligation and per data problem of every record (exit 0 whatever the problems)',
    )
    .requiredOption('--as-of <date>', 'the date to evaluate on, YYYY-MM-DD (Europe/London)')
    .requiredOption('--input <file>', 'records as JSON lines; - for standard input')
    .option('--policy <file>', 'local policy JSON (default: the built-in defaults)')
    .action(exitWith(evaluate));
}
