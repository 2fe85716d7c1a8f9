/**
 * Months and the report window (METRICS.md TIME-3, TIME-4). A month is a
 * `YYYY-MM` label; its instants are local midnights in the rules' time zone,
 * so month `M` is `[start(M), start(M+1))` and "end of M" is `start(M+1)`.
 */
import { ZoneClock, formatUtc } from './timestamps.ts';
import type { ServiceCalendar } from './service-calendar.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const WINDOW_MONTHS = 13;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month `k` months after `month` (before, for negative `k`). */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  const m = (index % 12) + 1;
  return `${Math.floor(index / 12)}-${m < 10 ? '0' : ''}${m}`;
}

/** The `WINDOW_MONTHS` months ending with `reportMonth`, oldest first. */
export function windowEnding(reportMonth: string): string[] {
  return Array.from({ length: WINDOW_MONTHS }, (_, i) => addMonths(reportMonth, i - WINDOW_MONTHS + 1));
}

/**
 * Month boundaries in the rules' time zone. Local dates and months of
 * instants come from the service calendar the transform used (so a ticket's
 * month here is its `created_month` there); month starts from its zone.
 */
export class MonthClock {
  private readonly clock: ZoneClock;

  constructor(private readonly calendar: ServiceCalendar) {
    this.clock = new ZoneClock(calendar.spec.timeZone);
  }

  /** UTC milliseconds of local midnight starting `month`. */
  start(month: string): number {
    return this.clock.toUtcMillis(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1, 0, 0, 0);
  }

  /** UTC milliseconds of the end of `month` (TIME-3): the start of the next. */
  end(month: string): number {
    return this.start(addMonths(month, 1));
  }

  /** The end of `month` as stored timestamps are written (TIME-1), for comparing with them. */
  endText(month: string): string {
    return formatUtc(this.end(month));
  }

  /** `YYYY-MM-DD` of the local day holding an instant. */
  date(utcMillis: number): string {
    return this.calendar.localDate(utcMillis);
  }

  /** UTC milliseconds of local midnight starting a day. */
  midnight(year: number, month: number, day: number): number {
    return this.clock.toUtcMillis(year, month, day, 0, 0, 0);
  }

  /** TIME-4: local midnight at the start of the day after `latest`. */
  asOfAfter(latest: number): number {
    const [y, m, d] = this.date(latest).split('-').map(Number) as [number, number, number];
    return this.clock.toUtcMillis(y, m, d + 1, 0, 0, 0);
  }

  /** TIME-4: the last month whose end is at or before `asOf`. */
  reportMonthFor(asOf: number): string {
    const month = addMonths(this.calendar.localMonth(asOf), -1);
    return this.end(month) <= asOf ? month : addMonths(month, -1);
  }
}
