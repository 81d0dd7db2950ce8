/**
 * Fuzzing the SSD converter's CSV input, as the import is fuzzed: whatever the bytes, it never crashes (an extract
 * that is not CSV is refused as a whole with an SsdInputError, exit 2), its summary adds up, and every person is
 * either converted (a bad row costs that row, with a line) or, when identity or scope cannot be read, gets exactly
 * one blocking line with its id: no person disappears silently.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { convertExtractAll } from '../../shared/domain/ssd/convert.js';
import type { SsdColumn } from '../../shared/domain/ssd/columns.js';
import type { SourceTable } from '../../shared/domain/ssd/extract.js';
import { SsdInputError, readSsdTables } from '../../shared/use-cases/convert-ssd.js';
import { ssdSnapshot } from '../../shared/use-cases/snapshot-input.js';

const AS_OF = day('2024-06-03');
const read = (tables: Partial<Record<SourceTable, string>>) =>
  readSsdTables((t) => (tables[t] === undefined ? undefined : Readable.from([tables[t]!])));

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
/** Header and rows as CSV, every cell quoted or only where needed, LF or CRLF, with or without a BOM. */
function render(
  header: readonly SsdColumn[],
  rows: string[][],
  style: { quoteAll: boolean; crlf: boolean; bom: boolean; extra: boolean; reverse: boolean },
): string {
  const order = header.map((_, i) => i);
  if (style.reverse) order.reverse();
  const cell = (v: string) => (style.quoteAll || /[",\r\n]/.test(v) ? quote(v) : v);
  const line = (r: readonly string[], extra: string) =>
    [
      ...order.map((i) => cell(r[i] ?? '')),
      ...(style.extra ? [cell(extra)] : []),
      ...r.slice(header.length).map(cell),
    ].join(',');
  const eol = style.crlf ? '\r\n' : '\n';
  const text = [line(header, 'local_notes'), ...rows.map((r) => line(r, 'free text, "quoted"\nover lines'))].join(eol);
  return (style.bom ? '\ufeff' : '') + text + eol;
}

const style = fc.record({
  quoteAll: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  extra: fc.boolean(),
  reverse: fc.boolean(),
});

/** Faults that cost only a row (or a value): the person is converted with one line for it. */
type RowFault =
  | 'invalid-date'
  | 'us-date'
  | 'malformed-row'
  | 'unknown-event'
  | 'duplicate-row'
  | 'no-team'
  | 'bad-legal-date'
  | 'bad-placement-date'
  | 'bad-involvement-date';
/** Faults of identity or scope: the person is not converted and gets exactly one blocking line. */
type BlockingFault = 'no-date-of-birth' | 'bad-date-of-birth' | 'bad-episode-date' | 'malformed-episode';
type Fault = RowFault | BlockingFault;
const rowFaults: RowFault[] = [
  'invalid-date',
  'us-date',
  'malformed-row',
  'unknown-event',
  'duplicate-row',
  'no-team',
  'bad-legal-date',
  'bad-placement-date',
  'bad-involvement-date',
];
const blockingFaults: BlockingFault[] = [
  'no-date-of-birth',
  'bad-date-of-birth',
  'bad-episode-date',
  'malformed-episode',
];
const isBlocking = (f: Fault): f is BlockingFault => (blockingFaults as string[]).includes(f);

interface Person {
  faults: Fault[];
  visits: number;
}
type Style = { quoteAll: boolean; crlf: boolean; bom: boolean; extra: boolean; reverse: boolean };
const person = fc.record({
  faults: fc.uniqueArray(fc.constantFrom<Fault>(...rowFaults, ...blockingFaults), { maxLength: 3 }),
  visits: fc.nat(3),
});

/** An extract of `people`, each with its faults, and what each person must become. */
function damagedExtract(people: readonly Person[], styles: readonly [Style, Style, Style, Style, Style, Style, Style]) {
  const persons: string[][] = [];
  const episodes: string[][] = [];
  const involvements: string[][] = [];
  const visits: string[][] = [];
  const events: string[][] = [];
  const legal: string[][] = [];
  const placements: string[][] = [];
  /** Person id → lines expected: 'blocked' for one blocking line, else how many non-blocking lines. */
  const expected = new Map<string, 'blocked' | number>();
  people.forEach((p, i) => {
    const id = `P${i}, "x"`; // ids with commas and quotes, as free-text ids sometimes are
    const has = (f: Fault) => p.faults.includes(f);
    const dob = has('no-date-of-birth') ? '' : has('bad-date-of-birth') ? '29/02/2013' : '2012-01-01';
    persons.push([id, 'Name, With Comma', dob]);
    episodes.push([id, has('bad-episode-date') ? '2023-13-01' : '2023-01-01', '', `CLA${i}`]);
    if (has('malformed-episode')) episodes.push([id, '2022-01-01', '', `CLA${i}`, 'extra']);
    involvements.push([
      id,
      `W${i}`,
      'CW',
      has('no-team') ? '' : `T${i % 3}`,
      has('bad-involvement-date') ? '13/13/2023' : '01/02/2023 00:00:00',
    ]);
    for (let v = 0; v < p.visits; v++) visits.push([`CLA${i}`, '', `2024-0${v + 1}-15 00:00:00.000`, 'Y']);
    events.push([id, 'pep', '2024-01-10']);
    legal.push([id, 'C2', has('bad-legal-date') ? '2023-02-30' : '2023-01-01']);
    placements.push([`CLA${i}`, id, 'U3', has('bad-placement-date') ? 'soon' : '2023-01-01']);
    if (has('invalid-date')) visits.push([`CLA${i}`, id, '31/04/2024', 'Y']);
    if (has('us-date')) visits.push([`CLA${i}`, id, '10/13/2024 1:00 PM', 'Y']);
    if (has('unknown-event')) events.push([id, 'home visit', '2024-01-01']);
    if (has('duplicate-row')) persons.push([id, 'Again', '2012-01-01']);
    // A malformed row: one field too many (an unquoted comma in free text).
    if (has('malformed-row')) visits.push([`CLA${i}`, id, '2024-05-01', 'Y', 'seen at school']);
    // The involvement without a date is left out: that also leaves no team.
    const rowLines = p.faults.filter((f) => !isBlocking(f)).length;
    const noTeam = has('bad-involvement-date') && !has('no-team') ? 1 : 0;
    expected.set(id, p.faults.some(isBlocking) ? 'blocked' : rowLines + noTeam);
  });
  const [s0, s1, s2, s3, s4, s5, s6] = styles;
  const tables: Partial<Record<SourceTable, string>> = {
    ssd_person: render(['pers_person_id', 'pers_forename', 'pers_dob'], persons, s0),
    ssd_cla_episodes: render(
      ['clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_cla_id'],
      episodes,
      s1,
    ),
    ssd_involvements: render(
      [
        'invo_person_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_professional_team',
        'invo_involvement_start_date',
      ],
      involvements,
      s2,
    ),
    ssd_cla_visits: render(['clav_cla_id', 'clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'], visits, s3),
    events: render(['person_id', 'event', 'date'], events, s4),
    ssd_legal_status: render(['lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date'], legal, s5),
    ssd_cla_placement: render(
      ['clap_cla_id', 'clap_person_id', 'clap_cla_placement_type', 'clap_cla_placement_start_date'],
      placements,
      s6,
    ),
  };
  return { tables, expected };
}

describe('fuzzing convert --from ssd', () => {
  it('never crashes on arbitrary text in any table; the summary always adds up', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('"', '""', ',', '\r\n', '\n', 'NULL', '2024-02-30')), {
            maxLength: 8,
          }),
          { maxLength: 8 },
        )
        .map((rows) => rows.map((r) => r.join(',')).join('\n')),
    );
    const header = (cols: string) => fc.constantFrom(`${cols}\n`, `\ufeff${cols}\r\n`);
    await fc.assert(
      fc.asyncProperty(
        header('pers_person_id,pers_dob,pers_death_date'),
        text,
        header('clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date,clae_cla_id'),
        text,
        fc.constantFrom<SourceTable>('ssd_cla_visits', 'ssd_involvements', 'ssd_care_leavers', 'events', 'ssd_missing'),
        text,
        async (ph, pt, eh, et, other, ot) => {
          let extract: Awaited<ReturnType<typeof read>>;
          try {
            extract = await read({ ssd_person: ph + pt, ssd_cla_episodes: eh + et, [other]: ot });
          } catch (error) {
            expect(error).toBeInstanceOf(SsdInputError);
            return;
          }
          const { lines, summary } = convertExtractAll(extract, AS_OF);
          const records = lines.filter((l) => 'kind' in l).length;
          expect(summary.persons).toBe(summary.children + summary.leavers + summary.outOfScope + summary.notConverted);
          expect(records).toBe(summary.children + summary.leavers);
          expect(lines.length - records).toBe(summary.problems);
          expect(summary.persons).toBe(extract.persons.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every person is converted, or gets exactly one blocking line with its id; none disappears silently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 12 }),
        fc.tuple(style, style, style, style, style, style, style),
        async (people, styles) => {
          const { tables, expected } = damagedExtract(people, styles);
          const extract = await read(tables);
          const { lines, summary } = convertExtractAll(extract, AS_OF);
          const records = lines.filter((l) => 'kind' in l).map((l) => (l as { id: string }).id);
          const problems = lines.filter((l) => 'problem' in l) as { recordId: string | null; problem: string }[];
          for (const [id, want] of expected) {
            const mine = problems.filter((l) => l.recordId === id);
            if (want === 'blocked') {
              expect(records).not.toContain(id);
              expect(mine).toHaveLength(1);
              expect(['no-date-of-birth', 'invalid-date', 'malformed-row']).toContain(mine[0]!.problem);
            } else {
              expect(records.filter((r) => r === id)).toHaveLength(1);
              expect(mine).toHaveLength(want);
            }
          }
          expect(problems.every((l) => l.recordId !== null && expected.has(l.recordId))).toBe(true);
          const blocked = [...expected.values()].filter((w) => w === 'blocked').length;
          expect(summary).toMatchObject({
            persons: people.length,
            children: people.length - blocked,
            notConverted: blocked,
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('as a snapshot: a blocked person reaches the import as one rejected line with its id, never silently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 8 }),
        fc.tuple(style, style, style, style, style, style, style),
        async (people, styles) => {
          const { tables, expected } = damagedExtract(people, styles);
          const dir = mkdtempSync(join(tmpdir(), 'ssd-fuzz-'));
          for (const [table, text] of Object.entries(tables)) writeFileSync(join(dir, `${table}.csv`), text);
          const source = await ssdSnapshot(dir, { asOf: AS_OF });
          const loaded = [...(source.lines as string[])].map((l) => (JSON.parse(l) as { id: string }).id);
          const rejected = (source.rejectedBefore ?? []).map((r) => r.recordId);
          const reported = (source.reportedOnly ?? []).map((r) => r.recordId);
          for (const [id, want] of expected) {
            if (want === 'blocked') {
              expect(loaded).not.toContain(id);
              expect(rejected.filter((r) => r === id)).toHaveLength(1);
            } else {
              expect(loaded.filter((r) => r === id)).toHaveLength(1);
              expect(rejected).not.toContain(id);
              expect(reported.filter((r) => r === id)).toHaveLength(want);
            }
          }
          expect(rejected).toHaveLength([...expected.values()].filter((w) => w === 'blocked').length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
