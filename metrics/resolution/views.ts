/**
 * The SQL of DUR-2: resolution times per resolved month, class and priority.
 * Which tickets count, in which group and with which durations is one
 * builder ({@link RESOLUTION_TICKETS}); the view computes the figures from
 * it in SQL, the reader (resolution/read.ts) from its window rows with
 * simple-statistics (SQLite's window functions take seconds over a
 * million tickets). The view's arithmetic is simple-statistics' (see
 * view-sql.ts `quantile`), which tests/store/metric-views.test.ts checks for
 * every group size up to 60.
 */
import { type Scope, type View, inWindow, jsRound, quantile, view } from '../view-sql.ts';

/**
 * DUR-2's tickets: counted, resolved (in the window's months, in the
 * `window` scope), with a duration and a priority (a ticket without one has
 * no place in a table by priority; MISSING_PRIORITY lists it).
 */
export const RESOLUTION_TICKETS = (scope: Scope) => `
      SELECT resolved_month AS month, ticket_class, priority, resolution_hours AS hours, resolution_service_hours AS service_hours, is_old_case, ticket_number
      FROM fct_tickets
      WHERE counted = 1 AND resolved_month IS NOT NULL AND resolution_hours IS NOT NULL AND priority IS NOT NULL
        ${inWindow(scope, 'resolved_month BETWEEN @first AND @last')}`;

export const VIEWS: readonly View[] = [
  // DUR-2: per resolved month, class and priority, over DUR-2's tickets: n,
  // mean, median, 90th percentile in calendar and service hours
  // (simple-statistics mean and quantile), the old cases (older than the
  // rules' oldCaseDays when resolved), and the mean and median without them
  // (null when all are old). Only groups with n > 0.
  view(
    'v_resolution_by_month',
    `
    WITH
    tickets AS (${RESOLUTION_TICKETS('view')}
    ),
    ranked AS (
      SELECT month, ticket_class, priority, is_old_case, hours, service_hours,
        row_number() OVER (PARTITION BY month, ticket_class, priority ORDER BY hours) - 1 AS k_hours,
        row_number() OVER (PARTITION BY month, ticket_class, priority ORDER BY service_hours) - 1 AS k_service,
        count(*) OVER (PARTITION BY month, ticket_class, priority) AS n,
        -- A young ticket's rank among the group's tickets that are not old cases, and how many
        -- those are (every window partitioned alike, so a month filter still reaches the tickets).
        sum(is_old_case = 0) OVER (PARTITION BY month, ticket_class, priority ORDER BY hours ROWS UNBOUNDED PRECEDING) - 1 AS k_young,
        sum(is_old_case = 0) OVER (PARTITION BY month, ticket_class, priority) AS n_young
      FROM tickets
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
        avg(CASE WHEN is_old_case = 0 THEN hours END) OVER grp AS mean_hours_excluding_old,
        ${quantile('hours', 'k_young', 0.5, 'n_young', 'is_old_case = 0')} AS median_hours_excluding_old
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
      ${jsRound('mean_hours_excluding_old', 2)} AS mean_hours_excluding_old,
      ${jsRound('median_hours_excluding_old', 2)} AS median_hours_excluding_old
    FROM figures
  `,
  ),
];
