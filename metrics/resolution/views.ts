/** The analyst's views of DUR-2: resolution times per resolved month, class and priority. */
import { type View, jsRound, quantile, view } from '../view-sql.ts';

export const VIEWS: readonly View[] = [
  // DUR-2: per resolved month, class and priority, over counted tickets with
  // a duration: n, mean, median, 90th percentile in calendar and service
  // hours (simple-statistics mean and quantile), the old cases (older than
  // the rules' oldCaseDays when resolved) and the mean without them (null
  // when all are old). Only groups with n > 0.
  view(
    'v_resolution_by_month',
    `
    WITH
    ranked AS (
      SELECT resolved_month AS month, ticket_class, priority, is_old_case,
        resolution_hours AS hours, resolution_service_hours AS service_hours,
        row_number() OVER (PARTITION BY resolved_month, ticket_class, priority ORDER BY resolution_hours) - 1 AS k_hours,
        row_number() OVER (PARTITION BY resolved_month, ticket_class, priority ORDER BY resolution_service_hours) - 1 AS k_service,
        count(*) OVER (PARTITION BY resolved_month, ticket_class, priority) AS n
      FROM fct_tickets
      -- A ticket without a priority has no place in a table by priority (as in metrics.json).
      WHERE counted = 1 AND resolved_month IS NOT NULL AND resolution_hours IS NOT NULL AND priority IS NOT NULL
    ),
    -- Window aggregates over the whole group and DISTINCT rather than GROUP BY:
    -- a query for one month then reads only that month's tickets (SQLite
    -- pushes the month down through windows partitioned by it, not through
    -- GROUP BY).
    figures AS (
      SELECT DISTINCT month, ticket_class, priority, n,
        avg(hours) OVER grp AS mean_hours,
        ${quantile('hours', 'k_hours', 0.5)} AS median_hours,
        ${quantile('hours', 'k_hours', 0.9)} AS p90_hours,
        avg(service_hours) OVER grp AS mean_service_hours,
        ${quantile('service_hours', 'k_service', 0.5)} AS median_service_hours,
        ${quantile('service_hours', 'k_service', 0.9)} AS p90_service_hours,
        sum(is_old_case = 1) OVER grp AS n_old,
        avg(CASE WHEN is_old_case = 0 THEN hours END) OVER grp AS mean_hours_excluding_old
      FROM ranked
      WINDOW grp AS (PARTITION BY month, ticket_class, priority)
    )
    SELECT month, ticket_class, priority, n,
      ${jsRound('mean_hours', 2)} AS mean_hours,
      ${jsRound('median_hours', 2)} AS median_hours,
      ${jsRound('p90_hours', 2)} AS p90_hours,
      ${jsRound('mean_service_hours', 2)} AS mean_service_hours,
      ${jsRound('median_service_hours', 2)} AS median_service_hours,
      ${jsRound('p90_service_hours', 2)} AS p90_service_hours,
      n_old,
      ${jsRound('mean_hours_excluding_old', 2)} AS mean_hours_excluding_old
    FROM figures
  `,
  ),
];
