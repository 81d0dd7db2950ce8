/**
 * One grammar across the commands: every enumerated option is refused the same way (commander's choices, exit 2,
 * the allowed values named), case is ignored; a day is `--as-of` and a period `--start`/`--end` everywhere, the
 * former spellings (`explain --history --as-of`, `ledger --date`) still working and out of the help.
 */
import { describe, expect, it } from 'vitest';
import { childTables, writeExtract } from '../ssd/helpers.js';
import { runCli } from './capture.js';

const extract = writeExtract(childTables());

describe('enumerated options', () => {
  it.each([
    [['convert', '--from', 'mosaic', '--input', extract, '--as-of', '2024-06-03'], "'mosaic'", 'ssd'],
    [
      ['history', '--from', 'mosaic', '--input', extract, '--start', '2024-05-06', '--end', '2024-06-03'],
      "'mosaic'",
      'ssd',
    ],
    [['import', '--from', 'csv', '--input', extract, '--table', 'records'], "'csv'", 'jsonl, ssd'],
    [
      [
        'explain',
        '--history',
        '--from',
        'csv',
        '--input',
        extract,
        '--id',
        'C1',
        '--start',
        '2024-05-06',
        '--end',
        '2024-06-03',
      ],
      "'csv'",
      'ssd',
    ],
    [
      [
        'history',
        '--from',
        'ssd',
        '--input',
        extract,
        '--start',
        '2024-05-06',
        '--end',
        '2024-06-03',
        '--every',
        'month',
      ],
      "'month'",
      'week, day',
    ],
    [
      [
        'explain',
        '--history',
        '--from',
        'ssd',
        '--input',
        extract,
        '--id',
        'C1',
        '--start',
        '2024-05-06',
        '--end',
        '2024-06-03',
        '--every',
        'month',
      ],
      "'month'",
      'week, day',
    ],
    [
      ['preview', '--as-of', '2024-06-03', '--out', extract, '--job', 'nightly'],
      "'nightly'",
      'daily-reminders, escalations, weekly-digest',
    ],
    [['sample', '--format', 'xml', '--out', extract], "'xml'", 'jsonl, ssd'],
  ])('%j is refused in the same words, exit 2', async (args, value, allowed) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`argument ${value} is invalid. Allowed choices are ${allowed}.`);
  });

  it('lists the choices and the default in the help', async () => {
    const help = async (command: string) => (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');
    expect(await help('history')).toContain(
      '--every <step> how often to evaluate (choices: "week", "day", default: "week")',
    );
    expect(await help('convert')).toContain('--from <format> the source format (choices: "ssd")');
  });

  it('ignores case: --from SSD is --from ssd', async () => {
    const lower = await runCli(['convert', '--from', 'ssd', '--input', extract, '--as-of', '2024-06-03']);
    const upper = await runCli(['convert', '--from', 'SSD', '--input', extract, '--as-of', '2024-06-03']);
    expect(upper.code).toBe(0);
    expect(upper.stdout).toBe(lower.stdout);
    expect(JSON.parse(upper.stdout.split('\n')[0]!)).toMatchObject({ id: 'C1', kind: 'child' });
  });
});

describe('the same names for the same things', () => {
  const period = ['explain', '--history', '--from', 'ssd', '--input', extract, '--id', 'C1', '--start', '2024-05-06'];

  it('explain --history takes its period as --start/--end, like history; --as-of still works for now', async () => {
    const now = await runCli([...period, '--end', '2024-06-03']);
    expect(now.code).toBe(0);
    expect(now.stdout.split('\n')[0]).toBe('2024-05-06  evaluated');
    const before = await runCli([...period, '--as-of', '2024-06-03']);
    expect(before).toEqual(now);
    const backwards = await runCli([...period, '--end', '2024-05-01']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('deadlines: --end must be on or after --start');
  });

  it('ledger takes the day as --as-of; --date still works and is no longer in the help', async () => {
    for (const option of ['--as-of', '--date']) {
      const r = await runCli(['ledger', option, '2024-02-30', '--table', 'ledger']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('deadlines: --as-of must be a real date in YYYY-MM-DD form, got "2024-02-30"');
    }
    const help = (await runCli(['ledger', '--help'])).stdout;
    expect(help).toContain('--as-of <date>');
    expect(help).not.toContain('--date');
  });
});
