/** An escalation: one item, why it matters, the link. Short enough to read on a phone between meetings. */
import { humanDayWithWeekday } from '../domain/calendar/local-date.js';
import { html, page, safeHref } from './html.js';
import type { ItemView } from './reminder-items.js';
import type { RenderedEmail } from './worker-reminder.js';

export interface EscalationView {
  item: ItemView;
  workingDaysOverdue: number;
  level: 'manager' | 'head-of-service';
  teamName: string;
  force: 'statutory' | 'guidance' | 'local';
  serviceName: string;
}

export function renderEscalation(view: EscalationView): RenderedEmail {
  const { item } = view;
  const subject = `Escalation: ${item.label.toLowerCase()} for ${item.caseLabel} is ${view.workingDaysOverdue} working days overdue`;
  const why =
    view.force === 'statutory'
      ? `This is a statutory duty (${item.citation}).`
      : view.force === 'guidance'
        ? `This is set by statutory guidance (${item.citation}), which the authority must follow unless it has good reason not to.`
        : `This is the authority's own standard (${item.citation}).`;
  const who = item.owner ? `Worker: ${item.owner}.` : '';
  const body = html`
<h1 style="font-size:22px;margin:0 0 8px 0">${item.label}: ${view.workingDaysOverdue} working days overdue</h1>
<p style="margin:0 0 12px 0"><a href="${safeHref(item.link)}" style="display:inline-block;padding:10px 0;font-size:18px;color:#1d70b8;font-weight:bold">${item.caseLabel}</a></p>
<p style="margin:0 0 12px 0">It was due on ${humanDayWithWeekday(item.due)}. ${why} ${who}</p>
${item.flagNote ? html`<p><strong>${item.flagNote}</strong></p>` : ''}
<p style="color:#505a5f;font-size:14px;margin-top:24px">${view.level === 'manager' ? `Sent once to the managers of ${view.teamName}.` : `Sent once to heads of service; ${view.teamName}'s managers were told earlier.`} ${view.serviceName}.</p>`;
  const text = `${item.label} for ${item.caseLabel}: ${view.workingDaysOverdue} working days overdue (due ${humanDayWithWeekday(item.due)}).\n${why} ${who}\n${item.flagNote ? `${item.flagNote}\n` : ''}${item.link}\n\n${view.serviceName}.\n`;
  return { subject, html: page(subject, body), text };
}
