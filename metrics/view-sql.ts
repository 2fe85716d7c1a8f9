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

export interface View {
  readonly name: string;
  /** `CREATE VIEW <name> AS …`, as SQLite keeps it in sqlite_schema. */
  readonly sql: string;
}

/** SQLite keeps a statement without its trailing white space: so is `sql`, to compare with what is stored. */
export const view = (name: string, body: string): View => ({ name, sql: `CREATE VIEW ${name} AS ${body.trimEnd()}` });

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
 * operations as the JavaScript.
 */
export function quantile(value: string, k: string, p: number): string {
  const index = `((n - 1) * ${p})`;
  const lower = `CAST(${index} AS INTEGER)`;
  const below = `max(CASE WHEN ${k} = ${lower} THEN ${value} END) OVER grp`;
  const above = `max(CASE WHEN ${k} = ${lower} + (${index} > ${lower}) THEN ${value} END) OVER grp`;
  return `${below} + (${index} - ${lower}) * (${above} - ${below})`;
}
