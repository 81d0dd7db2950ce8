import type { ObligationKind } from './obligations.js';

/** What each obligation is called in an email. */
export const OBLIGATION_LABELS: Record<ObligationKind, string> = {
  visit: 'Statutory visit',
  review: 'Statutory review',
  'return-interview': 'Return home interview',
  'health-assessment': 'Health assessment',
  'dental-check': 'Dental check',
  sdq: 'Strengths and Difficulties Questionnaire (SDQ)',
  pep: 'Personal education plan',
  'needs-assessment': 'Needs assessment',
  'pathway-plan': 'Pathway plan',
  'personal-adviser': 'Personal adviser allocation',
  supervision: 'Case supervision',
  'pa-contact': 'Personal adviser contact',
};
