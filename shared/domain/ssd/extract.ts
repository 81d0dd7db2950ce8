/**
 * Step one of converting an SSD extract: the CSV tables, row by row, become per-person typed rows. Dates are parsed
 * to day numbers once, codes are translated by the council's `--map` and upper-cased once, and each row remembers
 * its source (`ssd_cla_visits:12`, row 1 following the header) and the date columns it could not read. Nothing here
 * depends on the as-of date, so a history can derive records for many dates from one extract (`derive.ts`).
 *
 * A row's person is its `*_person_id` (events: `person_id`); a review, visit or placement without one is found
 * through its `*_cla_id` in clae_cla_id. Rows for ids that are not in ssd_person are dropped. A row whose field
 * count differs from its header's is kept only as a `malformed-row` problem, under its person when the id column
 * can still be read.
 */
import type { Day } from '../calendar/local-date.js';
import type { SsdColumn } from './columns.js';
import { INVALID_DATE, US_DATE, US_DATE_DETAIL, isNoValue, parseSsdDate } from './dates.js';
import {
  type EventWord,
  ROLE_PERSONAL_ADVISER,
  ROLE_SOCIAL_WORKER,
  eventWordOf,
  type HealthCheckStatus,
  healthCheckKindOf,
  healthCheckStatusOf,
  inEducationOrTrainingOf,
  isMissingEpisodeType,
  leaverCategoryOf,
} from './codes.js';
import { type MappableColumn, type ValueMap, mapValue } from './value-map.js';

/** The SSD tables the converter reads, in the order their problems are looked for. */
export const SSD_TABLES = [
  'ssd_person',
  'ssd_cla_episodes',
  'ssd_legal_status',
  'ssd_cla_placement',
  'ssd_cla_reviews',
  'ssd_cla_visits',
  'ssd_cla_health',
  'ssd_care_leavers',
  'ssd_involvements',
  'ssd_missing',
  'ssd_sdq_scores',
] as const;
export type SsdTable = (typeof SSD_TABLES)[number];
/** The optional file of what the SSD lacks: `person_id,event,date`. */
export const EVENTS_TABLE = 'events';
export type SourceTable = SsdTable | typeof EVENTS_TABLE;

/** Accepted in the folder but not read. */
export const UNREAD_TABLES = ['ssd_cla_immunisations', 'ssd_professionals', 'ssd_department'] as const;
export const REQUIRED_TABLES: readonly SsdTable[] = ['ssd_person', 'ssd_cla_episodes'];
/** Columns without which the extract cannot be read at all. */
export const REQUIRED_COLUMNS: Partial<Record<SourceTable, readonly SsdColumn[]>> = {
  ssd_person: ['pers_person_id'],
  ssd_cla_episodes: ['clae_person_id', 'clae_cla_episode_start_date'],
};

export type SsdProblemCode =
  | 'invalid-date'
  | 'malformed-row'
  | 'unknown-event'
  | 'duplicate-row'
  | 'no-date-of-birth'
  | 'no-team'
  | 'no-ceased-date'
  | 'unknown-code';

/** A problem line as written: details name columns and codes, never a person's values. */
export interface ProblemLine {
  recordId: string | null;
  source: string;
  problem: SsdProblemCode;
  detail: string;
}

interface RowBase {
  /** `<table>:<row>`. */
  source: string;
  /** Position in its table, for "ties go to the later row". */
  row: number;
  /**
   * Date columns holding something that is not a date, each as a problem detail: the column, and after a colon
   * what was expected when the value was written month first.
   */
  invalid?: string[];
}
export interface PersonRow extends RowBase {
  forename?: string;
  surname?: string;
  dob?: Day;
  expectedDob?: Day;
  deathDate?: Day;
}
export interface EpisodeRow extends RowBase {
  claId?: string;
  start?: Day;
  ceased?: Day;
  enteredCare?: Day;
  /** The 903's RNE and REC as written (clae_cla_episode_start_reason, clae_cla_episode_ceased_reason), if any. */
  startReason?: string;
  ceasedReason?: string;
}
/** Codes are mapped and upper-cased; `value` is the cell as written, for an `unknown-code` detail. */
export interface LegalStatusRow extends RowBase {
  code?: string;
  value?: string;
  start?: Day;
  end?: Day;
}
export interface PlacementRow extends RowBase {
  claId?: string;
  code?: string;
  value?: string;
  start?: Day;
  end?: Day;
}
export interface ReviewRow extends RowBase {
  date?: Day;
  cancelled: boolean;
}
export interface VisitRow extends RowBase {
  date?: Day;
  seen: boolean;
}
export interface HealthRow extends RowBase {
  date?: Day;
  kind?: 'health' | 'dental';
  /** Completed (or no status), declined (Refused, Declined, Consent withheld), or neither (Booked, DNA…). */
  status: HealthCheckStatus;
}
export interface CareLeaverRow extends RowBase {
  category?: 'relevant' | 'formerRelevant';
  latestContact?: Day;
  pathwayPlanReview?: Day;
  personalAdviser?: string;
  workerId?: string;
  team?: string;
  inEducationOrTraining: boolean;
}
export interface InvolvementRow extends RowBase {
  role?: 'CW' | '16PLUS';
  professionalId?: string;
  team?: string;
  start?: Day;
  end?: Day;
}
export interface MissingRow extends RowBase {
  isEpisode: boolean;
  start?: Day;
  end?: Day;
  interviewOffered: boolean;
}
export interface SdqRow extends RowBase {
  date?: Day;
}
export interface EventRow extends RowBase {
  /** Undefined for a word ssd.md does not list (`unknown-event`); `value` keeps the cell. */
  word?: EventWord;
  value: string;
  date?: Day;
}
export interface MalformedRow {
  table: SourceTable;
  source: string;
  detail: string;
}

/** Everything the extract holds about one person, each table's rows in file order. */
export interface SsdPerson {
  id: string;
  /** Well-formed ssd_person rows: more than one is a `duplicate-row`. */
  persons: PersonRow[];
  episodes: EpisodeRow[];
  legalStatuses: LegalStatusRow[];
  placements: PlacementRow[];
  reviews: ReviewRow[];
  visits: VisitRow[];
  health: HealthRow[];
  careLeavers: CareLeaverRow[];
  involvements: InvolvementRow[];
  missing: MissingRow[];
  sdqs: SdqRow[];
  events: EventRow[];
  malformed: MalformedRow[];
}

export interface SsdExtract {
  /** In ssd_person order (first appearance of each pers_person_id). */
  persons: SsdPerson[];
  /** Malformed rows whose person cannot be read (recordId null). */
  unattributed: ProblemLine[];
  /**
   * Said once on stderr, not problem lines: a column most of whose values are not dates, naming the file, the
   * column and what was expected (counts only, never values).
   */
  notices: string[];
}

/** Reads one cell of the current row: trimmed, with `NULL` as no value. */
interface Cell {
  cell(column: SsdColumn): string | undefined;
}

/** The per-person lists rows go to. */
type RowList = Exclude<keyof SsdPerson, 'id'>;

/**
 * A row waiting for its person (a CLA id can only be looked up once ssd_cla_episodes is read). A plain object, not
 * a closure: a closure would keep the whole parsed CSV row alive until the end.
 */
interface Pending {
  /** The row's own person id, when it has one; otherwise the CLA id to look up in clae_cla_id. */
  personId: string | undefined;
  claId: string | undefined;
  list: RowList;
  row: unknown;
}

/**
 * Collects the tables of one extract. Feed it each table's header, then its rows (in any table order), then
 * `build()`. Rows are held as small typed objects; the CSV text is never kept.
 */
export class SsdExtractBuilder {
  private readonly order: string[] = [];
  private readonly people = new Map<string, SsdPerson>();
  private readonly pending: Pending[] = [];
  private readonly claPerson = new Map<string, string>();
  private readonly unattributed: ProblemLine[] = [];
  /** Table → column → how many values were read as dates, how many were not, how many were month first. */
  private readonly dateCells = new Map<SourceTable, Map<SsdColumn, DateCount>>();

  constructor(private readonly map: ValueMap = {}) {}

  /** Starts a table: returns the function that takes its rows, numbered from 1 after the header. */
  table(table: SourceTable, header: readonly string[]): (fields: readonly string[]) => void {
    const index = new Map<string, number>();
    header.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      if (!index.has(key)) index.set(key, i);
    });
    let row = 0;
    // One reader per table, pointed at each row in turn: no functions made per row.
    const reader = new RowReader(table, index, this.map, this.dateCells);
    return (fields) => {
      row++;
      const source = `${table}:${row}`;
      reader.start(fields);
      if (fields.length !== header.length) {
        this.malformed(table, source, reader, `the row has ${fields.length} fields, the header ${header.length}`);
        return;
      }
      this.addRow(table, source, row, reader);
    };
  }

  build(): SsdExtract {
    for (const p of this.pending) {
      const id = p.personId ?? (p.claId === undefined ? undefined : this.claPerson.get(p.claId));
      if (id === undefined) continue;
      const person = this.people.get(id);
      if (person) (person[p.list] as unknown[]).push(p.row);
    }
    this.pending.length = 0;
    return {
      persons: this.order.map((id) => this.people.get(id)!),
      unattributed: this.unattributed,
      notices: this.dateNotices(),
    };
  }

  /** A column where most values are not dates: one notice naming it and what was expected. */
  private dateNotices(): string[] {
    const notices: string[] = [];
    for (const [table, columns] of this.dateCells)
      for (const [column, c] of columns) {
        if (c.invalid * 2 <= c.values) continue;
        const us = c.us * 2 > c.invalid ? '; most are US month-first dates (export in an en-GB culture)' : '';
        notices.push(
          `${table}.csv: ${c.invalid} of ${c.values} values of ${column} are not dates: expected DD/MM/YYYY or YYYY-MM-DD, with or without a time${us}`,
        );
      }
    return notices;
  }

  private person(id: string): SsdPerson {
    let p = this.people.get(id);
    if (!p) {
      p = {
        id,
        persons: [],
        episodes: [],
        legalStatuses: [],
        placements: [],
        reviews: [],
        visits: [],
        health: [],
        careLeavers: [],
        involvements: [],
        missing: [],
        sdqs: [],
        events: [],
        malformed: [],
      };
      this.people.set(id, p);
      this.order.push(id);
    }
    return p;
  }

  private later(personId: string | undefined, claId: string | undefined, list: RowList, row: unknown): void {
    if (personId === undefined && claId === undefined) return;
    this.pending.push({ personId, claId, list, row });
  }

  private malformed(table: SourceTable, source: string, cells: Cell, detail: string): void {
    const row: MalformedRow = { table, source, detail };
    const ids = PERSON_COLUMNS[table];
    const personId = cells.cell(ids.person);
    if (table === 'ssd_person') {
      if (personId !== undefined) this.person(personId).malformed.push(row);
      else this.unattributed.push({ recordId: null, source, problem: 'malformed-row', detail });
      return;
    }
    const claId = ids.cla === undefined ? undefined : cells.cell(ids.cla);
    if (personId === undefined && claId === undefined) {
      this.unattributed.push({ recordId: null, source, problem: 'malformed-row', detail });
      return;
    }
    this.later(personId, personId === undefined ? claId : undefined, 'malformed', row);
  }

  private addRow(table: SourceTable, source: string, row: number, reader: RowReader): void {
    switch (table) {
      case 'ssd_person': {
        const id = reader.cell('pers_person_id');
        if (id === undefined) return;
        const r: PersonRow = {
          forename: reader.cell('pers_forename'),
          surname: reader.cell('pers_surname'),
          dob: reader.date('pers_dob'),
          expectedDob: reader.date('pers_expected_dob'),
          deathDate: reader.date('pers_death_date'),
          ...reader.base(source, row),
        };
        this.person(id).persons.push(r);
        return;
      }
      case 'ssd_cla_episodes': {
        const personId = reader.cell('clae_person_id');
        const claId = reader.cell('clae_cla_id');
        if (personId !== undefined && claId !== undefined && !this.claPerson.has(claId)) {
          this.claPerson.set(claId, personId);
        }
        const r: EpisodeRow = {
          claId,
          start: reader.date('clae_cla_episode_start_date'),
          ceased: reader.date('clae_cla_episode_ceased_date'),
          enteredCare: reader.date('clae_entered_care_date'),
          startReason: reader.cell('clae_cla_episode_start_reason'),
          ceasedReason: reader.cell('clae_cla_episode_ceased_reason'),
          ...reader.base(source, row),
        };
        this.later(personId, undefined, 'episodes', r);
        return;
      }
      case 'ssd_legal_status': {
        const value = reader.cell('lega_legal_status');
        const r: LegalStatusRow = {
          code: reader.upper('lega_legal_status'),
          value,
          start: reader.date('lega_legal_status_start_date'),
          end: reader.date('lega_legal_status_end_date'),
          ...reader.base(source, row),
        };
        this.later(reader.cell('lega_person_id'), undefined, 'legalStatuses', r);
        return;
      }
      case 'ssd_cla_placement': {
        const claId = reader.cell('clap_cla_id');
        const r: PlacementRow = {
          claId,
          code: reader.upper('clap_cla_placement_type'),
          value: reader.cell('clap_cla_placement_type'),
          start: reader.date('clap_cla_placement_start_date'),
          end: reader.date('clap_cla_placement_end_date'),
          ...reader.base(source, row),
        };
        const personId = reader.cell('clap_person_id');
        this.later(personId, personId === undefined ? claId : undefined, 'placements', r);
        return;
      }
      case 'ssd_cla_reviews': {
        const r: ReviewRow = {
          date: reader.date('clar_cla_review_date'),
          cancelled: reader.upper('clar_cla_review_cancelled') === 'Y',
          ...reader.base(source, row),
        };
        const personId = reader.cell('clar_cla_person_id');
        this.later(personId, personId === undefined ? reader.cell('clar_cla_id') : undefined, 'reviews', r);
        return;
      }
      case 'ssd_cla_visits': {
        const seen = reader.upper('clav_cla_visit_seen');
        const r: VisitRow = {
          date: reader.date('clav_cla_visit_date'),
          seen: seen === undefined || seen === 'Y',
          ...reader.base(source, row),
        };
        const personId = reader.cell('clav_person_id');
        this.later(personId, personId === undefined ? reader.cell('clav_cla_id') : undefined, 'visits', r);
        return;
      }
      case 'ssd_cla_health': {
        const type = reader.code('clah_health_check_type')?.toLowerCase();
        const status = reader.upper('clah_health_check_status');
        const r: HealthRow = {
          date: reader.date('clah_health_check_date'),
          kind: type === undefined ? undefined : healthCheckKindOf(type),
          status: healthCheckStatusOf(status),
          ...reader.base(source, row),
        };
        this.later(reader.cell('clah_person_id'), undefined, 'health', r);
        return;
      }
      case 'ssd_care_leavers': {
        const eligibility = reader.code('clea_care_leaver_eligibility');
        const activity = reader.upper('clea_care_leaver_activity');
        const r: CareLeaverRow = {
          category: eligibility === undefined ? undefined : leaverCategoryOf(eligibility),
          latestContact: reader.date('clea_care_leaver_latest_contact'),
          pathwayPlanReview: reader.date('clea_pathway_plan_review_date'),
          personalAdviser: reader.cell('clea_care_leaver_personal_advisor'),
          workerId: reader.cell('clea_care_leaver_worker_id'),
          team: reader.cell('clea_care_leaver_allocated_team'),
          inEducationOrTraining: activity !== undefined && inEducationOrTrainingOf(activity),
          ...reader.base(source, row),
        };
        this.later(reader.cell('clea_person_id'), undefined, 'careLeavers', r);
        return;
      }
      case 'ssd_involvements': {
        const role = reader.upper('invo_professional_role_id');
        const r: InvolvementRow = {
          role: role === ROLE_SOCIAL_WORKER ? 'CW' : role === ROLE_PERSONAL_ADVISER ? '16PLUS' : undefined,
          professionalId: reader.cell('invo_professional_id'),
          team: reader.cell('invo_professional_team'),
          start: reader.date('invo_involvement_start_date'),
          end: reader.date('invo_involvement_end_date'),
          ...reader.base(source, row),
        };
        this.later(reader.cell('invo_person_id'), undefined, 'involvements', r);
        return;
      }
      case 'ssd_missing': {
        const type = reader.upper('miss_missing_episode_type');
        const offered = reader.upper('miss_missing_rhi_offered');
        const r: MissingRow = {
          isEpisode: type === undefined || isMissingEpisodeType(type),
          start: reader.date('miss_missing_episode_start_date'),
          end: reader.date('miss_missing_episode_end_date'),
          interviewOffered: offered === 'Y' || offered === 'NA',
          ...reader.base(source, row),
        };
        this.later(reader.cell('miss_person_id'), undefined, 'missing', r);
        return;
      }
      case 'ssd_sdq_scores': {
        const r: SdqRow = { date: reader.date('csdq_sdq_completed_date'), ...reader.base(source, row) };
        this.later(reader.cell('csdq_person_id'), undefined, 'sdqs', r);
        return;
      }
      case 'events': {
        const value = reader.cell('event') ?? '';
        const word = eventWordOf(value);
        // The date of an event is read only for a word the converter knows; an unknown word is its own problem.
        const r: EventRow = { word, value, date: reader.date('date'), ...reader.base(source, row) };
        this.later(reader.cell('person_id'), undefined, 'events', r);
        return;
      }
    }
  }
}

/**
 * The cells of one table's current row, read by column name, and the date columns of the row that hold something
 * that is not a date (`invalid`, fresh for each row). Counts every date value per column for the notices.
 */
class RowReader implements Cell {
  private fields: readonly string[] = [];
  invalid: string[] | undefined;
  private columns: Map<SsdColumn, DateCount> | undefined;

  constructor(
    private readonly table: SourceTable,
    private readonly index: ReadonlyMap<string, number>,
    private readonly map: ValueMap,
    private readonly dateCells: Map<SourceTable, Map<SsdColumn, DateCount>>,
  ) {}

  start(fields: readonly string[]): void {
    this.fields = fields;
    this.invalid = undefined;
  }

  cell(column: SsdColumn): string | undefined {
    const i = this.index.get(column);
    if (i === undefined || i >= this.fields.length) return undefined;
    const v = this.fields[i]!.trim();
    return isNoValue(v) ? undefined : v;
  }

  /** A mappable column's value through the value map. */
  code(column: MappableColumn): string | undefined {
    const v = this.cell(column);
    return v === undefined ? undefined : mapValue(this.map, column, v);
  }

  upper(column: MappableColumn): string | undefined {
    return this.code(column)?.toUpperCase();
  }

  date(column: SsdColumn): Day | undefined {
    const v = this.cell(column);
    if (v === undefined) return undefined;
    const d = parseSsdDate(v);
    if (!this.columns) {
      this.columns = this.dateCells.get(this.table);
      if (!this.columns) {
        this.columns = new Map();
        this.dateCells.set(this.table, this.columns);
      }
    }
    let counts = this.columns.get(column);
    if (!counts) {
      counts = { values: 0, invalid: 0, us: 0 };
      this.columns.set(column, counts);
    }
    counts.values++;
    if (d === INVALID_DATE || d === US_DATE) {
      counts.invalid++;
      if (d === US_DATE) counts.us++;
      const detail = d === US_DATE ? `${column}: ${US_DATE_DETAIL}` : column;
      if (this.invalid) this.invalid.push(detail);
      else this.invalid = [detail];
      return undefined;
    }
    return d;
  }

  /** The row's place, and its invalid date columns if any. */
  base(source: string, row: number): RowBase {
    return this.invalid ? { source, row, invalid: this.invalid } : { source, row };
  }
}

/** A date column's values: how many were read, how many were not dates, how many of those were month first. */
interface DateCount {
  values: number;
  invalid: number;
  us: number;
}

/** Where each table names its person, and the CLA id to fall back on. */
const PERSON_COLUMNS: Record<SourceTable, { person: SsdColumn; cla?: SsdColumn }> = {
  ssd_person: { person: 'pers_person_id' },
  ssd_cla_episodes: { person: 'clae_person_id' },
  ssd_legal_status: { person: 'lega_person_id' },
  ssd_cla_placement: { person: 'clap_person_id', cla: 'clap_cla_id' },
  ssd_cla_reviews: { person: 'clar_cla_person_id', cla: 'clar_cla_id' },
  ssd_cla_visits: { person: 'clav_person_id', cla: 'clav_cla_id' },
  ssd_cla_health: { person: 'clah_person_id' },
  ssd_care_leavers: { person: 'clea_person_id' },
  ssd_involvements: { person: 'invo_person_id' },
  ssd_missing: { person: 'miss_person_id' },
  ssd_sdq_scores: { person: 'csdq_person_id' },
  events: { person: 'person_id' },
};
