/** The analyst's views of OPEN-1..4: open at each month end, resolved in each month, the balance. */
import { type View, view } from '../view-sql.ts';

export const VIEWS: readonly View[] = [
  // OPEN-1, OPEN-2: open at the end of each month, by class and municipality,
  // with the effective resolution (open) and the export's resolved date alone
  // (naive_open). A ticket is open from its created month up to the month
  // before max(created, resolved) (a ticket resolved before it was created is
  // never open): counts per (class, municipality, created, resolved, naive
  // resolved) months, turned into the months they open and leave, summed
  // over the months. Every month × every (class, municipality) seen, zeros
  // included.
  view(
    'v_open_month_end',
    `
    WITH
    counts AS MATERIALIZED (
      SELECT ticket_class, municipality, created_month, resolved_month, naive_resolved_month, count(*) AS n
      FROM fct_tickets
      WHERE counted = 1
      GROUP BY ticket_class, municipality, created_month, resolved_month, naive_resolved_month
    ),
    moves(ticket_class, municipality, month, opened, left_open, left_naive_open) AS (
      SELECT ticket_class, municipality, created_month, n, 0, 0 FROM counts
      UNION ALL
      SELECT ticket_class, municipality, max(created_month, resolved_month), 0, n, 0 FROM counts WHERE resolved_month IS NOT NULL
      UNION ALL
      SELECT ticket_class, municipality, max(created_month, naive_resolved_month), 0, 0, n FROM counts WHERE naive_resolved_month IS NOT NULL
    ),
    by_month AS (
      SELECT ticket_class, municipality, month,
        sum(opened - left_open) AS change, sum(opened - left_naive_open) AS naive_change
      FROM moves
      GROUP BY ticket_class, municipality, month
    ),
    groups AS (SELECT DISTINCT ticket_class, municipality FROM counts)
    SELECT m.month, g.ticket_class, g.municipality,
      sum(coalesce(b.change, 0)) OVER running AS open,
      sum(coalesce(b.naive_change, 0)) OVER running AS naive_open
    FROM v_months m
    CROSS JOIN groups g
    LEFT JOIN by_month b ON b.ticket_class = g.ticket_class AND b.municipality = g.municipality AND b.month = m.month
    WINDOW running AS (PARTITION BY g.ticket_class, g.municipality ORDER BY m.month ROWS UNBOUNDED PRECEDING)
  `,
  ),

  // OPEN-3 resolvedIn: counted tickets whose effective resolution (RESOLVED-1)
  // falls in the month, per class; every month, zeros included.
  view(
    'v_resolved_by_month',
    `
    WITH resolved AS (
      SELECT resolved_month AS month, ticket_class, count(*) AS n
      FROM fct_tickets
      WHERE counted = 1 AND resolved_month IS NOT NULL
      GROUP BY resolved_month, ticket_class
    )
    SELECT m.month, c.ticket_class, coalesce(r.n, 0) AS resolved
    FROM v_months m
    CROSS JOIN (SELECT 'incident' AS ticket_class UNION ALL SELECT 'request') c
    LEFT JOIN resolved r ON r.month = m.month AND r.ticket_class = c.ticket_class
  `,
  ),

  // OPEN-3: balance = open(M) − open(M−1) − new(M) + resolvedIn(M), per class;
  // 0 when the month balances (a ticket resolved before it was created does not).
  view(
    'v_open_balance',
    `
    WITH
    open_by_class AS (SELECT month, ticket_class, sum(open) AS open FROM v_open_month_end GROUP BY month, ticket_class),
    new AS (
      SELECT created_month AS month, ticket_class, count(*) AS new
      FROM fct_tickets
      WHERE counted = 1
      GROUP BY created_month, ticket_class
    ),
    figures AS (
      SELECT r.month, r.ticket_class, coalesce(o.open, 0) AS open,
        lag(coalesce(o.open, 0), 1, 0) OVER (PARTITION BY r.ticket_class ORDER BY r.month) AS previous_open,
        coalesce(n.new, 0) AS new, r.resolved
      FROM v_resolved_by_month r
      LEFT JOIN open_by_class o ON o.month = r.month AND o.ticket_class = r.ticket_class
      LEFT JOIN new n ON n.month = r.month AND n.ticket_class = r.ticket_class
    )
    SELECT month, ticket_class, open, previous_open, new, resolved, open - previous_open - new + resolved AS balance
    FROM figures
  `,
  ),
];
