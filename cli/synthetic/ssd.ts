/**
 * The synthetic authority written as a council would hand it over: SSD tables as CSV files, an events.csv for
 * what the SSD lacks (PEPs, supervision, needs assessments, pathway plans, earlier PA contacts) and a directory
 * file of worker and team lines in the import format. Everything is fictional.
 *
 * The SSD cannot say everything a record can (ssd.md "What the SSD lacks"): `ssdView` is the record the converter
 * should give back for each record written, and the tests hold the two to it. Dates alternate between SQL Server's
 * `2024-05-01 00:00:00.000` and en-GB PowerShell's `01/05/2024 00:00:00`, as real extracts mix tools.
 *
 * With `extras`, the extract also holds what a real one does: people out of scope (an Eligible care leaver, a
 * child whose care ended, a child who died, a child-in-need case with no episode) and a few bad rows (an impossible
 * date, a row broken by an unquoted comma, an event word nobody defined, a child with no team, a retired
 * placement code: each costs its row only) and a child with no date of birth (not converted).
 */
import { type Day, addMonths, day as dayOf, formatDay, toCivil } from '../../shared/domain/calendar/local-date.js';
import type { ChildRecordInput, LeaverRecordInput } from '../../shared/domain/records/schema.js';
import { stringify } from 'csv-stringify/sync';
import { SSD_COLUMNS } from '../../shared/domain/ssd/columns.js';
import type { Caseload } from './authority.js';

type Row = (string | number | null | undefined)[];

const HEADERS = SSD_COLUMNS;
type TableName = keyof typeof HEADERS;

const PLACEMENT_CODES: Record<string, string> = {
  foster: 'U3',
  connectedPersonTemporary: 'U6',
  placedWithParentPreAssessment: 'P1',
  placedWithParent: 'P1',
  residential: 'K2',
  other: 'Z1',
};
const LEGAL_CODES: Record<string, string> = {
  section20: 'V2',
  interimCareOrder: 'C1',
  careOrder: 'C2',
  placementOrder: 'E1',
  remand: 'J1',
  other: 'L1',
  shortBreaks: 'V3',
};

/** Fields rules.md adds to the record, read when the synthetic authority provides them. */
interface NewChildFields {
  sdqs?: string[] | null;
  missingEpisodes?: { start: string; end?: string | null; interviewOffered?: string | boolean | null }[] | null;
  personalAdviserAllocated?: string | null;
}

export interface SsdFiles {
  /** File name (`ssd_person.csv`, `events.csv`, `directory.jsonl`) → contents. */
  files: Record<string, string>;
  /** Persons written, by what the converter should make of them. */
  persons: { children: number; leavers: number; outOfScope: number; notConverted: number };
}

/** One CSV record (RFC 4180, quoted only where needed), without its line end: rows are joined with CRLF. */
const csvLine = (cells: Row): string =>
  stringify([cells.map((v) => (v === null || v === undefined ? '' : String(v)))], { eof: false });

export function ssdExtractOf(caseload: Caseload, options: { asOf: Day; extras?: boolean }): SsdFiles {
  const { asOf } = options;
  const rows = new Map<TableName, string[]>(Object.keys(HEADERS).map((t) => [t as TableName, []]));
  let n = 0;
  /** Short rows are padded with empty cells, as a SELECT * of the full table would give. */
  const add = (table: TableName, row: Row) => {
    const width = HEADERS[table].length;
    if (row.length > width) throw new RangeError(`${table}: ${row.length} cells for ${width} columns`);
    rows.get(table)!.push(csvLine([...row, ...Array<null>(width - row.length).fill(null)]));
  };
  /** Alternates SQL Server and en-GB PowerShell forms; undefined stays empty. */
  const date = (d: string | Day | null | undefined): string | undefined => {
    if (d === null || d === undefined) return undefined;
    // A value the caseload already holds garbled (a visit re-saved in US form) is exported as it stands.
    if (typeof d === 'string' && !isDate(d)) return d;
    const value = typeof d === 'number' ? d : dayOf(d);
    n++;
    if (n % 2 === 0) return `${formatDay(value)} 00:00:00.000`;
    const { year, month, day } = toCivil(value);
    return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year} 00:00:00`;
  };
  const counts = { children: 0, leavers: 0, outOfScope: 0, notConverted: 0 };
  const person = (id: string, r: { givenName?: string | null; familyName?: string | null; dateOfBirth?: string }) =>
    add('ssd_person', [
      `LEG${id}`,
      id,
      'U',
      null,
      'NOBT',
      date(r.dateOfBirth),
      r.givenName,
      r.familyName,
      null,
      null,
      'British',
    ]);
  const event = (id: string, word: string, dates: readonly string[] | null | undefined) => {
    for (const d of dates ?? []) add('events', [id, word, date(d)]);
  };

  for (const record of caseload.records) {
    if (record.kind === 'child') {
      writeChild(record as ChildRecordInput & NewChildFields);
      counts.children++;
    } else {
      writeLeaver(record as LeaverRecordInput);
      counts.leavers++;
    }
  }

  function writeChild(r: ChildRecordInput & NewChildFields): void {
    const id = r.id;
    const cla = `CLA-${id}`;
    person(id, r);
    const placementStart = r.placement.start;
    const split = placementStart > r.periodOfCareStart;
    if (split) {
      add('ssd_cla_episodes', [`E1-${id}`, id, date(r.periodOfCareStart), 'N1', 'N1', date(placementStart), 'X1', cla]);
    }
    add('ssd_cla_episodes', [
      `E2-${id}`,
      id,
      date(placementStart),
      split ? 'P' : 'S',
      'N1',
      null,
      null,
      cla,
      null,
      `P-${id}`,
      // clae_entered_care_date on every other child; the rest rely on the earliest episode start.
      id.charCodeAt(id.length - 1) % 2 === 0 ? date(r.periodOfCareStart) : null,
    ]);
    const longTerm = r.placement.type === 'foster' && r.placement.longTermFoster === true;
    add('ssd_cla_placement', [
      `P-${id}`,
      cla,
      id,
      date(placementStart),
      longTerm ? 'U1' : PLACEMENT_CODES[r.placement.type],
      'SC000000',
      3.5,
      'PR1',
      'AB1 2CD',
    ]);
    const legalStart = r.legalStatus === 'careOrder' ? (r.careOrderDate ?? r.periodOfCareStart) : r.periodOfCareStart;
    add('ssd_legal_status', [`L-${id}`, id, LEGAL_CODES[r.legalStatus], date(legalStart), null]);
    r.visits?.forEach((d, i) => {
      add('ssd_cla_visits', [`V${i}-${id}`, cla, id, date(d), 'Y', i % 3 === 0 ? 'N' : 'Y']);
    });
    r.reviews?.forEach((d, i) => {
      add('ssd_cla_reviews', [`R${i}-${id}`, cla, id, date(d), date(d), 'N', 'PN1']);
    });
    r.healthAssessments?.forEach((d, i) => {
      add('ssd_cla_health', [
        `H${i}-${id}`,
        id,
        i === 0 ? 'Initial Health Assessment' : 'Review Health Assessment',
        date(d),
        'Completed',
      ]);
    });
    r.dentalChecks?.forEach((d, i) => {
      add('ssd_cla_health', [`D${i}-${id}`, id, 'Dental Check', date(d), null]);
    });
    r.sdqs?.forEach((d, i) => {
      add('ssd_sdq_scores', [`S${i}-${id}`, id, date(d), 'SDQ1', 12]);
    });
    const missing =
      r.missingEpisodes ??
      (r.flags && JSON.stringify(r.flags).includes('missing') ? [{ start: formatDay(asOf - 2) }] : []);
    missing.forEach((m, i) => {
      add('ssd_missing', [
        `M${i}-${id}`,
        id,
        date(m.start),
        'Missing',
        date(m.end),
        m.interviewOffered ? 'Y' : 'N',
        null,
      ]);
    });
    if (r.workerId) {
      add('ssd_involvements', [
        `I-${id}`,
        r.workerId,
        'CW',
        r.teamId,
        id,
        date(r.periodOfCareStart),
        null,
        null,
        'REF1',
      ]);
    } else {
      // Unallocated: the last social worker left on the as-of date; the case stays with the team.
      add('ssd_involvements', [`I-${id}`, 'W-LEFT', 'CW', r.teamId, id, date(r.periodOfCareStart), date(asOf), 'LEFT']);
    }
    if (r.personalAdviserAllocated) {
      add('ssd_involvements', [`PA-${id}`, 'PA-NEW', '16PLUS', r.teamId, id, date(r.personalAdviserAllocated), null]);
    }
    event(id, 'pep', r.peps);
    event(id, 'supervision', r.supervisions);
    event(id, 'pathway-plan-review', r.pathwayPlanReviews);
    if (r.needsAssessment) event(id, 'needs-assessment', [r.needsAssessment]);
  }

  function writeLeaver(r: LeaverRecordInput): void {
    const id = r.id;
    person(id, r);
    const ceased = dayOf(r.ceasedCareDate);
    add('ssd_cla_episodes', [`E-${id}`, id, date(addMonths(ceased, -30)), 'L', 'N1', date(ceased), 'E11', `CLA-${id}`]);
    const contacts = [...(r.contacts ?? [])].sort();
    const reviews = [...(r.pathwayPlanReviews ?? [])].sort();
    add('ssd_care_leavers', [
      `NEWID-${id}`,
      id,
      r.category === 'relevant' ? 'Relevant' : 'Former Relevant',
      'YES',
      date(contacts.at(-1)),
      'S',
      '1',
      r.inEducationOrTraining ? 'F1' : 'G4',
      reviews.length > 0 ? date(reviews.at(-1)) : '1900-01-01 00:00:00.000',
      r.workerId,
      r.teamId,
      null,
    ]);
    event(id, 'pa-contact', contacts.slice(0, -1));
    event(id, 'pathway-plan-review', reviews.slice(0, -1));
    if (r.needsAssessment) event(id, 'needs-assessment', [r.needsAssessment]);
  }

  if (options.extras) {
    const team = caseload.teams[0]?.id ?? 'T01';
    const worker = caseload.workers[0]?.id ?? 'W001';
    const leavingTeam = caseload.teams.at(-1)?.id ?? team;
    const a = (months: number) => date(addMonths(asOf, months));
    const childRows = (
      id: string,
      opts: { involvement?: boolean; placement?: string; died?: boolean; dob?: false } = {},
    ) => {
      add('ssd_person', [
        `LEG${id}`,
        id,
        'U',
        null,
        'NOBT',
        opts.dob === false ? null : a(-12 * 11),
        'Example',
        'Case',
        null,
        opts.died ? a(-1) : null,
      ]);
      add('ssd_cla_episodes', [`E-${id}`, id, a(-10), 'S', 'N1', null, null, `CLA-${id}`]);
      add('ssd_cla_placement', [`P-${id}`, `CLA-${id}`, id, a(-10), opts.placement ?? 'U3']);
      if (opts.involvement !== false) {
        add('ssd_involvements', [`I-${id}`, worker, 'CW', team, id, a(-10), null, null, 'REF1']);
      }
    };
    // Out of scope: an Eligible care leaver, a child whose care ended, a child who died, a child in need.
    person('LA-X000001', {
      givenName: 'Example',
      familyName: 'Eligible',
      dateOfBirth: formatDay(addMonths(asOf, -12 * 17)),
    });
    add('ssd_cla_episodes', ['E-X1', 'LA-X000001', a(-20), 'S', 'N1', a(-2), 'E4A', 'CLA-X1']);
    add('ssd_care_leavers', [
      'NEWID-X1',
      'LA-X000001',
      'Eligible',
      'YES',
      a(-1),
      'S',
      '1',
      'F1',
      a(-3),
      worker,
      leavingTeam,
      null,
    ]);
    person('LA-X000002', {
      givenName: 'Example',
      familyName: 'Home',
      dateOfBirth: formatDay(addMonths(asOf, -12 * 9)),
    });
    add('ssd_cla_episodes', ['E-X2', 'LA-X000002', a(-8), 'S', 'N1', a(-1), 'E13', 'CLA-X2']);
    childRows('LA-X000003', { died: true });
    person('LA-X000004', {
      givenName: 'Example',
      familyName: 'InNeed',
      dateOfBirth: formatDay(addMonths(asOf, -12 * 6)),
    });
    counts.outOfScope += 4;
    // Bad rows: each costs that row only; the person is converted, with a line.
    childRows('LA-B000001');
    add('ssd_cla_visits', ['VB1', 'CLA-LA-B000001', 'LA-B000001', '31/02/2024 00:00:00', 'Y', 'Y']);
    childRows('LA-B000002');
    rows.get('ssd_cla_visits')!.push(`VB2,CLA-LA-B000002,LA-B000002,${a(-1)},Y,Y,seen at school, with carer`);
    childRows('LA-B000003');
    add('events', ['LA-B000003', 'home-visit', a(-1)]);
    childRows('LA-B000004', { involvement: false });
    counts.children += 4;
    // No date of birth: identity cannot be read, so this one person is not converted (one blocking line).
    childRows('LA-B000006', { dob: false });
    counts.notConverted += 1;
    // A retired placement code: converted, with an unknown-code line.
    childRows('LA-B000005', { placement: 'F3' });
    counts.children += 1;
  }

  const files: Record<string, string> = {};
  for (const [table, lines] of rows) {
    files[`${table}.csv`] = `${[csvLine([...HEADERS[table]]), ...lines].join('\r\n')}\r\n`;
  }
  files['directory.jsonl'] = `${[
    ...caseload.teams.map((t) => JSON.stringify({ kind: 'team', ...t })),
    ...caseload.workers.map((w) => JSON.stringify({ kind: 'worker', ...w })),
  ].join('\n')}\n`;
  return { files, persons: counts };
}

function isDate(value: string): boolean {
  try {
    dayOf(value);
    return true;
  } catch {
    return false;
  }
}

/** What the converter gives back for a record written by `ssdExtractOf`, as of `asOf` (see the file's opening). */
export function ssdView(record: ChildRecordInput | LeaverRecordInput, asOf: Day): Record<string, unknown> {
  // A garbled date costs its own row: the converter leaves it out.
  const sorted = (xs: readonly string[] | null | undefined) => [...new Set(xs ?? [])].filter(isDate).sort();
  const names = {
    ...(record.givenName ? { givenName: record.givenName } : {}),
    ...(record.familyName ? { familyName: record.familyName } : {}),
  };
  if (record.kind === 'leaver') {
    return {
      id: record.id,
      kind: 'leaver',
      ...names,
      dateOfBirth: record.dateOfBirth,
      workerId: record.workerId ?? null,
      teamId: record.teamId,
      category: record.category,
      ceasedCareDate: record.ceasedCareDate,
      accommodationProvidedByLA: false,
      inEducationOrTraining: record.inEducationOrTraining === true,
      ...(record.needsAssessment ? { needsAssessment: record.needsAssessment } : {}),
      pathwayPlanReviews: sorted(record.pathwayPlanReviews),
      contacts: sorted(record.contacts),
    };
  }
  const r = record as ChildRecordInput & NewChildFields;
  const longTerm = r.placement.type === 'foster' && r.placement.longTermFoster === true;
  const type = { connectedPersonTemporary: 'foster', placedWithParentPreAssessment: 'placedWithParent' }[
    r.placement.type as string
  ];
  const flagged = r.flags ? JSON.stringify(r.flags).includes('missing') : false;
  const missing = r.missingEpisodes ?? (flagged ? [{ start: formatDay(asOf - 2) }] : []);
  const careOrderDate = r.legalStatus === 'careOrder' ? (r.careOrderDate ?? r.periodOfCareStart) : undefined;
  return {
    id: r.id,
    kind: 'child',
    ...names,
    dateOfBirth: r.dateOfBirth,
    workerId: r.workerId ?? null,
    teamId: r.teamId,
    periodOfCareStart: r.periodOfCareStart,
    legalStatus: r.legalStatus,
    ...(careOrderDate ? { careOrderDate } : {}),
    placement: {
      start: r.placement.start,
      type: type ?? r.placement.type,
      ...(longTerm ? { intendedUntil18: true, longTermFoster: true } : {}),
    },
    visits: sorted(r.visits),
    reviews: sorted(r.reviews),
    healthAssessments: sorted(r.healthAssessments),
    dentalChecks: sorted(r.dentalChecks),
    peps: sorted(r.peps),
    pathwayPlanReviews: sorted(r.pathwayPlanReviews),
    supervisions: sorted(r.supervisions),
    ...(r.needsAssessment ? { needsAssessment: r.needsAssessment } : {}),
    sdqs: sorted(r.sdqs),
    missingEpisodes: [...missing]
      .sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0))
      .map((m) => ({
        start: m.start,
        ...(m.end ? { end: m.end } : {}),
        ...(m.interviewOffered ? { interviewOffered: true } : {}),
      })),
    ...(r.personalAdviserAllocated ? { personalAdviserAllocated: r.personalAdviserAllocated } : {}),
    ...(missing.some((m) => m.start <= formatDay(asOf) && (!m.end || m.end > formatDay(asOf)))
      ? { flags: ['missing'] }
      : {}),
  };
}
