/**
 * The measures team managers report to councillors and Ofsted, computed for a set of cases on one day. Each
 * figure is the share of children or care leavers to whom the obligation applies who are not overdue today: a case
 * counts once per measure, and is late when any of its obligations of that kind is overdue (a child with two
 * missing episodes awaiting a return interview is one child). A measure with no case is "none applicable".
 */
import type { ObligationKind, Obligation } from './obligations.js';

export const MEASURES = [
  { id: 'visits', label: 'Statutory visits in time', obligation: 'visit' },
  { id: 'reviews', label: 'Reviews in time', obligation: 'review' },
  { id: 'returnInterviews', label: 'Return home interviews offered in time', obligation: 'return-interview' },
  { id: 'healthAssessments', label: 'Health assessments', obligation: 'health-assessment' },
  { id: 'dentalChecks', label: 'Dental checks', obligation: 'dental-check' },
  { id: 'sdqs', label: 'Strengths and Difficulties Questionnaires', obligation: 'sdq' },
  { id: 'peps', label: 'Personal education plans', obligation: 'pep' },
  { id: 'pathwayPlans', label: 'Pathway plans', obligation: 'pathway-plan' },
  { id: 'personalAdvisers', label: 'Personal advisers allocated', obligation: 'personal-adviser' },
  { id: 'leaverContact', label: 'Care-leaver contact', obligation: 'pa-contact' },
  { id: 'supervision', label: 'Supervision within 8 weeks', obligation: 'supervision' },
] as const satisfies readonly { id: string; label: string; obligation: ObligationKind }[];

export type MeasureId = (typeof MEASURES)[number]['id'];

export interface Figure {
  /** Cases to which the obligation applies today. */
  applicable: number;
  /** Of those, not overdue. */
  inTime: number;
  /** Percentage with one decimal, or null when nothing applies. */
  percent: number | null;
  /**
   * Of those, declined (a refused health assessment or dental check): counted as not in time, as the DfE counts a
   * refusal, and shown beside the figure. Absent when none is declined.
   */
  declined?: number;
}

export type Figures = Record<MeasureId, Figure>;

export function computeFigures(obligationsPerCase: Iterable<readonly Obligation[]>): Figures {
  const byObligation = new Map<ObligationKind, MeasureId>(MEASURES.map((m) => [m.obligation, m.id]));
  const figures = Object.fromEntries(
    MEASURES.map((m) => [m.id, { applicable: 0, inTime: 0, percent: null }]),
  ) as Figures;
  // Per case: undefined = not applicable, true = in time, false = something overdue or declined.
  const caseState = new Map<MeasureId, boolean>();
  const declined = new Set<MeasureId>();
  for (const obligations of obligationsPerCase) {
    caseState.clear();
    declined.clear();
    for (const o of obligations) {
      const measure = byObligation.get(o.obligation);
      if (o.status === 'not-applicable' || measure === undefined) continue;
      if (o.declined !== undefined) declined.add(measure);
      caseState.set(measure, (caseState.get(measure) ?? true) && o.status !== 'overdue' && o.declined === undefined);
    }
    for (const [measure, inTime] of caseState) {
      const f = figures[measure];
      f.applicable++;
      if (inTime) f.inTime++;
      if (declined.has(measure)) f.declined = (f.declined ?? 0) + 1;
    }
  }
  for (const f of Object.values(figures))
    f.percent = f.applicable ? Math.round((f.inTime / f.applicable) * 1000) / 10 : null;
  return figures;
}

export type Direction = 'up' | 'down' | 'same' | 'new';

/** Direction of change against last week, in words as well as arrows (never colour alone). */
export function directionOf(now: Figure, lastWeek: Figure | undefined): Direction {
  if (!lastWeek || lastWeek.percent === null || now.percent === null) return 'new';
  if (now.percent > lastWeek.percent) return 'up';
  if (now.percent < lastWeek.percent) return 'down';
  return 'same';
}
