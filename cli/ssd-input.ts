/** Reading an SSD extract folder and its value map for the commands that take one (`convert`, `history`). */
import { readFileSync } from 'node:fs';
import { ValueMapError, type ValueMap, compileValueMap } from '../shared/domain/ssd/value-map.js';
import type { SsdExtract } from '../shared/domain/ssd/extract.js';
import { SsdInputError, readSsdFolder } from '../shared/use-cases/convert-ssd.js';
import { UsageError } from './io.js';

export function loadValueMap(file: string | undefined): ValueMap {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --map ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return compileValueMap(raw);
  } catch (error) {
    if (error instanceof ValueMapError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/**
 * The extract in `dir`, read with the value map in `mapFile`; a missing folder, table or column is a usage error.
 * What the reading noticed (a file read as Windows-1252, a column of non-dates) is said once each on stderr.
 */
export async function readSsdInput(dir: string, mapFile: string | undefined): Promise<SsdExtract> {
  const map = loadValueMap(mapFile);
  try {
    const extract = await readSsdFolder(dir, map);
    for (const notice of extract.notices) process.stderr.write(`${notice}\n`);
    return extract;
  } catch (error) {
    if (error instanceof SsdInputError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
