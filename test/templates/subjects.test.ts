/**
 * Subject lines carry no control character, whatever the names in the data: a line break in a team name, ESC or
 * BEL from a badly exported directory. One case per kind of email, with the subject written out.
 */
import { describe, expect, it } from 'vitest';
import { type Day, day } from '../../shared/domain/calendar/local-date.js';
import { renderServiceDigest, renderTeamDigest } from '../../shared/templates/digests.js';
import { renderEscalation } from '../../shared/templates/escalation.js';
import { renderManagerDaily } from '../../shared/templates/manager-daily.js';
import { renderWorkerReminder } from '../../shared/templates/worker-reminder.js';
import { ASOF, WORKLIST, conventions, figuresPair, item } from './fixtures.js';

const { figures, lastWeek } = figuresPair();
const week = day('2024-06-03') as Day;

describe('subjects without control characters', () => {
  it.each([
    [
      'daily reminder',
      () =>
        renderWorkerReminder({
          workerName: 'Sam\nJones\u0007',
          asOf: ASOF,
          items: [item(1, 0), item(2, -3), item(3, 5)],
          comingUp: [],
          comingUpDays: 28,
          collapseOverdueAfterDays: 90,
          worklistLink: WORKLIST,
          firstEmail: false,
          conventions,
        }),
      '1 due today, 1 overdue, 1 due soon: your statutory deadlines, Mon 3 Jun 2024',
    ],
    [
      'manager daily',
      () =>
        renderManagerDaily({
          teamName: 'Family\nSupport\u001b[31m',
          asOf: ASOF,
          groups: [{ line: 'Cases with no allocated worker', cases: 2, overdueItems: 1 }],
          dataQuality: [],
          listLimit: 10,
          worklistLink: WORKLIST,
          conventions,
        }),
      'Family Support[31m: 2 cases reach no worker, Mon 3 Jun 2024',
    ],
    [
      'escalation',
      () =>
        renderEscalation({
          asOf: ASOF,
          level: 'manager',
          scopeName: 'Family\r\nSupport',
          items: [item(1, -100)],
          more: 0,
          worklistLink: WORKLIST,
          conventions,
        }),
      'Escalation: 1 item long overdue in Family Support, Mon 3 Jun 2024',
    ],
    [
      'team digest',
      () =>
        renderTeamDigest({
          teamName: 'Family\u2028Support\u0007',
          weekStarting: week,
          asOf: ASOF,
          figures,
          lastWeek,
          overdueItems: 4,
          groups: [],
          dataQuality: [],
          workers: [{ worker: 'W\u001b1', overdue: 4, oldestDays: 12, dueSoon: 1 }],
          dueSoonDays: 14,
          worst: [item(1, -12)],
          listLimit: 10,
          worklistLink: WORKLIST,
          conventions,
        }),
      'Family Support: weekly digest, 4 items overdue, week of 3 Jun 2024',
    ],
    [
      'service digest',
      () =>
        renderServiceDigest({
          weekStarting: week,
          asOf: ASOF,
          teams: [
            {
              name: 'Family\nSupport\u001b',
              figures,
              lastWeek,
              overdueItems: 4,
              unreachableCases: 0,
              unreadableRecords: 0,
            },
          ],
          conventions: { ...conventions, serviceName: 'Example\nCouncil' },
        }),
      'Statutory compliance by team, 4 items overdue, week of 3 Jun 2024',
    ],
  ])('%s', (_kind, render, subject) => {
    expect(render().subject).toBe(subject);
  });
});
