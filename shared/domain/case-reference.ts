/**
 * How a case is named in an email: the least that lets a worker act. The case reference always; initials only when
 * the authority allows them (on by default); names only when it explicitly turns them on (off by default).
 */
import type { CaseRecord } from './records/schema.js';

export interface CaseNaming {
  showInitials: boolean;
  showNames: boolean;
}

export function initialsOf(record: Pick<CaseRecord, 'givenName' | 'familyName'>): string | undefined {
  const letters = [record.givenName, record.familyName]
    .map((n) => n?.trim().match(/\p{L}/u)?.[0]?.toLocaleUpperCase('en-GB'))
    .filter(Boolean);
  return letters.length ? `${letters.join('.')}.` : undefined;
}

/** "LA-C100001 (A.O.)", "LA-C100001", or with names on "LA-C100001 (Amelia Okafor)". */
export function caseLabel(record: Pick<CaseRecord, 'id' | 'givenName' | 'familyName'>, naming: CaseNaming): string {
  if (naming.showNames) {
    const name = [record.givenName, record.familyName].filter(Boolean).join(' ').trim();
    if (name) return `${record.id} (${name})`;
  }
  if (naming.showInitials) {
    const initials = initialsOf(record);
    if (initials) return `${record.id} (${initials})`;
  }
  return record.id;
}

/** The link to the case in the authority's own case-management system. `{id}` is replaced, URL-encoded. */
export function caseLink(template: string, recordId: string): string {
  return template.replaceAll('{id}', encodeURIComponent(recordId));
}
