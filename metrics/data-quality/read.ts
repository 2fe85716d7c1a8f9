/**
 * dataQuality: findings per rule over every ticket, and per created month of
 * the window (v_findings_by_month's SQL); QUALITY-1's mass closures whose
 * first instant falls in a window month, and the tickets of every mass
 * closure the window's resolutions can meet (for DUR-2 without them).
 */
import { formatUtc, ZoneClock } from '../../core/timestamps.ts';
import type { MassClosure, MetricsDocument } from '../document.ts';
import { sortedCounts, windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { bursts } from './mass-closure.ts';
import { CLOSURE_TICKETS, FINDINGS_BY_MONTH } from './views.ts';

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
 *
 * One scan of the facts (`CLOSURE_TICKETS`: v_closure_instants' tickets, a
 * ticket's two instants in one row), its seconds since `base` and its
 * ticket's slot to mass-closure.ts `bursts`.
 */
export function massClosures(context: Context): MassClosures {
  const { store, window, clock, index, source } = context;
  const { tickets: minTickets, minutes } = source.massClosure;
  const fromMs = clock.start(window[0]!) - minutes * 60_000;
  const from = formatUtc(fromMs);
  const base = Math.floor(fromMs / 1000);
  const row = store.sqlite.prepare<[{ from: string; base: number }], [string, string, string, string]>(CLOSURE_TICKETS).raw(true).get({ from, base })!;
  const numbers = JSON.parse(row[0]) as number[];
  const incidents = (JSON.parse(row[1]) as number[]).map((x) => x === 1);
  const resolvedAt = JSON.parse(row[2]) as (number | null)[];
  const closedAt = JSON.parse(row[3]) as (number | null)[];
  const seconds: number[] = [];
  const slots: number[] = [];
  for (let s = 0; s < numbers.length; s++) {
    const r = resolvedAt[s]!;
    const c = closedAt[s]!;
    if (r !== null) {
      seconds.push(r);
      slots.push(s);
    }
    if (c !== null) {
      seconds.push(c);
      slots.push(s);
    }
  }
  const events = bursts(seconds, slots, numbers.length, minTickets, minutes * 60);
  const zone = new ZoneClock(source.calendar.spec.timeZone);
  const local = (ms: number) => zone.wallClock(ms);
  const list: MassClosure[] = [];
  const tickets = new Set<number>();
  for (const e of events) {
    for (const s of e.slots) tickets.add(numbers[s]!);
    const first = (base + e.first) * 1000;
    const last = (base + e.last) * 1000;
    const month = clock.date(first).slice(0, 7);
    if (!index.has(month)) continue;
    const incident = e.slots.filter((s) => incidents[s]).length;
    list.push({ month, first: formatUtc(first), last: formatUtc(last), localFirst: local(first), localLast: local(last), tickets: e.slots.length, incident, request: e.slots.length - incident });
  }
  return { list, tickets };
}
