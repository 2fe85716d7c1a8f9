/** The analyst's views of NEW-1/2: the tickets created in each month. */
import { type View, view } from '../view-sql.ts';

export const VIEWS: readonly View[] = [
  // NEW-1, NEW-2: counted tickets created in the month, by class, report
  // category and municipality; security_alerts of them are security alerts.
  view(
    'v_new_by_month',
    `
    SELECT created_month AS month, ticket_class, report_category, municipality,
      count(*) AS new, count(security_alert_source) AS security_alerts
    FROM fct_tickets
    WHERE counted = 1
    GROUP BY created_month, ticket_class, municipality, report_category
  `,
  ),
];
