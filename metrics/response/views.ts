/**
 * The SQL of RESP-1: first-response times of the incidents resolved in each
 * month. Which tickets count, in which group and with which times is one
 * builder ({@link RESPONSE_TICKETS}); the view computes the figures from it
 * in SQL, the reader (response/read.ts) from its window rows with
 * simple-statistics, as DUR-2 does (docs/METRICS.md, DUR-2).
 */
import { FCT_TICKETS_BY_RESOLVED_MONTH } from '../../store/metric-indexes.ts';
import { type Scope, type View, inWindow, jsRound, quantile, view } from '../view-sql.ts';

/**
 * RESP-1's tickets: SLA-3's incidents (counted, resolved with a duration,
 * first response at or after creation) with a priority, resolved in the
 * window's months in the `window` scope.
 */
export const RESPONSE_TICKETS = (scope: Scope) => `
      SELECT resolved_month AS month, priority, response_hours AS hours, response_service_hours AS service_hours
      FROM fct_tickets INDEXED BY ${FCT_TICKETS_BY_RESOLVED_MONTH}
      WHERE counted = 1 AND resolved_month IS NOT NULL AND ticket_class = 'incident' AND priority IS NOT NULL
        AND response_hours IS NOT NULL AND resolution_hours IS NOT NULL
        ${inWindow(scope, 'resolved_month BETWEEN @first AND @last')}`;

export const VIEWS: readonly View[] = [
  // RESP-1: per resolved month and priority, over SLA-3's incidents (counted,
  // resolved in the month with a duration, first response at or after
  // creation): n, mean, median and 90th percentile of created → first
  // response in calendar and service hours (simple-statistics mean and
  // quantile). SLA-3's compliance is in v_sla_by_month. Only groups with n > 0.
  view(
    'v_response_by_month',
    `
    WITH
    tickets AS (${RESPONSE_TICKETS('view')}
    ),
    ranked AS (
      SELECT month, priority, hours, service_hours,
        row_number() OVER (PARTITION BY month, priority ORDER BY hours) - 1 AS k_hours,
        row_number() OVER (PARTITION BY month, priority ORDER BY service_hours) - 1 AS k_service,
        count(*) OVER (PARTITION BY month, priority) AS n
      FROM tickets
    ),
    figures AS (
      SELECT DISTINCT month, priority, n,
        avg(hours) OVER grp AS mean_hours,
        ${quantile('hours', 'k_hours', 0.5)} AS median_hours,
        ${quantile('hours', 'k_hours', 0.9)} AS p90_hours,
        avg(service_hours) OVER grp AS mean_service_hours,
        ${quantile('service_hours', 'k_service', 0.5)} AS median_service_hours,
        ${quantile('service_hours', 'k_service', 0.9)} AS p90_service_hours
      FROM ranked
      WINDOW grp AS (PARTITION BY month, priority)
    )
    SELECT month, priority, n,
      ${jsRound('mean_hours', 2)} AS mean_hours,
      ${jsRound('median_hours', 2)} AS median_hours,
      ${jsRound('p90_hours', 2)} AS p90_hours,
      ${jsRound('mean_service_hours', 2)} AS mean_service_hours,
      ${jsRound('median_service_hours', 2)} AS median_service_hours,
      ${jsRound('p90_service_hours', 2)} AS p90_service_hours
    FROM figures
  `,
  ),
];
