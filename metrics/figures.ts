/**
 * The arithmetic of the figures that is not in their SQL (metrics/<family>/views.ts):
 * rounding (on the final figure only), DUR-2's distribution, TREND-1's
 * slope and falling-since month.
 */
import { linearRegression, mean, median, quantile } from 'simple-statistics';
import type { Distribution, ResolutionFigures, Trend } from './document.ts';

/** Hours, days and slopes: 2 decimals. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
/** Fractions (compliance, which v_sla_by_month's SQL rounds so): 4 decimals. */
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** DUR-2's and RESP-1's statistics of at least one duration, in calendar and service hours, each rounded to 2 decimals. */
export function distribution(hours: number[], serviceHours: number[]): Distribution {
  return {
    n: hours.length,
    meanHours: round2(mean(hours)),
    medianHours: round2(median(hours)),
    p90Hours: round2(quantile(hours, 0.9)),
    meanServiceHours: round2(mean(serviceHours)),
    medianServiceHours: round2(median(serviceHours)),
    p90ServiceHours: round2(quantile(serviceHours, 0.9)),
  };
}

/** Durations of the tickets of one class and priority resolved in one month. */
export class Durations {
  readonly hours: number[] = [];
  readonly serviceHours: number[] = [];
  /** Calendar hours of the tickets that are not old cases. */
  readonly youngHours: number[] = [];
  /** Calendar hours of the tickets that are not in a mass closure (QUALITY-1). */
  readonly singleHours: number[] = [];

  add(hours: number, serviceHours: number, isOldCase: boolean, massClosed = false): void {
    this.hours.push(hours);
    this.serviceHours.push(serviceHours);
    if (!isOldCase) this.youngHours.push(hours);
    if (!massClosed) this.singleHours.push(hours);
  }

  /** DUR-2, for at least one ticket. */
  figures(): ResolutionFigures {
    const { hours, serviceHours, youngHours, singleHours } = this;
    return {
      ...distribution(hours, serviceHours),
      nOld: hours.length - youngHours.length,
      meanHoursExcludingOld: youngHours.length > 0 ? round2(mean(youngHours)) : null,
      medianHoursExcludingOld: youngHours.length > 0 ? round2(median(youngHours)) : null,
      nMassClosed: hours.length - singleHours.length,
      meanHoursExcludingMassClosed: singleHours.length > 0 ? round2(mean(singleHours)) : null,
      medianHoursExcludingMassClosed: singleHours.length > 0 ? round2(median(singleHours)) : null,
    };
  }
}

/**
 * TREND-1 for a series over the window: the least-squares slope per month
 * (x = month index), and the first month from which no month rose up to the
 * last (null when the last month rose). `before` is the value in the month
 * before the window, against which the first month is compared.
 */
export function trend(series: readonly number[], before: number, months: readonly string[]): Trend {
  const slopePerMonth = round2(linearRegression(series.map((s, i) => [i, s])).m);
  const previous = (i: number) => (i === 0 ? before : series[i - 1]!);
  let from = series.length - 1;
  if (series[from]! > previous(from)) return { slopePerMonth, fallingSince: null };
  while (from > 0 && series[from - 1]! <= previous(from - 1)) from--;
  return { slopePerMonth, fallingSince: months[from]! };
}
