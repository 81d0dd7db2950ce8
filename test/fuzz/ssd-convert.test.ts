/**
 * Fuzzing the SSD converter's CSV input, as the import is fuzzed: whatever the bytes, it never crashes (an extract
 * that is not CSV is refused as a whole with an SsdInputError, exit 2), its summary adds up, and every person with a
 * bad row gets exactly one problem line while every other person is still converted.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day } from '../../shared/domain/calendar/local-date.js';
import { convertExtractAll } from '../../shared/domain/ssd/convert.js';
import type { SourceTable } from '../../shared/domain/ssd/extract.js';
import { SsdInputError, readSsdTables } from '../../shared/use-cases/convert-ssd.js';

const AS_OF = day('2024-06-03');
const read = (tables: Partial<Record<SourceTable, string>>) =>
  readSsdTables((t) => (tables[t] === undefined ? undefined : Readable.from([tables[t]!])));

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
/** Header and rows as CSV, every cell quoted or only where needed, LF or CRLF, with or without a BOM. */
function render(
  header: string[],
  rows: string[][],
  style: { quoteAll: boolean; crlf: boolean; bom: boolean; extra: boolean; reverse: boolean },
): string {
  const order = header.map((_, i) => i);
  if (style.reverse) order.reverse();
  const cell = (v: string) => (style.quoteAll || /[",\r\n]/.test(v) ? quote(v) : v);
  const line = (r: string[], extra: string) =>
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

type Fault = 'invalid-date' | 'malformed-row' | 'unknown-event' | 'duplicate-row' | 'no-team';
const faults: Fault[] = ['invalid-date', 'malformed-row', 'unknown-event', 'duplicate-row', 'no-team'];

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

  it('every person with a bad row gets one problem line; everyone else is converted', async () => {
    const person = fc.record({ fault: fc.option(fc.constantFrom(...faults), { freq: 3 }), visits: fc.nat(3) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 12 }),
        fc.tuple(style, style, style, style, style),
        async (people, styles) => {
          const persons: string[][] = [];
          const episodes: string[][] = [];
          const involvements: string[][] = [];
          const visits: string[][] = [];
          const events: string[][] = [];
          const broken = new Set<string>();
          people.forEach((p, i) => {
            const id = `P${i}, "x"`; // ids with commas and quotes, as free-text ids sometimes are
            persons.push([id, 'Name, With Comma', '2012-01-01']);
            episodes.push([id, '2023-01-01', '', `CLA${i}`]);
            if (p.fault !== 'no-team') involvements.push([id, `W${i}`, 'CW', `T${i % 3}`, '01/02/2023 00:00:00']);
            for (let v = 0; v < p.visits; v++) visits.push([`CLA${i}`, '', `2024-0${v + 1}-15 00:00:00.000`, 'Y']);
            events.push([id, 'pep', '2024-01-10']);
            if (p.fault) broken.add(id);
            if (p.fault === 'invalid-date') visits.push([`CLA${i}`, id, '31/04/2024', 'Y']);
            if (p.fault === 'unknown-event') events.push([id, 'home visit', '2024-01-01']);
            if (p.fault === 'duplicate-row') persons.push([id, 'Again', '2012-01-01']);
            // A malformed row: one field too many (an unquoted comma in free text).
            if (p.fault === 'malformed-row') visits.push([`CLA${i}`, id, '2024-05-01', 'Y', 'seen at school']);
          });
          const [s0, s1, s2, s3, s4] = styles;
          const visitsCsv = render(
            ['clav_cla_id', 'clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
            visits,
            s3,
          );
          const extract = await read({
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
            ssd_cla_visits: visitsCsv,
            events: render(['person_id', 'event', 'date'], events, s4),
          });
          const { lines, summary } = convertExtractAll(extract, AS_OF);
          const problemIds = lines.filter((l) => 'problem' in l).map((l) => ('recordId' in l ? l.recordId : null));
          const recordIds = lines.filter((l) => 'kind' in l).map((l) => (l as { id: string }).id);
          expect(new Set(problemIds)).toEqual(broken);
          expect(problemIds).toHaveLength(broken.size); // one line per blocked person
          expect(recordIds).toEqual(people.map((_, i) => `P${i}, "x"`).filter((id) => !broken.has(id)));
          expect(summary).toMatchObject({ persons: people.length, notConverted: broken.size });
        },
      ),
      { numRuns: 150 },
    );
  });
});
