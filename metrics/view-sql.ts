/**
 * What the analyst's views (`metrics/<family>/views.ts`) are written with:
 * a view is a name and its SELECT, and SQL for the months, the rounding and
 * the quantiles that metrics.json's arithmetic uses.
 *
 * Every month is a local Europe/Oslo month (TIME-3), as in fct_tickets. Only
 * counted tickets (incident and request, not marked for deletion) are in
 * them, except v_findings_by_month. Hours are rounded like the JSON,
 * Math.round(x × 100) / 100, compliance like Math.round(x × 10000) / 10000;
 * the rounding is exact (not SQLite's round(), which rounds halves away from
 * zero in decimal).
 *
 * Nothing in them is a month × ticket join: tickets are first counted by
 * their months, then those counts are laid on the months and summed up
 * (running sums over the months), so a view costs one pass over an index
 * plus work in the number of months.
 */

import type { View } from '../store/views.ts';

export type { View };

/** SQLite keeps a statement without its trailing white space: so is `sql`, to compare with what is stored. */
export const view = (name: string, body: string): View => ({ name, sql: `CREATE VIEW ${name} AS ${body.trimEnd()}` });

/**
 * Where a figure's SQL runs. `view`: over every month of the data, the
 * analyst view's SELECT. `window`: over metrics.json's window only, the
 * SELECT the family's reader runs, with the named parameters of
 * {@link WindowParams}; it gives the view's rows for those months (the
 * tests compare the two), reading only what those months need.
 */
export type Scope = 'view' | 'window';

/**
 * The named parameters of a `window` SELECT: the window's first and last
 * month, the month before it, and those months from `before` to `last`
 * with their ends in the rules' time zone (TIME-3), as JSON
 * `[[month, end], …]` (a view knows only Norway's rule for them).
 */
export interface WindowParams {
  readonly first: string;
  readonly last: string;
  readonly before: string;
  readonly months: string;
}

/** A figure's SQL: one builder, whose `view` SELECT is the analyst view and whose `window` SELECT the reader runs. */
export interface Figure extends View {
  readonly select: (scope: Scope) => string;
}

export const figure = (name: string, select: (scope: Scope) => string): Figure => ({ ...view(name, select('view')), select });

/** `AND <condition>` in the `window` scope, nothing in the `view` scope. */
export const inWindow = (scope: Scope, condition: string): string => (scope === 'window' ? `AND ${condition}` : '');

/**
 * A CTE `months(month, month_end)` a figure lays its counts on: v_months'
 * months (`view`), or the month before the window and the window, with the
 * ends the reader was given (`window`).
 */
export const monthsCte = (scope: Scope): string =>
  scope === 'view'
    ? 'months(month, month_end) AS (SELECT month, month_end FROM v_months)'
    : "months(month, month_end) AS (SELECT value ->> 0, value ->> 1 FROM json_each(@months))";

/**
 * The month a change made in `month` is first seen in by a running sum over
 * {@link monthsCte}: `month` itself, or in the `window` scope the month
 * before the window for every earlier one (the sum then starts from
 * everything before the window).
 */
export const runningFrom = (scope: Scope, month: string): string => (scope === 'view' ? month : `max(${month}, @before)`);

/** JS `Math.round(x × 10^places) / 10^places` for a non-negative `x` (null stays null). */
export function jsRound(x: string, places: number): string {
  const f = 10 ** places;
  const y = `(${x}) * ${f}`;
  return `((CAST(${y} AS INTEGER) + (${y} - CAST(${y} AS INTEGER) >= 0.5)) / ${f}.0)`;
}

/** The month after `YYYY-MM`. */
export const nextMonth = (m: string): string => `strftime('%Y-%m', ${m} || '-01', '+1 month')`;

/**
 * start(M) as UTC text: local midnight on the 1st in Europe/Oslo. The 1st of
 * April…October is in summer time (UTC+2), of November…March in winter time
 * (UTC+1); no month starts on a day the clocks change, so this is exact.
 */
export const monthStartUtc = (m: string): string =>
  `strftime('%Y-%m-%dT%H:%M:%SZ', ${m} || '-01', CASE WHEN substr(${m}, 6, 2) BETWEEN '04' AND '10' THEN '-2 hours' ELSE '-1 hours' END)`;

/** The local month of a UTC instant `YYYY-MM-DDTHH:MM:SSZ`: its UTC month, or the next one from that month's local end on. */
export const localMonthOf = (instant: string): string =>
  `CASE WHEN ${instant} >= ${monthStartUtc(nextMonth(`substr(${instant}, 1, 7)`))} THEN ${nextMonth(`substr(${instant}, 1, 7)`)} ELSE substr(${instant}, 1, 7) END`;

/**
 * simple-statistics `quantile(values, p)` as of 7.12 (`quantileSorted`:
 * linear interpolation, R's type 7) over the window `grp`: `k` is a value's
 * 0-based rank in its group (row_number() − 1) and `n` the group's size.
 * index = (n − 1)·p; the value at floor(index) plus (index − floor(index))
 * times the step to the value at ceil(index), in the same floating-point
 * operations as the JavaScript. With `among`, over the rows for which it
 * holds only (`k` and `n` then rank and count those rows).
 */
export function quantile(value: string, k: string, p: number, n = 'n', among?: string): string {
  const index = `((${n} - 1) * ${p})`;
  const lower = `CAST(${index} AS INTEGER)`;
  const where = among === undefined ? '' : `${among} AND `;
  const below = `max(CASE WHEN ${where}${k} = ${lower} THEN ${value} END) OVER grp`;
  const above = `max(CASE WHEN ${where}${k} = ${lower} + (${index} > ${lower}) THEN ${value} END) OVER grp`;
  return `${below} + (${index} - ${lower}) * (${above} - ${below})`;
}
