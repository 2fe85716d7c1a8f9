/** The analyst's views of TIME-3: the months of the data, with their start and end instants. */
import { type View, monthStartUtc, nextMonth, view } from '../view-sql.ts';

export const VIEWS: readonly View[] = [
  // TIME-3: every month from the first to the last month in which a counted
  // ticket was created or resolved, with its start and end instants
  // (end(M) = start(M+1)) as UTC text.
  view(
    'v_months',
    `
    WITH RECURSIVE
    bounds(first, last) AS MATERIALIZED (
      -- Each a search of one index end (min/max optimisation), not a scan.
      SELECT min(created_first, coalesce(resolved_first, created_first)), max(created_last, coalesce(resolved_last, created_last))
      FROM (
        SELECT
          (SELECT min(created_month) FROM fct_tickets WHERE counted = 1) AS created_first,
          (SELECT max(created_month) FROM fct_tickets WHERE counted = 1) AS created_last,
          (SELECT min(resolved_month) FROM fct_tickets WHERE counted = 1) AS resolved_first,
          (SELECT max(resolved_month) FROM fct_tickets WHERE counted = 1) AS resolved_last
      )
    ),
    months(month) AS (
      SELECT first FROM bounds WHERE first IS NOT NULL
      UNION ALL
      SELECT ${nextMonth('month')} FROM months, bounds WHERE month < last
    )
    SELECT month, ${monthStartUtc('month')} AS month_start, ${monthStartUtc(nextMonth('month'))} AS month_end
    FROM months
  `,
  ),
];
