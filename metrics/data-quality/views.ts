/** The SQL of Findings per rule by created month: the analyst view and the reader's query, from one builder. */
import { type Figure, type Scope, figure, inWindow } from '../view-sql.ts';

// Findings (fct_findings) per rule, by the created month of their ticket,
// counted or not (metrics.json's dataQuality.byMonth).
export const FINDINGS_BY_MONTH: Figure = figure(
  'v_findings_by_month',
  (scope: Scope) => `
    SELECT t.created_month AS month, f.rule, count(*) AS findings
    FROM fct_findings f
    JOIN fct_tickets t ON t.ticket_number = f.ticket_number
    WHERE TRUE ${inWindow(scope, 't.created_month BETWEEN @first AND @last')}
    GROUP BY t.created_month, f.rule
  `,
);

export const VIEWS: readonly Figure[] = [FINDINGS_BY_MONTH];
