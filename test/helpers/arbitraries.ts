import fc from 'fast-check';
import { type Day, day, formatDay } from '../../shared/domain/calendar/local-date.js';
import { LEGAL_STATUSES, PLACEMENT_TYPES } from '../../shared/domain/records/schema.js';

const dayIn = (from: Day, to: Day) => fc.integer({ min: from, max: Math.max(from, to) });
const datesIn = (from: Day, to: Day, max = 6) => fc.array(dayIn(from, to).map(formatDay), { maxLength: max });

/** 18 × 365 days is always short of the 18th birthday (leap days), so such a child is under 18. */
const UNDER_18_DAYS = 18 * 365;

/** Missing episodes between `from` and `asOf`: ended or open, with an offer recorded (a date or `true`) or not. */
const missingEpisodesIn = (from: Day, asOf: Day) =>
  fc.array(
    dayIn(from, asOf).chain((start) =>
      fc.record(
        {
          start: fc.constant(formatDay(start)),
          end: dayIn(start, asOf).map(formatDay),
          interviewOffered: fc.oneof(fc.constant(true as const), dayIn(start, asOf).map(formatDay)),
        },
        { requiredKeys: ['start'] },
      ),
    ),
    { maxLength: 4 },
  );

/** A valid child record (wire form), under 18 and with no event before birth, and an as-of date it is valid on. */
export const validChild = fc
  .record({ asOf: dayIn(day('2015-01-01'), day('2030-12-31')), ageDays: fc.integer({ min: 30, max: UNDER_18_DAYS }) })
  .chain(({ asOf, ageDays }) => {
    const dob = asOf - ageDays;
    return dayIn(dob, asOf).chain((periodStart) => {
      const before = (days: number) => Math.max(dob, periodStart - days);
      return fc.record({
        asOf: fc.constant(formatDay(asOf)),
        record: fc.record(
          {
            id: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
            kind: fc.constant('child' as const),
            dateOfBirth: fc.constant(formatDay(dob)),
            workerId: fc.constant('W-1'),
            teamId: fc.constant('T-1'),
            periodOfCareStart: fc.constant(formatDay(periodStart)),
            legalStatus: fc.constantFrom(...LEGAL_STATUSES),
            careOrderDate: fc.option(dayIn(periodStart, asOf).map(formatDay), { nil: undefined }),
            placement: fc.record({
              start: dayIn(periodStart, asOf).map(formatDay),
              type: fc.constantFrom(...PLACEMENT_TYPES),
              intendedUntil18: fc.boolean(),
              longTermFoster: fc.boolean(),
              reducedVisitsAgreed: fc.boolean(),
            }),
            visits: datesIn(before(200), asOf),
            reviews: datesIn(before(200), asOf),
            healthAssessments: datesIn(before(200), asOf),
            dentalChecks: datesIn(before(200), asOf),
            peps: datesIn(before(200), asOf),
            pathwayPlanReviews: datesIn(periodStart, asOf, 3),
            supervisions: datesIn(before(100), asOf),
            weeksLookedAfterSince14BeforePeriod: fc.integer({ min: 0, max: 30 }),
            missingEpisodes: missingEpisodesIn(before(300), asOf),
            sdqs: datesIn(before(400), asOf, 3),
            personalAdviserAllocated: dayIn(before(100), asOf).map(formatDay),
            shortBreakVisitWeeks: fc.integer({ min: 1, max: 104 }),
          },
          {
            requiredKeys: [
              'id',
              'kind',
              'dateOfBirth',
              'workerId',
              'teamId',
              'periodOfCareStart',
              'legalStatus',
              'placement',
              'visits',
              'reviews',
              'healthAssessments',
              'dentalChecks',
              'peps',
              'pathwayPlanReviews',
              'supervisions',
              'weeksLookedAfterSince14BeforePeriod',
            ],
          },
        ),
      });
    });
  });

/** A valid care-leaver record (wire form) and an as-of date it is valid on; `relevant` only while under 18. */
export const validLeaver = fc
  .record({ asOf: dayIn(day('2015-01-01'), day('2030-12-31')), ageDays: fc.integer({ min: 16 * 365, max: 26 * 365 }) })
  .chain(({ asOf, ageDays }) => {
    const dob = asOf - ageDays;
    return dayIn(dob + 16 * 365, asOf).chain((ceased) =>
      fc.record(
        {
          asOf: fc.constant(formatDay(asOf)),
          record: fc.record(
            {
              id: fc.constant('L-1'),
              kind: fc.constant('leaver' as const),
              dateOfBirth: fc.constant(formatDay(dob)),
              workerId: fc.constant('PA-1'),
              teamId: fc.constant('T-1'),
              ceasedCareDate: fc.constant(formatDay(ceased)),
              category:
                ageDays < UNDER_18_DAYS
                  ? fc.constantFrom('relevant' as const, 'formerRelevant' as const)
                  : fc.constant('formerRelevant' as const),
              accommodationProvidedByLA: fc.boolean(),
              accommodationStart: dayIn(ceased, asOf).map(formatDay),
              inEducationOrTraining: fc.boolean(),
              supportRequested: fc.oneof(fc.boolean(), dayIn(ceased, asOf).map(formatDay)),
              returnToEducationRequested: dayIn(ceased, asOf).map(formatDay),
              pathwayPlanReviews: datesIn(ceased - 300, asOf),
              contacts: datesIn(ceased - 100, asOf),
            },
            {
              requiredKeys: [
                'id',
                'kind',
                'dateOfBirth',
                'workerId',
                'teamId',
                'ceasedCareDate',
                'category',
                'accommodationProvidedByLA',
                'accommodationStart',
                'inEducationOrTraining',
                'supportRequested',
                'pathwayPlanReviews',
                'contacts',
              ],
            },
          ),
        },
        {},
      ),
    );
  });
