/**
 * The weekly digest for a team manager, and the service-wide digest for heads of service. The team digest is in the
 * order a manager uses it: the figures (with last week beside them), then what needs the manager (cases reaching
 * no worker, grouped by cause and worker; records that could not be read), then one line per worker (overdue items,
 * the oldest, items due in the next 14 days), then only the worst items, with a count of the rest. It stays well
 * under Gmail's ~102 KB clipping point whatever the backlog. Both digests use the same definitions: figures count
 * cases, "overdue items" counts every overdue obligation in the team, whether or not it has a reachable worker.
 */
import { headerSafe } from '../domain/header-text.js';
import type { Forecast903, ForecastMeasureId } from '../domain/returns/forecast-903.js';
import { type ToDoChild, toDoBlocks } from './forecast-903-section.js';
import {
  serviceFiguresBlocks,
  serviceForecastBlocks,
  serviceNeedsBlocks,
  serviceTeamDetailBlocks,
} from './service-digest.js';
import { type StaleDataView, staleDataBlocks } from './stale-data.js';
import { type Day, humanDay } from '../domain/calendar/local-date.js';
import { type Direction, type Figure, type Figures, MEASURES, directionOf } from '../domain/digest-figures.js';
import { countOf, daysInWords } from '../domain/wording.js';
import { type Block, type MailConventions, type RenderedEmail, renderDocument } from './document.js';
import { type DataQualityView, type UnreachableGroupView, needsYouBlocks } from './manager-daily.js';
import type { NotReadableView } from './not-readable.js';
import type { ItemView } from './reminder-items.js';

const percent = (f: Figure | undefined) => (f && f.percent !== null ? `${f.percent.toFixed(1)}%` : 'none');
const counts = (f: Figure) => (f.applicable ? `${f.inTime} of ${countOf(f.applicable, 'case')}` : 'no cases');
/** " · 3 declined" beside a figure with declines (counted as not in time), else nothing. */
export const declinedNote = (f: Figure | undefined) => (f?.declined ? ` · ${f.declined} declined` : '');

export function changeInWords(now: Figure, lastWeek: Figure | undefined): string {
  const d: Direction = directionOf(now, lastWeek);
  if (d === 'new') return 'no figure last week';
  if (d === 'same') return 'no change';
  const points = Math.abs(now.percent! - lastWeek!.percent!).toFixed(1);
  return d === 'up' ? `up ${points} points` : `down ${points} points`;
}

export interface WorkerRow {
  worker: string;
  overdue: number;
  /** Days overdue of the worker's oldest overdue item. */
  oldestDays: number | null;
  dueSoon: number;
}

export interface TeamDigestView {
  teamName: string;
  weekStarting: Day;
  asOf: Day;
  figures: Figures;
  lastWeek: Figures | undefined;
  /** Every overdue item in the team, reachable worker or not (the service digest's number). */
  overdueItems: number;
  groups: UnreachableGroupView[];
  dataQuality: DataQualityView[];
  /** Cases the export names but could not read. */
  notReadable?: NotReadableView[];
  workers: WorkerRow[];
  dueSoonDays: number;
  /** The most overdue items, already capped. */
  worst: ItemView[];
  listLimit: number;
  worklistLink: string;
  conventions: MailConventions;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
  /** The team's children still to do for the 903 (absent: no forecast). */
  toDo903?: { children: ToDoChild[]; yearEnd: Day };
}

function figuresBlock(figures: Figures, lastWeek: Figures | undefined): Block {
  return {
    kind: 'table',
    caption: 'Cases in time this week, with last week',
    head: ['Measure', 'This week', 'Last week', 'Change'],
    rows: MEASURES.map((m) => [
      m.label,
      `${percent(figures[m.id])} (${counts(figures[m.id])})${declinedNote(figures[m.id])}`,
      percent(lastWeek?.[m.id]),
      changeInWords(figures[m.id], lastWeek?.[m.id]),
    ]),
    widths: [34, 28, 16, 22],
  };
}

/** The team digest's sections, in order (pure, for tests). */
export const TEAM_DIGEST_SECTIONS = ['Figures', 'Needs you', 'By worker', 'Most overdue items'] as const;

export function renderTeamDigest(view: TeamDigestView): RenderedEmail {
  const subject = headerSafe(
    `${view.teamName}: weekly digest, ${countOf(view.overdueItems, 'item')} overdue, week of ${humanDay(view.weekStarting)}`,
  );
  const [figuresTitle, needsTitle, workersTitle, worstTitle] = TEAM_DIGEST_SECTIONS;
  const needs = needsYouBlocks(view.groups, view.dataQuality, view.listLimit, view.worklistLink, view.notReadable);
  const blocks: Block[] = [
    ...staleDataBlocks(view.staleData),
    { kind: 'h1', text: `${view.teamName}: weekly digest` },
    {
      kind: 'p',
      parts: [
        `Week of ${humanDay(view.weekStarting)}. A case is in time when the item is not overdue on ${humanDay(view.asOf)}; something due today is still in time. ${countOf(view.overdueItems, 'item')} overdue in the team.`,
      ],
    },
    { kind: 'h2', text: figuresTitle },
    figuresBlock(view.figures, view.lastWeek),
    { kind: 'h2', text: needsTitle },
    ...(needs.length
      ? needs
      : [{ kind: 'p' as const, parts: ['Every case has a reachable worker and every record could be read.'] }]),
    { kind: 'h2', text: workersTitle },
    view.workers.length
      ? {
          kind: 'table',
          caption: 'Overdue and due soon, per worker',
          head: ['Worker', 'Overdue items', 'Oldest', `Due in next ${view.dueSoonDays} days`],
          rows: view.workers.map((w) => [
            w.worker,
            String(w.overdue),
            w.oldestDays === null ? 'none overdue' : daysInWords(-w.oldestDays),
            String(w.dueSoon),
          ]),
          widths: [34, 20, 26, 20],
        }
      : { kind: 'p', parts: ['No worker has anything overdue or due soon.'] },
    { kind: 'h2', text: worstTitle },
  ];
  if (view.worst.length) {
    blocks.push({
      kind: 'items',
      caption: `The ${countOf(view.worst.length, 'item')} most overdue`,
      items: view.worst,
      withOwner: true,
      order: 'given',
    });
    const rest = view.overdueItems - view.worst.length;
    if (rest > 0)
      blocks.push({
        kind: 'p',
        parts: [
          `${countOf(rest, 'item')} more overdue, not listed: `,
          { text: 'see the team caseload in the case system', href: view.worklistLink },
          '.',
        ],
      });
  } else blocks.push({ kind: 'p', parts: ['Nothing is overdue.'] });
  if (view.toDo903) blocks.push(...toDoBlocks(view.toDo903.children, view.toDo903.yearEnd));
  blocks.push({ kind: 'p', tone: 'small', parts: ['Sent weekly at the team’s digest time. Days are calendar days.'] });
  return renderDocument(subject, blocks, view.conventions);
}

export interface ServiceTeamRow {
  name: string;
  figures: Figures;
  lastWeek: Figures | undefined;
  /** Same definition as the team digest's overdue items. */
  overdueItems: number;
  /** Cases reaching no worker. */
  unreachableCases: number;
  unreadableRecords: number;
  /** The team's children in the 903 OC2 cohort still to do per measure (absent: no forecast). */
  toDo903?: Record<ForecastMeasureId, number>;
}

export interface ServiceDigestView {
  weekStarting: Day;
  asOf: Day;
  teams: ServiceTeamRow[];
  /** The SSDA903 OC2 forecast for the year ending the next 31 March. */
  forecast?: Forecast903;
  conventions: MailConventions;
  /** Set when the data behind the email may be out of date. */
  staleData?: StaleDataView;
}

export function renderServiceDigest(view: ServiceDigestView): RenderedEmail {
  const total = view.teams.reduce((n, t) => n + t.overdueItems, 0);
  const subject = headerSafe(
    `Statutory compliance by team, ${countOf(total, 'item')} overdue, week of ${humanDay(view.weekStarting)}`,
  );
  const blocks: Block[] = [
    ...staleDataBlocks(view.staleData),
    { kind: 'h1', text: 'Statutory compliance by team' },
    {
      kind: 'p',
      parts: [
        `Week of ${humanDay(view.weekStarting)}. A case is in time when the item is not overdue on ${humanDay(view.asOf)}. ${countOf(total, 'item')} overdue across the service.`,
      ],
    },
    ...serviceFiguresBlocks(view),
    ...serviceForecastBlocks(view),
    ...serviceNeedsBlocks(view),
    ...serviceTeamDetailBlocks(view),
  ];
  return renderDocument(subject, blocks, view.conventions);
}
