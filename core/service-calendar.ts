/**
 * Service hours (METRICS.md HOURS-1): weekly opening hours in one time zone,
 * closed on public holidays. Durations are the overlap of an interval with
 * the opening hours (DUR-1).
 *
 * Nothing walks minute by minute. The calendar lays out every local day of a
 * span of years once: the UTC instant of its midnight and of each opening
 * interval (so DST days get their true length), and the service time
 * accumulated before each. The service time up to an instant is then that
 * running total plus a part of one day, and a duration is the difference of
 * two such totals: constant time per ticket.
 */
import { ZoneClock } from './timestamps.ts';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A public holiday: on a fixed date every year, or a number of days after Easter Sunday. */
export type HolidaySpec =
  | { readonly name: string; readonly month: number; readonly day: number }
  | { readonly name: string; readonly easterOffset: number };

export interface CalendarSpec {
  readonly timeZone: string;
  /** Opening intervals per weekday, minutes after local midnight, `[start, end)`, sorted and disjoint. */
  readonly week: Readonly<Record<Weekday, readonly (readonly [number, number])[]>>;
  readonly holidays: readonly HolidaySpec[];
  /** Extra closed dates, `YYYY-MM-DD`. */
  readonly closedDates: readonly string[];
}

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/**
 * Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm,
 * Meeus/Jones/Butcher), as `[month, day]`.
 */
export function easterSunday(year: number): [month: number, day: number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/** Days since 1970-01-01 of a calendar date. */
function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function isoDate(epochDayNumber: number): string {
  return new Date(epochDayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * A service-hours calendar over local days. It covers a span of whole years
 * and grows when asked about an instant outside it.
 */
export class ServiceCalendar {
  private readonly clock: ZoneClock;
  private readonly closed = new Map<number, string>();
  /** Epoch day of the first covered local day; covered days are firstDay + i. */
  private firstDay = 0;
  private dayCount = 0;
  /** UTC instant of each covered day's local midnight, plus one for the day after the last. */
  private dayStart = new Float64Array(0);
  /** Service ms accumulated from the start of the span to each day's midnight (length dayCount + 1). */
  private serviceBeforeDay = new Float64Array(0);
  /** Index of each day's first interval in the interval arrays (length dayCount + 1). */
  private firstInterval = new Int32Array(0);
  /** Index into `monthNames` of each covered day's month. */
  private monthOfDay = new Int32Array(0);
  private monthNames: string[] = [];
  private intervalStart = new Float64Array(0);
  private intervalEnd = new Float64Array(0);
  /** Service ms before each interval (from the start of the span). */
  private serviceBeforeInterval = new Float64Array(0);
  private readonly weeklyServiceMs: number;

  constructor(readonly spec: CalendarSpec) {
    this.clock = new ZoneClock(spec.timeZone);
    this.weeklyServiceMs = WEEKDAYS.reduce((sum, d) => sum + spec.week[d].reduce((s, [a, b]) => s + (b - a) * MS_PER_MINUTE, 0), 0);
    for (const date of spec.closedDates) {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      this.closed.set(epochDay(y, m, d), `closed ${date}`);
    }
  }

  /** True when the week has no opening hours at all: nothing is ever due. */
  get neverOpen(): boolean {
    return this.weeklyServiceMs === 0;
  }

  /** The holiday on a local date, by name, or null. */
  holidayOn(year: number, month: number, day: number): string | null {
    const [em, ed] = easterSunday(year);
    const easter = epochDay(year, em, ed);
    const date = epochDay(year, month, day);
    for (const h of this.spec.holidays) {
      if ('easterOffset' in h ? easter + h.easterOffset === date : h.month === month && h.day === day) return h.name;
    }
    return this.closed.get(date) ?? null;
  }

  /** Service milliseconds in `[from, to)`; 0 when `to <= from`. */
  serviceMillis(from: number, to: number): number {
    if (to <= from) return 0;
    // Cover both ends first: growing the span backwards moves the origin of the running totals.
    this.dayIndex(from);
    this.dayIndex(to);
    return this.serviceUpTo(to) - this.serviceUpTo(from);
  }

  /**
   * The latest instant at which `[from, instant)` still holds no more than
   * `budgetMs` of service time: a ticket resolved at or before it meets a
   * target of that size, one still open after it has breached. Null when the
   * calendar has no opening hours.
   */
  dueAfter(from: number, budgetMs: number): number | null {
    if (this.neverOpen) return null;
    const target = this.serviceUpTo(from) + budgetMs;
    // Grow the span until it holds enough service time.
    while (this.serviceBeforeDay[this.dayCount]! <= target) this.growTo(this.lastYear() + 1);
    // First interval whose end lies beyond the target.
    let lo = 0;
    let hi = this.intervalStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const endTotal = this.serviceBeforeInterval[mid]! + (this.intervalEnd[mid]! - this.intervalStart[mid]!);
      if (endTotal > target) hi = mid;
      else lo = mid + 1;
    }
    return this.intervalStart[lo]! + (target - this.serviceBeforeInterval[lo]!);
  }

  /** Local calendar day (epoch day number) of an instant (a finite number of milliseconds). */
  localEpochDay(instant: number): number {
    const index = this.dayIndex(instant);
    return this.firstDay + index;
  }

  /**
   * AGE-1: the local calendar day (epoch day number) of the first local
   * midnight at or after an instant: its own day when it is a local
   * midnight, else the next. A ticket's age at a local midnight `e` is
   * `e`'s day minus this, in whole local days (23- or 25-hour days
   * included).
   */
  firstMidnightDay(instant: number): number {
    const index = this.dayIndex(instant);
    return this.firstDay + index + (this.dayStart[index] === instant ? 0 : 1);
  }

  /** Service milliseconds from the start of the span to `instant`. */
  private serviceUpTo(instant: number): number {
    const d = this.dayIndex(instant);
    let total = this.serviceBeforeDay[d]!;
    const end = this.firstInterval[d + 1]!;
    for (let i = this.firstInterval[d]!; i < end; i++) {
      const start = this.intervalStart[i]!;
      if (instant <= start) break;
      const stop = this.intervalEnd[i]!;
      total += (instant < stop ? instant : stop) - start;
    }
    return total;
  }

  /** Index into the covered days of the local day holding `instant`, growing the span as needed. */
  private dayIndex(instant: number): number {
    if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
    if (this.dayCount === 0) {
      const year = new Date(instant).getUTCFullYear();
      this.layOut(year - 1, year + 1);
    }
    for (;;) {
      if (instant < this.dayStart[0]!) {
        this.growTo(new Date(instant).getUTCFullYear() - 1);
        continue;
      }
      if (instant >= this.dayStart[this.dayCount]!) {
        this.growTo(new Date(instant).getUTCFullYear() + 1);
        continue;
      }
      // A local day is 23 to 25 hours long: start from the UTC day and step.
      let d = Math.floor(instant / MS_PER_DAY) - this.firstDay;
      if (d < 0) d = 0;
      if (d >= this.dayCount) d = this.dayCount - 1;
      while (d > 0 && this.dayStart[d]! > instant) d--;
      while (d + 1 < this.dayCount && this.dayStart[d + 1]! <= instant) d++;
      return d;
    }
  }

  private firstYear(): number {
    return new Date(this.firstDay * MS_PER_DAY).getUTCFullYear();
  }

  private lastYear(): number {
    return new Date((this.firstDay + this.dayCount - 1) * MS_PER_DAY).getUTCFullYear();
  }

  private growTo(year: number): void {
    if (this.dayCount === 0) return this.layOut(year, year);
    this.layOut(Math.min(year, this.firstYear()), Math.max(year, this.lastYear()));
  }

  /** (Re)builds the tables for local days from 1 Jan `fromYear` to 31 Dec `toYear`. */
  private layOut(fromYear: number, toYear: number): void {
    const first = epochDay(fromYear, 1, 1);
    const count = epochDay(toYear + 1, 1, 1) - first;
    const dayStart = new Float64Array(count + 1);
    const serviceBeforeDay = new Float64Array(count + 1);
    const firstInterval = new Int32Array(count + 1);
    const monthOfDay = new Int32Array(count);
    const monthNames: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const before: number[] = [];
    let total = 0;
    for (let i = 0; i <= count; i++) {
      const date = new Date((first + i) * MS_PER_DAY);
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth() + 1;
      const d = date.getUTCDate();
      dayStart[i] = this.clock.toUtcMillis(y, m, d, 0, 0, 0);
      serviceBeforeDay[i] = total;
      firstInterval[i] = starts.length;
      if (i === count) break;
      if (d === 1 || i === 0) monthNames.push(`${y}-${m < 10 ? '0' : ''}${m}`);
      monthOfDay[i] = monthNames.length - 1;
      const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
      if (this.holidayOn(y, m, d) !== null) continue;
      for (const [open, close] of this.spec.week[weekday]) {
        const s = this.clock.toUtcMillis(y, m, d, Math.floor(open / 60), open % 60, 0);
        const e = close >= 24 * 60 ? this.clock.toUtcMillis(...nextDate(y, m, d), 0, 0, 0) : this.clock.toUtcMillis(y, m, d, Math.floor(close / 60), close % 60, 0);
        if (e <= s) continue;
        starts.push(s);
        ends.push(e);
        before.push(total);
        total += e - s;
      }
    }
    this.firstDay = first;
    this.dayCount = count;
    this.dayStart = dayStart;
    this.serviceBeforeDay = serviceBeforeDay;
    this.firstInterval = firstInterval;
    this.monthOfDay = monthOfDay;
    this.monthNames = monthNames;
    this.intervalStart = Float64Array.from(starts);
    this.intervalEnd = Float64Array.from(ends);
    this.serviceBeforeInterval = Float64Array.from(before);
  }

  /** `YYYY-MM` of the local month holding an instant (TIME-3). */
  localMonth(instant: number): string {
    // dayIndex may lay the tables out anew: look it up before reading them.
    const day = this.dayIndex(instant);
    return this.monthNames[this.monthOfDay[day]!]!;
  }

  /** `YYYY-MM-DD` of the local day holding an instant. */
  localDate(instant: number): string {
    return isoDate(this.localEpochDay(instant));
  }
}

function nextDate(y: number, m: number, d: number): [number, number, number] {
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}
