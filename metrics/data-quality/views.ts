/** The analyst's views of Findings per rule by created month. */
import { type View, view } from '../view-sql.ts';

export const VIEWS: readonly View[] = [
  // Findings (fct_findings) per rule, by the created month of their ticket,
  // counted or not (what metrics.json's dataQuality.byMonth will give).
  view(
    'v_findings_by_month',
    `
    SELECT t.created_month AS month, f.rule, count(*) AS findings
    FROM fct_findings f
    JOIN fct_tickets t ON t.ticket_number = f.ticket_number
    GROUP BY t.created_month, f.rule
  `,
  ),
];
