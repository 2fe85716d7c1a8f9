/**
 * QUALITY-1 (MASS_CLOSURE) on hand-built exports (Oslo wall-clock minutes,
 * the shipped rules: 20 tickets in 5 minutes), and its burst finder on
 * instants to the second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findMassClosures } from '../../metrics/data-quality/mass-closure.ts';
import SQLite from 'better-sqlite3';
import type { HandTicket } from './hand-built.ts';
import { closeStores, metrics, month } from './rules-helpers.ts';

afterEach(closeStores);

/** `n` requests numbered from `from`, created on 2 September 2024, resolved at the given Oslo minutes in turn. */
function resolvedAt(from: number, minutes: readonly string[]): HandTicket[] {
  return minutes.map((resolved, i) => ({ nr: from + i, type: 'Forespørsel', created: '2024-09-02 09:00', resolved }));
}
const times = (n: number, at: string): string[] => Array.from({ length: n }, () => at);

describe('QUALITY-1 (MASS_CLOSURE): tickets resolved or closed in one burst', () => {
  it('QUALITY-1: a burst that straddles midnight and a month end is one mass closure, in the month of its first instant', async () => {
    // 22 requests resolved from 23:58 on 30 September to 00:02 on 1 October 2024, five a minute (two at 00:02).
    const minutes = ['2024-09-30 23:58', '2024-09-30 23:59', '2024-10-01 00:00', '2024-10-01 00:01', '2024-10-01 00:02'];
    const burst = resolvedAt(100, Array.from({ length: 22 }, (_, i) => minutes[Math.floor(i / 5)]!));
    const single = { nr: 200, type: 'Forespørsel', created: '2024-10-07 08:00', resolved: '2024-10-07 10:00' };
    const doc = await metrics([...burst, single]);
    expect(doc.dataQuality.massClosures).toEqual([
      { month: '2024-09', first: '2024-09-30T21:58:00Z', last: '2024-09-30T22:02:00Z', localFirst: '2024-09-30T23:58:00', localLast: '2024-10-01T00:02:00', tickets: 22, incident: 0, request: 22 },
    ]);
    // DUR-2 without them: September's ten are all mass-closed; October keeps the one ticket resolved on its own.
    expect(month(doc, '2024-09').resolution.request.byPriority.Normal).toMatchObject({ n: 10, nMassClosed: 10, meanHoursExcludingMassClosed: null, medianHoursExcludingMassClosed: null });
    expect(month(doc, '2024-10').resolution.request.byPriority.Normal).toMatchObject({ n: 13, nMassClosed: 12, meanHoursExcludingMassClosed: 2, medianHoursExcludingMassClosed: 2 });
    expect(doc.provenance.metrics['QUALITY-1']).toBe(1);
  });

  it('QUALITY-1: N − 1 = 19 tickets within 5 minutes make no mass closure, N = 20 make one', async () => {
    const nineteen = await metrics(resolvedAt(100, [...times(10, '2024-10-08 15:00'), ...times(9, '2024-10-08 15:04')]));
    expect(nineteen.dataQuality.massClosures).toEqual([]);
    expect(month(nineteen, '2024-10').resolution.request.byPriority.Normal).toMatchObject({ n: 19, nMassClosed: 0 });
    const twenty = await metrics(resolvedAt(100, [...times(10, '2024-10-08 15:00'), ...times(10, '2024-10-08 15:04')]));
    expect(twenty.dataQuality.massClosures).toEqual([
      { month: '2024-10', first: '2024-10-08T13:00:00Z', last: '2024-10-08T13:04:00Z', localFirst: '2024-10-08T15:00:00', localLast: '2024-10-08T15:04:00', tickets: 20, incident: 0, request: 20 },
    ]);
    expect(month(twenty, '2024-10').resolution.request.byPriority.Normal).toMatchObject({ n: 20, nMassClosed: 20, meanHoursExcludingMassClosed: null });
    // The same with a resolution 20 years on (a mistyped year): the reader sorts the instants another way, with the same answer.
    const typo = await metrics([...resolvedAt(100, [...times(10, '2024-10-08 15:00'), ...times(10, '2024-10-08 15:04')]), { nr: 300, created: '2024-10-01 09:00', resolved: '2044-10-08 15:00' }]);
    expect(typo.dataQuality.massClosures).toEqual(twenty.dataQuality.massClosures);
  });

  it('QUALITY-1: the SQL of the reader reads stored instants to the second as Date.parse does, leap days and centuries included', () => {
    const sqlite = new SQLite(':memory:');
    try {
      for (const text of ['1970-01-01T00:00:00Z', '2000-02-29T23:59:59Z', '2024-02-29T12:00:00Z', '2024-03-01T00:00:01Z', '2100-03-01T00:00:00Z', '2024-10-29T18:12:00Z', '1999-12-31T23:59:59Z']) {
        expect(sqlite.prepare('SELECT unixepoch(?)').pluck().get(text), text).toBe(Date.parse(text) / 1000);
      }
    } finally {
      sqlite.close();
    }
  });

  it('QUALITY-1: the window is half-open: instants exactly 5 minutes apart are not in one window', async () => {
    const apart = await metrics(resolvedAt(100, [...times(10, '2024-10-08 15:00'), ...times(10, '2024-10-08 15:05')]));
    expect(apart.dataQuality.massClosures).toEqual([]);
    // To the second: 15:04:59 is inside the window from 15:00:00, 15:05:00 is not.
    const at = (t: string) => Date.parse(`2024-10-08T13:${t}Z`);
    const points = (last: string) => [...Array.from({ length: 19 }, (_, i) => ({ ticket: i, at: at('00:00') })), { ticket: 19, at: at(last) }];
    expect(findMassClosures(points('04:59'), 20, 5)).toEqual([{ first: at('00:00'), last: at('04:59'), tickets: Array.from({ length: 20 }, (_, i) => i) }]);
    expect(findMassClosures(points('05:00'), 20, 5)).toEqual([]);
  });

  it('QUALITY-1: closed stamps count, a ticket counts once, and overlapping windows are one mass closure', async () => {
    // 20 incidents resolved on different days, all closed within 3 minutes on 29 October.
    const closedInOneGo: HandTicket[] = Array.from({ length: 20 }, (_, i) => ({
      nr: 100 + i,
      status: 'Lukket',
      created: '2024-10-01 09:00',
      resolved: `2024-10-${String(2 + i).padStart(2, '0')} 10:00`,
      closed: `2024-10-29 19:1${i % 3}`,
    }));
    const closed = await metrics(closedInOneGo);
    expect(closed.dataQuality.massClosures).toEqual([
      { month: '2024-10', first: '2024-10-29T18:10:00Z', last: '2024-10-29T18:12:00Z', localFirst: '2024-10-29T19:10:00', localLast: '2024-10-29T19:12:00', tickets: 20, incident: 20, request: 0 },
    ]);
    // Ten tickets resolved at 15:00 and closed at 15:01 are twenty instants but ten tickets.
    const twice = await metrics(Array.from({ length: 10 }, (_, i) => ({ nr: 100 + i, status: 'Lukket', created: '2024-10-01 09:00', resolved: '2024-10-08 15:00', closed: '2024-10-08 15:01' })));
    expect(twice.dataQuality.massClosures).toEqual([]);
    // 20 at 15:00, 20 at 15:04, 20 at 15:08: the windows from 15:00 and 15:04 overlap, and those from 15:04 and 15:08.
    const chained = await metrics(resolvedAt(100, [...times(20, '2024-10-08 15:00'), ...times(20, '2024-10-08 15:04'), ...times(20, '2024-10-08 15:08')]));
    expect(chained.dataQuality.massClosures).toEqual([
      { month: '2024-10', first: '2024-10-08T13:00:00Z', last: '2024-10-08T13:08:00Z', localFirst: '2024-10-08T15:00:00', localLast: '2024-10-08T15:08:00', tickets: 60, incident: 0, request: 60 },
    ]);
    // An hour apart: two mass closures.
    const two = await metrics(resolvedAt(100, [...times(20, '2024-10-08 15:00'), ...times(20, '2024-10-08 16:00')]));
    expect(two.dataQuality.massClosures.map((m) => [m.first, m.tickets])).toEqual([['2024-10-08T13:00:00Z', 20], ['2024-10-08T14:00:00Z', 20]]);
  });

  it('QUALITY-1: a mass closure whose first instant is before the window is not listed, but its tickets still leave DUR-2', async () => {
    // The window of report month 2024-10 starts on 1 October 2023; a burst from 30 September 2023 23:58 runs into it.
    const burst = Array.from({ length: 20 }, (_, i) => ({ nr: 100 + i, type: 'Forespørsel', created: '2023-09-01 09:00', resolved: i < 10 ? '2023-09-30 23:58' : '2023-10-01 00:01' }));
    const doc = await metrics(burst);
    expect(doc.dataQuality.massClosures).toEqual([]);
    expect(month(doc, '2023-10').resolution.request.byPriority.Normal).toMatchObject({ n: 10, nMassClosed: 10 });
  });
});
