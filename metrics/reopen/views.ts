/** The SQL of REOPEN-1: the reopened tickets among those resolved in each month (the analyst view and the reader's query, from one builder). */
import { FCT_TICKETS_BY_RESOLVED_MONTH } from '../../store/metric-indexes.ts';
import { type Figure, type Scope, figure, inWindow, jsRound, monthsCte } from '../view-sql.ts';

// REOPEN-1: per month of effective resolution and class, the resolved
// tickets, how many of them carry a reopen count (known), how many were
// reopened, and the rate to 4 decimals (Math.round semantics); reopened
// and the rate are null when no resolved ticket of the month carries a
// reopen count (an export without Gjenåpnet). Every month, zeros included.
export const REOPENED_BY_MONTH: Figure = figure(
  'v_reopened_by_month',
  (scope: Scope) => `
    WITH ${monthsCte(scope)},
    counts AS (
      SELECT resolved_month AS month, ticket_class, count(*) AS resolved, count(reopened) AS known, coalesce(sum(reopened = 1), 0) AS reopened
      FROM fct_tickets INDEXED BY ${FCT_TICKETS_BY_RESOLVED_MONTH}
      WHERE counted = 1 AND resolved_month IS NOT NULL ${inWindow(scope, 'resolved_month BETWEEN @first AND @last')}
      GROUP BY resolved_month, ticket_class
    ),
    known AS (SELECT month, sum(known) AS known FROM counts GROUP BY month)
    SELECT m.month, c.ticket_class, coalesce(r.resolved, 0) AS resolved, coalesce(k.known, 0) AS known,
      CASE WHEN coalesce(k.known, 0) > 0 THEN coalesce(r.reopened, 0) END AS reopened,
      CASE WHEN coalesce(k.known, 0) > 0 AND coalesce(r.resolved, 0) > 0
        THEN ${jsRound('CAST(r.reopened AS REAL) / r.resolved', 4)} END AS reopen_rate
    FROM months m
    CROSS JOIN (SELECT 'incident' AS ticket_class UNION ALL SELECT 'request') c
    LEFT JOIN counts r ON r.month = m.month AND r.ticket_class = c.ticket_class
    LEFT JOIN known k ON k.month = m.month
    WHERE TRUE ${inWindow(scope, 'm.month >= @first')}
  `,
);

export const VIEWS: readonly Figure[] = [REOPENED_BY_MONTH];
