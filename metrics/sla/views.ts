/**
 * The SQL of SLA-1..3: met, breached, compliance and open past target per
 * month and priority (the analyst view and the reader's query, from one
 * builder).
 */
import { type Figure, type Scope, figure, inWindow, jsRound, localMonthOf, monthsCte, runningFrom } from '../view-sql.ts';

/**
 * The month from whose end on a ticket is past its resolution_due: the
 * local month of the instant by Norway's rule (`view`), or the first month
 * of `months` whose end is after it by the rules' time zone (`window`; null
 * after the window).
 */
const breachedFrom = (scope: Scope) =>
  scope === 'view' ? localMonthOf('resolution_due') : '(SELECT min(month) FROM months WHERE month_end > resolution_due)';

// SLA-2, SLA-3: per month and priority of dim_priorities, over counted
// incidents resolved in the month with a duration: met and breached against
// the resolution target, compliance = met / (met + breached) (null when
// both are 0); open_breached = counted incidents open at end(M) whose
// resolution_due is before end(M); the response figures likewise from
// response_met. Every month × every priority: a priority without a
// resolution target has nulls in the resolution columns (met … open_breached),
// one without a response target in the response columns, as in the JSON.
export const SLA_BY_MONTH: Figure = figure(
  'v_sla_by_month',
  (scope: Scope) => `
    WITH
    ${monthsCte(scope)},
    resolved AS (
      SELECT resolved_month AS month, priority,
        sum(resolution_met = 1) AS met, sum(resolution_met = 0) AS breached,
        sum(response_met = 1) AS response_met, sum(response_met = 0) AS response_breached
      FROM fct_tickets
      WHERE counted = 1 AND resolved_month IS NOT NULL AND ticket_class = 'incident' AND resolution_hours IS NOT NULL
        ${inWindow(scope, 'resolved_month BETWEEN @first AND @last')}
      GROUP BY resolved_month, priority
    ),
    due AS (
      SELECT priority, ${breachedFrom(scope)} AS breached_from, resolved_month
      FROM fct_tickets
      -- +counted: read the few tickets with a target from their partial index, not all counted ones.
      WHERE resolution_due IS NOT NULL AND +counted = 1 AND ticket_class = 'incident'
        -- Before the window, a ticket resolved before it adds nothing; after it, none is open at a month end in it.
        ${inWindow(scope, 'created_month <= @last AND (resolved_month IS NULL OR resolved_month >= @before)')}
    ),
    moves(priority, month, change) AS (
      SELECT priority, breached_from, 1 FROM due WHERE resolved_month IS NULL OR resolved_month > breached_from
      UNION ALL
      SELECT priority, resolved_month, -1 FROM due WHERE resolved_month > breached_from
    ),
    by_month AS (
      SELECT priority, ${runningFrom(scope, 'month')} AS month, sum(change) AS change
      FROM moves
      GROUP BY priority, ${runningFrom(scope, 'month')}
    ),
    counts AS (
      SELECT m.month, p.priority, p.resolution_target_hours, p.response_target_hours,
        coalesce(r.met, 0) AS met, coalesce(r.breached, 0) AS breached,
        coalesce(r.response_met, 0) AS response_met, coalesce(r.response_breached, 0) AS response_breached,
        sum(coalesce(b.change, 0)) OVER (PARTITION BY p.priority ORDER BY m.month ROWS UNBOUNDED PRECEDING) AS open_breached
      FROM months m
      CROSS JOIN dim_priorities p
      LEFT JOIN resolved r ON r.month = m.month AND r.priority = p.priority
      LEFT JOIN by_month b ON b.month = m.month AND b.priority = p.priority
    ),
    targeted AS (
      SELECT month, priority,
        CASE WHEN resolution_target_hours IS NOT NULL THEN met END AS met,
        CASE WHEN resolution_target_hours IS NOT NULL THEN breached END AS breached,
        CASE WHEN resolution_target_hours IS NOT NULL THEN open_breached END AS open_breached,
        CASE WHEN response_target_hours IS NOT NULL THEN response_met END AS response_met,
        CASE WHEN response_target_hours IS NOT NULL THEN response_breached END AS response_breached
      FROM counts
    )
    SELECT month, priority, met, breached,
      ${jsRound('CAST(met AS REAL) / nullif(met + breached, 0)', 4)} AS compliance,
      open_breached, response_met, response_breached,
      ${jsRound('CAST(response_met AS REAL) / nullif(response_met + response_breached, 0)', 4)} AS response_compliance
    FROM targeted
    WHERE TRUE ${inWindow(scope, 'month >= @first')}
  `,
);

export const VIEWS: readonly Figure[] = [SLA_BY_MONTH];
