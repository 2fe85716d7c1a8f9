/**
 * AGE-1: the open cases at each window month end by age since creation, per
 * class and municipality, their median age, and the oldest open cases of the
 * report month. AGE-1's counts for the window (age/views.ts
 * `OPEN_AGE_COUNTS`, one pass over the covering index by created month),
 * laid on the window's month ends here.
 *
 * A ticket's age at an instant is the number of whole local days from its
 * creation to the instant: the local midnights at or after its creation and
 * before the instant. A month end is a local midnight, so a ticket created
 * at 00:00 on the 24th is 8 days old at 00:00 on the 1st of the next month,
 * and one created a minute later 7 days, whatever the clocks did between
 * (a day is a local day, 23 or 25 hours across a DST change). The facts
 * carry the local day of each ticket's first midnight (`age_from_day`), so
 * an age is a subtraction of day numbers.
 */
import { addMonths } from '../../core/months.ts';
import { PsaError } from '../../core/errors.ts';
import { FCT_TICKETS_BY_CREATED_MONTH } from '../../store/metric-indexes.ts';
import type { AgeBucket } from '../../transform/index.ts';
import type { Counts, OldOpenCase, OpenAgeFigures, TicketClassCounted } from '../document.ts';
import { round2 } from '../figures.ts';
import { windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { OPEN_AGE_COUNTS } from './views.ts';

/** How many of the oldest open cases of the report month are listed. */
export const OLDEST_LISTED = 10;

const MS_PER_DAY = 86_400_000;

/** The epoch day number of the local date that ends `month` (the 1st of the next month; TIME-3). */
export const monthEndDay = (month: string): number => Date.parse(`${addMonths(month, 1)}-01T00:00:00Z`) / MS_PER_DAY;

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

/** Tickets of one class and municipality, created and resolved in the same months, with the same first midnight. */
interface AgeCount {
  readonly cls: TicketClassCounted;
  readonly municipality: string;
  readonly createdMonth: string;
  readonly resolvedMonth: string | null;
  readonly fromDay: number;
  readonly n: number;
}

export interface AgeFigures {
  /** Per window month, its AGE-1 figures. */
  readonly months: readonly OpenAgeFigures[];
  /** The oldest open cases at the end of the report month. */
  readonly oldestOpen: readonly OldOpenCase[];
}

const isOpenAt = (c: AgeCount, month: string): boolean => c.createdMonth <= month && (c.resolvedMonth === null || c.resolvedMonth > month);

/** AGE-1 for every window month, and the oldest open cases at the end of the last. */
export function ageFigures(context: Context): AgeFigures {
  const { store, window, source } = context;
  const buckets = source.ageBuckets;
  const params = windowParams(context);
  const rows = store.sqlite
    .prepare<[WindowParams], [TicketClassCounted, string, string, string | null, number | null, number]>(OPEN_AGE_COUNTS('window'))
    .raw(true);
  const counts: AgeCount[] = [];
  for (const [cls, municipality, createdMonth, resolvedMonth, fromDay, n] of rows.iterate(params)) {
    if (fromDay === null) throw new PsaError('state', 'the facts have no age_from_day for some tickets (made by an older psa): run psa transform again');
    counts.push({ cls, municipality, createdMonth, resolvedMonth, fromDay, n });
  }

  const months = window.map((month) => {
    const end = monthEndDay(month);
    const total = zeros(buckets);
    const byClass = { incident: zeros(buckets), request: zeros(buckets) };
    const byMunicipality = new Map<string, Counts>();
    const histogram = new Map<number, number>();
    let n = 0;
    for (const c of counts) {
      if (!isOpenAt(c, month)) continue;
      const age = end - c.fromDay;
      const key = bucketOf(buckets, age).key;
      total[key]! += c.n;
      byClass[c.cls][key]! += c.n;
      let m = byMunicipality.get(c.municipality);
      if (m === undefined) byMunicipality.set(c.municipality, (m = zeros(buckets)));
      m[key]! += c.n;
      histogram.set(age, (histogram.get(age) ?? 0) + c.n);
      n += c.n;
    }
    const median = medianOfHistogram(histogram, n);
    return {
      byAge: total,
      byAgeByClass: byClass,
      byAgeByMunicipality: Object.fromEntries([...byMunicipality.keys()].sort().map((k) => [k, byMunicipality.get(k)!])),
      medianAgeDays: median === null ? null : round2(median),
    } satisfies OpenAgeFigures;
  });

  return { months, oldestOpen: oldestOpen(context, counts) };
}

/**
 * The OLDEST_LISTED oldest cases open at the end of the report month, by
 * creation instant (then ticket number): the tickets whose first midnight
 * is at most the OLDEST_LISTED-th earliest among the counts open then,
 * looked up one by one (a handful, not the backlog).
 */
function oldestOpen(context: Context, counts: readonly AgeCount[]): OldOpenCase[] {
  const last = context.window[context.window.length - 1]!;
  const open = counts.filter((c) => isOpenAt(c, last)).sort((a, b) => a.fromDay - b.fromDay);
  let seen = 0;
  let limit: number | null = null;
  for (const c of open) {
    seen += c.n;
    limit = c.fromDay;
    if (seen >= OLDEST_LISTED) break;
  }
  if (limit === null) return [];
  const end = monthEndDay(last);
  // A ticket whose first midnight is on day `limit` was created on that date or the day before: by the month of that date.
  const until = new Date(limit * MS_PER_DAY).toISOString().slice(0, 7);
  const rows = context.store.sqlite
    .prepare<[{ last: string; until: string; limit: number; listed: number }], [number, number, string, string, string | null]>(
      `SELECT ticket_number, age_from_day, municipality, report_category, priority
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_BY_CREATED_MONTH}
       WHERE counted = 1 AND created_month <= min(@last, @until) AND (resolved_month IS NULL OR resolved_month > @last) AND age_from_day <= @limit
       ORDER BY created, ticket_number
       LIMIT @listed`,
    )
    .raw(true)
    .all({ last, until, limit, listed: OLDEST_LISTED });
  return rows.map(([ticketNumber, fromDay, municipality, category, priority]) => ({ ticketNumber, ageDays: end - fromDay, municipality, category, priority }));
}
