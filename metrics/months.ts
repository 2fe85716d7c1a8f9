/**
 * Months and the report window (METRICS.md TIME-3, TIME-4). A month is a
 * `YYYY-MM` label; its instants are local midnights in the rules' time zone,
 * so month `M` is `[start(M), start(M+1))` and "end of M" is `start(M+1)`.
 */
import { ZoneClock, formatUtc } from '../ingest/timestamps.ts';

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

/** Local time of one zone: month boundaries, dates, the as-of instant. */
export class MonthClock {
  private readonly clock: ZoneClock;

  constructor(zone: string) {
    this.clock = new ZoneClock(zone);
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

  /** Local wall-clock fields of a UTC instant. */
  private local(utcMillis: number): Date {
    return new Date(utcMillis + this.clock.offsetAt(utcMillis) * 60_000);
  }

  /** `YYYY-MM-DD` of the local day holding an instant. */
  date(utcMillis: number): string {
    return this.local(utcMillis).toISOString().slice(0, 10);
  }

  /** `YYYY-MM` of the local month holding an instant. */
  month(utcMillis: number): string {
    return this.local(utcMillis).toISOString().slice(0, 7);
  }

  /** TIME-4: local midnight at the start of the day after `latest`. */
  asOfAfter(latest: number): number {
    const d = this.local(latest);
    return this.clock.toUtcMillis(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate() + 1, 0, 0, 0);
  }

  /** TIME-4: the last month whose end is at or before `asOf`. */
  reportMonthFor(asOf: number): string {
    const month = addMonths(this.month(asOf), -1);
    return this.end(month) <= asOf ? month : addMonths(month, -1);
  }
}
