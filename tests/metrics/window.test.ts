/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MonthClock, windowEnding } from '../../core/months.ts';
import { loadRules } from '../../transform/rules.ts';
import { metrics, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

describe('TIME-3/TIME-4: months, the as-of instant and the window', () => {
  it('takes as-of as the local midnight after the latest timestamp, and the report month as the last month ended by then', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-10-02 09:00' }]);
    expect(doc.asOf).toBe('2024-10-31T23:00:00Z');
    expect(doc.reportMonth).toBe('2024-10');
    expect(doc.window).toEqual(windowEnding('2024-10'));
    expect(doc.window[0]).toBe('2023-10');
    expect(doc.monthly.map((m) => m.month)).toEqual(doc.window);
  });

  it('an export taken on 4 November gives as-of 5 November 00:00 and October as the report month', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-11-04 10:15' }]);
    expect(doc.asOf).toBe('2024-11-04T23:00:00Z');
    expect(doc.reportMonth).toBe('2024-10');
  });

  it('--month picks an earlier report month and refuses one that has not ended', async () => {
    const tickets = [{ nr: 1, created: '2024-09-02 09:00' }];
    expect((await metrics(tickets, { month: '2024-09' })).window.at(-1)).toBe('2024-09');
    await expect(metrics(tickets, { month: '2024-11' })).rejects.toThrow(/2024-11 has not ended by the as-of instant 2024-10-31T23:00:00Z.*latest month to report on is 2024-10/);
  });

  it('month boundaries are local midnights, across both DST changes', () => {
    const clock = new MonthClock(loadRules().calendar);
    expect(clock.endText('2024-03')).toBe('2024-03-31T22:00:00Z');
    expect(clock.endText('2024-10')).toBe('2024-10-31T23:00:00Z');
    expect(clock.date(Date.parse('2024-03-31T21:59:00Z'))).toBe('2024-03-31');
    expect(clock.date(Date.parse('2024-03-31T22:00:00Z'))).toBe('2024-04-01');
    expect(clock.reportMonthFor(Date.parse('2024-11-01T00:00:00Z'))).toBe('2024-10');
    expect(clock.reportMonthFor(Date.parse('2024-10-31T22:59:59Z'))).toBe('2024-09');
  });
});
