/**
 * Cases the latest export names but the import could not read (a bad line whose id was readable, a person the SSD
 * converter could not convert): still open, listed to the team manager by case reference until an export reads them
 * again. Shared by the manager's daily email and the weekly digest.
 */
import { countOf } from '../domain/wording.js';
import type { Block } from './document.js';

export interface NotReadableView {
  recordId: string;
  link?: string;
  /** The date of the first snapshot that could not read it, in words. */
  since: string;
  /** Which fields and why, never their values. */
  detail: string;
}

export const NOT_READABLE_CAPTION = 'Could not be read: fix in the case system';

export function notReadableBlocks(list: readonly NotReadableView[], listLimit: number): Block[] {
  if (list.length === 0) return [];
  const shown = [...list].sort((a, b) => a.recordId.localeCompare(b.recordId)).slice(0, listLimit);
  const blocks: Block[] = [
    {
      kind: 'p',
      parts: [
        'The export names these cases but a line of each could not be read. They stay open: the last version that could be read is still checked (a case never read has no deadlines until it is fixed).',
      ],
    },
    {
      kind: 'table',
      caption: `${NOT_READABLE_CAPTION} (${list.length})`,
      head: ['Case', 'Problem'],
      rows: shown.map((d) => [
        d.link ? { text: d.recordId, href: d.link } : d.recordId,
        `Not readable in the export of ${d.since} (${d.detail}).`,
      ]),
      widths: [35, 65],
    },
  ];
  if (list.length > shown.length)
    blocks.push({
      kind: 'p',
      parts: [`${countOf(list.length - shown.length, 'case')} more could not be read and are not listed.`],
    });
  return blocks;
}
