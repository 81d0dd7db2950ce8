/**
 * `--map`: a council's own values (trimmed, exact) → the values ssd.md expects, for the columns whose contents vary
 * between case-management systems (Liquidlogic writes descriptions such as "Full Care Order" where the 903 code
 * is C2). Only the columns below may be mapped; another key, or a value that is not a string, is an error, so a
 * misspelt column name fails loudly instead of silently mapping nothing.
 *
 *   {"lega_legal_status": {"Full Care Order": "C2"}, "clah_health_check_type": {"IHA": "Health Assessment"}}
 */
import { DomainError } from '../errors.js';
import { z } from 'zod';
import type { SsdColumn } from './columns.js';

export const MAPPABLE_COLUMNS = [
  'lega_legal_status',
  'clap_cla_placement_type',
  'clah_health_check_type',
  'clah_health_check_status',
  'clav_cla_visit_seen',
  'clar_cla_review_cancelled',
  'clea_care_leaver_eligibility',
  'clea_care_leaver_activity',
  'invo_professional_role_id',
  'miss_missing_episode_type',
  'miss_missing_rhi_offered',
] as const satisfies readonly SsdColumn[];
export type MappableColumn = (typeof MAPPABLE_COLUMNS)[number];

/** Column → (council value → expected value). Keys are trimmed when the map is read. */
export type ValueMap = Partial<Record<MappableColumn, ReadonlyMap<string, string>>>;

const columnMap = z.record(z.string(), z.string());
const mapSchema = z.strictObject(Object.fromEntries(MAPPABLE_COLUMNS.map((c) => [c, columnMap.optional()])));

export class ValueMapError extends DomainError {
  override readonly name = 'ValueMapError';
}

/** Validates a parsed `--map` file; throws `ValueMapError` naming what is wrong (column names, never values). */
export function compileValueMap(raw: unknown): ValueMap {
  const parsed = mapSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? String(issue.path[0]) : 'the map';
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown column ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (mappable: ${MAPPABLE_COLUMNS.join(', ')})`
        : issue.path.length >= 2
          ? 'every mapped value must be a string'
          : issue.path.length === 1
            ? 'must be an object of council value → expected value'
            : 'must be a JSON object of column → {council value: expected value}';
    throw new ValueMapError(`--map: ${where === 'the map' ? '' : `${where}: `}${what}`);
  }
  const map: ValueMap = {};
  for (const column of MAPPABLE_COLUMNS) {
    const entries = parsed.data[column] as Record<string, string> | undefined;
    if (entries) map[column] = new Map(Object.entries(entries).map(([k, v]) => [k.trim(), v]));
  }
  return map;
}

/** The value a cell stands for: the council's value translated by the map when listed, else itself. */
export function mapValue(map: ValueMap, column: MappableColumn, value: string): string {
  const m = map[column];
  if (!m) return value;
  const mapped = m.get(value);
  return mapped === undefined ? value : mapped.trim();
}
