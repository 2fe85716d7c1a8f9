/**
 * AGE-1: the open cases at each window month end by age since creation, per
 * class and municipality, their median age, and the oldest open cases of the
 * report month. One pass over the covering index of the tickets open at some
 * window month end (store/metric-indexes.ts, migration 0008).
 *
 * A ticket's age at an instant is the number of whole local days from its
 * creation to the instant: the local midnights at or after its creation and
 * before the instant. A month end is a local midnight, so a ticket created
 * at 00:00 on the 24th is 8 days old at 00:00 on the 1st of the next month,
 * and one created a minute later 7 days, whatever the clocks did between
 * (a day is a local day, 23 or 25 hours across a DST change).
 */
import { FCT_TICKETS_BACKLOG } from '../../store/metric-indexes.ts';
import type { AgeBucket } from '../../transform/index.ts';
import type { Counts, OldOpenCase, OpenAgeFigures, TicketClassCounted } from '../document.ts';
import { round2 } from '../figures.ts';
import type { Context } from '../read-context.ts';

/** How many of the oldest open cases of the report month are listed. */
export const OLDEST_LISTED = 10;

/** The local midnights from the day holding `from` to the one at or after `until`, ascending. */
export function localMidnights(clock: Context['clock'], from: number, until: number): number[] {
  const [y, m, d] = clock.date(from).split('-').map(Number) as [number, number, number];
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const midnight = clock.midnight(y, m, d + k);
    out.push(midnight);
    if (midnight >= until) return out;
  }
}

/** The index of the first of the ascending `midnights` at or after `at` (binary search). */
function firstAtOrAfter(midnights: readonly number[], at: number): number {
  let lo = 0;
  let hi = midnights.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (midnights[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** AGE-1: the bucket an age in days falls in. */
export function bucketOf(buckets: readonly AgeBucket[], days: number): AgeBucket {
  let found = buckets[0]!;
  for (const b of buckets) if (days >= b.fromDays) found = b;
  return found;
}

/** Every bucket's key with 0. */
const zeros = (buckets: readonly AgeBucket[]): Counts => Object.fromEntries(buckets.map((b) => [b.key, 0]));

/** simple-statistics `median` of the ages a histogram (age → count) holds, `n` of them. */
function medianOfHistogram(histogram: ReadonlyMap<number, number>, n: number): number | null {
  if (n === 0) return null;
  const ages = [...histogram.keys()].sort((a, b) => a - b);
  const at = (rank: number): number => {
    let seen = 0;
    for (const age of ages) {
      seen += histogram.get(age)!;
      if (rank < seen) return age;
    }
    throw new Error(`rank ${rank} beyond ${n} ages`);
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

interface OpenTicket {
  readonly ticketNumber: number;
  readonly cls: TicketClassCounted;
  readonly createdMonth: string;
  readonly resolvedMonth: string | null;
  readonly created: number;
  readonly municipality: string;
  readonly priority: string | null;
  readonly category: string;
  /** The index in the midnights of the first local midnight at or after its creation. */
  day: number;
}

export interface AgeFigures {
  /** Per window month, its AGE-1 figures. */
  readonly months: readonly OpenAgeFigures[];
  /** The oldest open cases at the end of the report month. */
  readonly oldestOpen: readonly OldOpenCase[];
}

/** AGE-1 for every window month, and the oldest open cases at the end of the last. */
export function ageFigures({ store, clock, window, source }: Context): AgeFigures {
  const buckets = source.ageBuckets;
  const first = window[0]!;
  const last = window[window.length - 1]!;
  const rows = store.sqlite
    .prepare<[{ first: string; last: string }], [number, TicketClassCounted, string, string | null, string | null, string, string | null, string]>(
      // Open at some window month end: created by the last, not resolved before the end of the first.
      // Two ranges of the index (still open; resolved from the first window month on), not one scan of it.
      `SELECT ticket_number, ticket_class, created_month, resolved_month, created, municipality, priority, report_category
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_BACKLOG}
       WHERE counted = 1 AND resolved_month IS NULL AND created_month <= @last
       UNION ALL
       SELECT ticket_number, ticket_class, created_month, resolved_month, created, municipality, priority, report_category
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_BACKLOG}
       WHERE counted = 1 AND resolved_month >= @first AND created_month <= @last`,
    )
    .raw(true);
  const open: OpenTicket[] = [];
  let earliest = Infinity;
  for (const [ticketNumber, cls, createdMonth, resolvedMonth, createdText, municipality, priority, category] of rows.iterate({ first, last })) {
    if (createdText === null || createdText === '') throw new Error(`ticket ${ticketNumber} has no creation instant in fct_tickets: run psa transform again`);
    const created = Date.parse(createdText);
    if (created < earliest) earliest = created;
    open.push({ ticketNumber, cls, createdMonth, resolvedMonth, created, municipality, priority, category, day: 0 });
  }
  const ends = window.map((m) => clock.end(m));
  const midnights = open.length === 0 ? [] : localMidnights(clock, earliest, ends[ends.length - 1]!);
  const endIndex = ends.map((e) => firstAtOrAfter(midnights, e));
  for (const t of open) t.day = firstAtOrAfter(midnights, t.created);

  const months = window.map((month, i) => {
    const total = zeros(buckets);
    const byClass = { incident: zeros(buckets), request: zeros(buckets) };
    const byMunicipality = new Map<string, Counts>();
    const histogram = new Map<number, number>();
    let n = 0;
    for (const t of open) {
      if (!(t.createdMonth <= month && (t.resolvedMonth === null || t.resolvedMonth > month))) continue;
      const age = endIndex[i]! - t.day;
      const key = bucketOf(buckets, age).key;
      total[key]!++;
      byClass[t.cls][key]!++;
      let m = byMunicipality.get(t.municipality);
      if (m === undefined) byMunicipality.set(t.municipality, (m = zeros(buckets)));
      m[key]!++;
      histogram.set(age, (histogram.get(age) ?? 0) + 1);
      n++;
    }
    const median = medianOfHistogram(histogram, n);
    return {
      byAge: total,
      byAgeByClass: byClass,
      byAgeByMunicipality: Object.fromEntries([...byMunicipality.keys()].sort().map((k) => [k, byMunicipality.get(k)!])),
      medianAgeDays: median === null ? null : round2(median),
    } satisfies OpenAgeFigures;
  });

  const lastEnd = endIndex[endIndex.length - 1]!;
  const oldestOpen = open
    .filter((t) => t.resolvedMonth === null || t.resolvedMonth > last)
    .sort((a, b) => a.created - b.created || a.ticketNumber - b.ticketNumber)
    .slice(0, OLDEST_LISTED)
    .map((t) => ({
      ticketNumber: t.ticketNumber,
      ageDays: lastEnd - t.day,
      municipality: t.municipality,
      category: t.category,
      priority: t.priority,
    }));
  return { months, oldestOpen };
}
