/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { metrics, month, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

describe('DUR-2: resolution time by resolved month, class and priority', () => {
  it('gives n, mean, median and p90 as simple-statistics does, in calendar and service hours', async () => {
    // Created Monday 7 October 2024 08:00; resolved 1, 2, 3 and 10 calendar hours later.
    const doc = await metrics([
      { nr: 1, created: '2024-10-07 08:00', resolved: '2024-10-07 09:00' },
      { nr: 2, created: '2024-10-07 08:00', resolved: '2024-10-07 10:00' },
      { nr: 3, created: '2024-10-07 08:00', resolved: '2024-10-07 11:00' },
      { nr: 4, created: '2024-10-07 08:00', resolved: '2024-10-07 18:00' },
      { nr: 5, created: '2024-10-07 08:00', resolved: '2024-10-07 08:30', type: 'Forespørsel', priority: 'Lav' },
    ]);
    const normal = month(doc, '2024-10').resolution.incident.byPriority.Normal;
    expect(normal).toEqual({
      n: 4,
      meanHours: 4,
      medianHours: 2.5,
      p90Hours: 7.9, // linear between the 3rd and 4th of 4 (quantile type 7): 3 + 0.7 × 7
      meanServiceHours: 3.38, // 1, 2, 3 and 7.5 service hours: 13.5 / 4 = 3.375
      medianServiceHours: 2.5,
      p90ServiceHours: 6.15, // 3 + 0.7 × 4.5
      nOld: 0,
      meanHoursExcludingOld: 4,
      medianHoursExcludingOld: 2.5,
      nMassClosed: 0, // QUALITY-1: nothing was closed in a burst
      meanHoursExcludingMassClosed: 4,
      medianHoursExcludingMassClosed: 2.5,
    });
    expect(month(doc, '2024-10').resolution.request.byPriority).toEqual({
      Lav: { n: 1, meanHours: 0.5, medianHours: 0.5, p90Hours: 0.5, meanServiceHours: 0.5, medianServiceHours: 0.5, p90ServiceHours: 0.5, nOld: 0, meanHoursExcludingOld: 0.5, medianHoursExcludingOld: 0.5, nMassClosed: 0, meanHoursExcludingMassClosed: 0.5, medianHoursExcludingMassClosed: 0.5 },
    });
  });

  it('reports old cases (over 90 calendar days) on their own, with the mean without them', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-10-07 08:00', resolved: '2024-10-07 10:00' },
      { nr: 2, created: '2024-06-01 10:00', resolved: '2024-10-07 10:00' }, // 128 days
      { nr: 3, created: '2024-07-09 10:00', resolved: '2024-10-07 10:00', type: 'Forespørsel' }, // exactly 90 days: not old
      { nr: 4, created: '2024-05-01 10:00', resolved: '2024-10-07 10:00', type: 'Forespørsel', priority: 'Lav' },
    ]);
    const { incident, request } = month(doc, '2024-10').resolution;
    expect(incident.byPriority.Normal).toMatchObject({ n: 2, nOld: 1, meanHoursExcludingOld: 2, medianHoursExcludingOld: 2, meanHours: (2 + 128 * 24) / 2 });
    expect(request.byPriority.Normal).toMatchObject({ n: 1, nOld: 0, meanHoursExcludingOld: 90 * 24 });
    expect(request.byPriority.Lav).toMatchObject({ n: 1, nOld: 1, meanHoursExcludingOld: null, medianHoursExcludingOld: null });
  });
});
