/** The SQL of NEW-1/2: the tickets created in each month (the analyst view and the reader's query, from one builder). */
import { type Figure, type Scope, figure, inWindow } from '../view-sql.ts';

// NEW-1, NEW-2: counted tickets created in the month, by class, report
// category, municipality and security alert source; security_alerts of them
// are security alerts.
export const NEW_BY_MONTH: Figure = figure(
  'v_new_by_month',
  (scope: Scope) => `
    WITH counts AS (
      -- Grouped in the covering index's order, so SQLite counts as it reads it
      -- (no sort of the tickets), then added up by the view's columns.
      SELECT created_month, ticket_class, municipality, report_category, security_alert_source, count(*) AS n
      FROM fct_tickets
      WHERE counted = 1 ${inWindow(scope, 'created_month BETWEEN @first AND @last')}
      GROUP BY created_month, ticket_class, municipality, resolved_month, naive_resolved_month, report_category, security_alert_source
    )
    SELECT created_month AS month, ticket_class, report_category, municipality, security_alert_source,
      sum(n) AS new, sum(CASE WHEN security_alert_source IS NOT NULL THEN n ELSE 0 END) AS security_alerts
    FROM counts
    GROUP BY created_month, ticket_class, municipality, report_category, security_alert_source
  `,
);

export const VIEWS: readonly Figure[] = [NEW_BY_MONTH];
