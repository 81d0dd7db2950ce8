/**
 * What DynamoDB would refuse, checked before anything is written so that one bad line is a rejected line with its
 * reason instead of an import that stops half-way: an item over 400 KB, a number the SDK cannot carry exactly
 * (beyond 2^53, or not finite), nesting deeper than 32 levels. Pure: sizes follow the DynamoDB developer guide's
 * item-size rules (attribute names and UTF-8 string bytes count; a number is about one byte per two digits plus one;
 * a list or map costs 3 bytes plus 1 per element), rounded up to stay on the safe side.
 */
import { DomainError } from '../errors.js';
export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_NESTING = 32;
/** Room left for the key and the attributes the store adds (pk, sk, entity, importedAt, closedAt, expiresAt). */
const KEY_AND_SYSTEM_BYTES = 512;

const utf8 = new TextEncoder();
const bytesOf = (s: string) => utf8.encode(s).length;

class Refused extends DomainError {}

function sizeOf(value: unknown, depth: number, path: string): number {
  if (depth > MAX_NESTING) throw new Refused(`${path || 'the record'}: nested more than ${MAX_NESTING} levels deep`);
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return bytesOf(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Refused(`${path}: not a finite number`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value))
      throw new Refused(`${path}: a number beyond 2^53 cannot be stored exactly`);
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  }
  if (Array.isArray(value)) {
    let total = 3;
    value.forEach((v, i) => {
      total += 1 + sizeOf(v, depth + 1, `${path}[${i}]`);
    });
    return total;
  }
  if (typeof value === 'object') {
    let total = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      total += 1 + bytesOf(k) + sizeOf(v, depth + 1, path ? `${path}.${k}` : k);
    return total;
  }
  throw new Refused(`${path}: a ${typeof value} cannot be stored`);
}

/** Why DynamoDB would refuse this item, or undefined when it can be stored. Names fields, never values. */
export function storageProblem(item: Record<string, unknown>): string | undefined {
  try {
    let total = KEY_AND_SYSTEM_BYTES;
    for (const [k, v] of Object.entries(item)) total += bytesOf(k) + sizeOf(v, 1, k);
    if (total > MAX_ITEM_BYTES)
      return `the record is about ${Math.ceil(total / 1024)} KB; DynamoDB stores at most ${MAX_ITEM_BYTES / 1024} KB per item`;
    return undefined;
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
}
