/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trend } from '../../metrics/figures.ts';
import { windowEnding } from '../../core/months.ts';
import type { HandTicket } from './hand-built.ts';
import { metrics, month, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

describe('OPEN-1..OPEN-4: open at month end, the naive count, the balance, the change', () => {
  const tickets: HandTicket[] = [
    // open across the end of September: resolved at 00:00 on 1 October is after end(September)
    { nr: 1, created: '2024-09-10 10:00', resolved: '2024-10-01 00:00' },
    // resolved one minute before the end of September
    { nr: 2, created: '2024-09-10 10:00', resolved: '2024-09-30 23:59' },
    // closed without a resolved date: repaired from Lukket (RESOLVED-1), naive open forever (RESOLVED-3)
    { nr: 3, created: '2024-08-05 10:00', status: 'Lukket', closed: '2024-08-20 12:00', type: 'Forespørsel' },
    // reopened: an open status keeps it open whatever its old resolved date says
    { nr: 4, created: '2024-08-05 10:00', status: 'Under arbeid', resolved: '2024-08-06 12:00', company: 'Rauma kommune' },
    // never resolved
    { nr: 5, created: '2024-10-20 10:00', type: 'Forespørsel', company: 'Rauma kommune' },
  ];

  it('counts a ticket open from creation until its effective resolution (OPEN-1)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-07').open).toMatchObject({ incident: 0, request: 0, total: 0 });
    expect(month(doc, '2024-08').open).toMatchObject({ incident: 1, request: 0, total: 1, byMunicipality: { Rauma: 1 } });
    expect(month(doc, '2024-09').open).toMatchObject({ incident: 2, request: 0, total: 2, byMunicipality: { Molde: 1, Rauma: 1 } });
    expect(month(doc, '2024-10').open).toMatchObject({ incident: 1, request: 1, total: 2, byMunicipality: { Rauma: 2 } });
  });

  it('publishes the naive count (the export\'s resolved date alone) and the adjustment (OPEN-2)', async () => {
    const doc = await metrics(tickets);
    // August: #3 naive-open (no Løst), #4 naive-resolved on 6 August
    expect(month(doc, '2024-08').open).toMatchObject({ total: 1, naiveTotal: 1, adjustment: 0 });
    expect(month(doc, '2024-10').open).toMatchObject({ total: 2, naiveTotal: 2, adjustment: 0 });
    expect(month(doc, '2024-09').open).toMatchObject({ total: 2, naiveTotal: 2 });
    const extra = await metrics([...tickets, { nr: 6, created: '2024-09-02 10:00', status: 'Lukket', closed: '2024-09-03 10:00' }]);
    expect(month(extra, '2024-10').open).toMatchObject({ total: 2, naiveTotal: 3, adjustment: 1 });
  });

  it('counts resolved in the month and balances open(M) = open(M−1) + new(M) − resolved(M) (OPEN-3)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-09').resolved).toEqual({ incident: 1, request: 0, total: 1 });
    expect(month(doc, '2024-10').resolved).toEqual({ incident: 1, request: 0, total: 1 });
    expect(month(doc, '2024-08').resolved).toEqual({ incident: 0, request: 1, total: 1 });
    for (const m of doc.monthly) expect(m.balance, m.month).toEqual({ incident: 0, request: 0 });
  });

  it('publishes the imbalance of a ticket resolved before it was created, never hides it (OPEN-3, RESOLVED-2)', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-06-03 10:00', resolved: '2024-05-28 10:00', type: 'Forespørsel' }]);
    expect(month(doc, '2024-05').balance).toEqual({ incident: 0, request: 1 });
    expect(month(doc, '2024-06').balance).toEqual({ incident: 0, request: -1 });
    expect(month(doc, '2024-05').resolved.request).toBe(1);
    expect(month(doc, '2024-05').resolution.request.byPriority).toEqual({});
  });

  it('gives the change since last month per municipality, down to zero (OPEN-4)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-09').open.changeByMunicipality).toEqual({ Molde: 1, Rauma: 0 });
    expect(month(doc, '2024-10').open.changeByMunicipality).toEqual({ Molde: -1, Rauma: 1 });
    expect(month(doc, '2024-10').open.byMunicipality).toEqual({ Rauma: 2 });
  });
});

describe('TREND-1: trend of an open series', () => {
  const months = windowEnding('2024-10');
  it('gives the least-squares slope per month and the month from which the series has not risen', () => {
    // peaks at 26 in June 2024, then 25, 25 (not risen), 20, 10
    const series = [10, 12, 14, 16, 18, 20, 22, 24, 26, 25, 25, 20, 10];
    expect(trend(series, 8, months)).toEqual({ slopePerMonth: 0.72, fallingSince: '2024-07' }); // numpy.polyfit: 0.7198
  });
  it('is null when the report month rose, and the window\'s first month when nothing rose', () => {
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2], 6, months).fallingSince).toBeNull();
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], 6, months).fallingSince).toBe('2023-10');
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], 4, months).fallingSince).toBe('2023-11');
  });
});
