import type { ObligationKind } from './obligations.js';

/** What each obligation is called in an email. */
export const OBLIGATION_LABELS: Record<ObligationKind, string> = {
  visit: 'Statutory visit',
  review: 'Statutory review',
  'health-assessment': 'Health assessment',
  'dental-check': 'Dental check',
  pep: 'Personal education plan',
  'needs-assessment': 'Needs assessment',
  'pathway-plan': 'Pathway plan',
  supervision: 'Case supervision',
  'pa-contact': 'Personal adviser contact',
};
