/**
 * dataQuality: findings per rule over every ticket, and per created month of
 * the window (v_findings_by_month's SQL); QUALITY-1's mass closures whose
 * first instant falls in a window month, and the tickets of every mass
 * closure the window's resolutions can meet (for DUR-2 without them).
 */
import { formatUtc, ZoneClock } from '../../core/timestamps.ts';
import type { MassClosure, MetricsDocument, TicketClassCounted } from '../document.ts';
import { sortedCounts, windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { findMassClosures, type ClosurePoint } from './mass-closure.ts';
import { CLOSURE_INSTANTS, FINDINGS_BY_MONTH } from './views.ts';

/** Findings per rule over every ticket, and per rule for the tickets created in each window month. */
export function findingsByMonth(context: Context): Omit<MetricsDocument['dataQuality'], 'massClosures'> {
  const { store, window, index } = context;
  const byRule = new Map<string, number>();
  for (const [rule, n] of store.sqlite.prepare<[], [string, number]>('SELECT rule, count(*) FROM fct_findings GROUP BY rule').raw(true).iterate()) {
    byRule.set(rule, n);
  }
  const months = window.map(() => new Map<string, number>());
  const rows = store.sqlite.prepare<[WindowParams], [string, string, number]>(FINDINGS_BY_MONTH.select('window')).raw(true);
  for (const [month, rule, n] of rows.iterate(windowParams(context))) months[index.get(month)!]!.set(rule, n);
  return { byRule: sortedCounts(byRule), byMonth: window.map((month, i) => ({ month, byRule: sortedCounts(months[i]!) })) };
}

export interface MassClosures {
  /** dataQuality.massClosures: those whose first instant is in a window month, by first instant. */
  readonly list: readonly MassClosure[];
  /** The tickets of every mass closure with a closure instant at or after the window's start. */
  readonly tickets: ReadonlySet<number>;
}

/**
 * QUALITY-1 over the closure instants from `minutes` before the window's
 * first month on: every burst window holding an instant of the window
 * starts there, so the tickets and the first instants found are those a
 * pass over all the data would find (a burst beginning before the window
 * belongs to an earlier month and is not listed).
 */
export function massClosures(context: Context): MassClosures {
  const { store, window, clock, index, source } = context;
  const { tickets: minTickets, minutes } = source.massClosure;
  const from = formatUtc(clock.start(window[0]!) - minutes * 60_000);
  const classes = new Map<number, TicketClassCounted>();
  const points: ClosurePoint[] = [];
  const rows = store.sqlite.prepare<[{ from: string }], [number, TicketClassCounted, string, string]>(CLOSURE_INSTANTS(true)).raw(true);
  for (const [ticket, cls, , instant] of rows.iterate({ from })) {
    classes.set(ticket, cls);
    points.push({ ticket, at: Date.parse(instant) });
  }
  const events = findMassClosures(points, minTickets, minutes);
  const zone = new ZoneClock(source.calendar.spec.timeZone);
  const local = (at: number) => formatUtc(at + zone.offsetAt(at) * 60_000).slice(0, -1);
  const list: MassClosure[] = [];
  for (const e of events) {
    const month = clock.date(e.first).slice(0, 7);
    if (!index.has(month)) continue;
    const incident = e.tickets.filter((t) => classes.get(t) === 'incident').length;
    list.push({ month, first: formatUtc(e.first), last: formatUtc(e.last), localFirst: local(e.first), localLast: local(e.last), tickets: e.tickets.length, incident, request: e.tickets.length - incident });
  }
  return { list, tickets: new Set(events.flatMap((e) => e.tickets)) };
}
