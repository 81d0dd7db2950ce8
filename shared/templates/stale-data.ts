/**
 * The warning at the top of every worker and manager email when the data behind it may be out of date: the last
 * complete import is older than the policy allows, or the latest import was refused or failed. Dates then come from
 * an old copy of the case system, so "overdue" may already be done and new children are missing.
 */
import type { Block } from './document.js';

export interface StaleDataView {
  /** Whole days since the last complete import; undefined when none completed. */
  ageDays: number | undefined;
  /** The latest import was refused or failed. */
  importFailed: boolean;
}

/** The warning in words: the same sentence in the HTML and the plain text. */
export function staleDataSentence(view: StaleDataView): string {
  const age =
    view.ageDays === undefined
      ? 'No complete import of case data has been recorded'
      : `The case data was last imported ${view.ageDays === 0 ? 'today' : view.ageDays === 1 ? '1 day ago' : `${view.ageDays} days ago`}`;
  const failed = view.importFailed ? ' and the latest import was refused or failed' : '';
  return `Data may be out of date. ${age}${failed}. Dates below may be out of date: check the case system before acting, and tell the data team.`;
}

/** Nothing when the data is fresh; otherwise a panel to open the email with. */
export function staleDataBlocks(view: StaleDataView | undefined): Block[] {
  return view ? [{ kind: 'p', tone: 'panel', parts: [staleDataSentence(view)] }] : [];
}
