/**
 * The warning at the top of every worker and manager email when the data behind it may be out of date: the last
 * complete import is older than the policy allows, or the latest import was refused or failed. Dates then come from
 * an old copy of the case system, so "overdue" may already be done and new children are missing.
 */
import { html, type SafeHtml } from './html.js';

export interface StaleDataView {
  /** Whole days since the last complete import; undefined when none completed. */
  ageDays: number | undefined;
  /** The latest import was refused or failed. */
  importFailed: boolean;
}

function sentence(view: StaleDataView): string {
  const age =
    view.ageDays === undefined
      ? 'No complete import of case data has been recorded'
      : `The case data was last imported ${view.ageDays === 0 ? 'today' : view.ageDays === 1 ? '1 day ago' : `${view.ageDays} days ago`}`;
  const failed = view.importFailed ? ' and the latest import was refused or failed' : '';
  return `${age}${failed}. Dates below may be out of date: check the case system before acting, and tell the data team.`;
}

/** Nothing when the data is fresh; otherwise a boxed warning (HTML) and a first paragraph (text). */
export function staleDataNotice(view: StaleDataView | undefined): { html: SafeHtml | ''; text: string } {
  if (!view) return { html: '', text: '' };
  const text = sentence(view);
  return {
    html: html`<p role="alert" style="margin:0 0 16px 0;padding:12px;border-left:6px solid #d4351c;background:#fef7f6;font-weight:bold">Data may be out of date. ${text}</p>`,
    text: `DATA MAY BE OUT OF DATE. ${text}\n\n`,
  };
}
