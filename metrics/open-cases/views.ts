/**
 * The SQL of OPEN-1..3: open at each month end, resolved in each month, the
 * balance. Each figure is one CTE, written once below; the analyst views
 * select from them over every month, the reader (open-cases/read.ts) runs
 * {@link OPEN_CASES_WINDOW}, the same CTEs over the window.
 */
import { type Figure, type Scope, figure, inWindow, monthsCte, runningFrom } from '../view-sql.ts';

// OPEN-1, OPEN-2: open at the end of each month, by class and municipality,
// with the effective resolution (open) and the export's resolved date alone
// (naive_open). A ticket is open from its created month up to the month
// before max(created, resolved) (a ticket resolved before it was created is
// never open): counts per (class, municipality, created, resolved, naive
// resolved) months, turned into the months they open and leave, summed
// over the months. Every month × every (class, municipality) seen, zeros
// included.
const openMonthEnd = (scope: Scope) => `
    counts AS MATERIALIZED (
      -- In the covering index's order, so SQLite aggregates as it reads it.
      SELECT ticket_class, municipality, created_month, resolved_month, naive_resolved_month, count(*) AS n
      FROM fct_tickets
      WHERE counted = 1
      GROUP BY created_month, ticket_class, municipality, resolved_month, naive_resolved_month
    ),
    ${monthsCte(scope)},
    moves(ticket_class, municipality, month, opened, left_open, left_naive_open) AS (
      SELECT ticket_class, municipality, created_month, n, 0, 0 FROM counts
      UNION ALL
      SELECT ticket_class, municipality, max(created_month, resolved_month), 0, n, 0 FROM counts WHERE resolved_month IS NOT NULL
      UNION ALL
      SELECT ticket_class, municipality, max(created_month, naive_resolved_month), 0, 0, n FROM counts WHERE naive_resolved_month IS NOT NULL
    ),
    by_month AS (
      SELECT ticket_class, municipality, ${runningFrom(scope, 'month')} AS month,
        sum(opened - left_open) AS change, sum(opened - left_naive_open) AS naive_change
      FROM moves
      GROUP BY ticket_class, municipality, ${runningFrom(scope, 'month')}
    ),
    groups AS (SELECT DISTINCT ticket_class, municipality FROM counts),
    open_month_end AS MATERIALIZED (
      SELECT m.month, g.ticket_class, g.municipality,
        sum(coalesce(b.change, 0)) OVER running AS open,
        sum(coalesce(b.naive_change, 0)) OVER running AS naive_open
      FROM months m
      CROSS JOIN groups g
      LEFT JOIN by_month b ON b.ticket_class = g.ticket_class AND b.municipality = g.municipality AND b.month = m.month
      WINDOW running AS (PARTITION BY g.ticket_class, g.municipality ORDER BY m.month ROWS UNBOUNDED PRECEDING)
    )`;

// OPEN-3 resolvedIn: counted tickets whose effective resolution (RESOLVED-1)
// falls in the month, per class; every month, zeros included.
const resolvedByMonth = (scope: Scope) => `
    resolved_counts AS (
      SELECT resolved_month AS month, ticket_class, count(*) AS n
      FROM fct_tickets
      WHERE counted = 1 AND resolved_month IS NOT NULL ${inWindow(scope, 'resolved_month BETWEEN @before AND @last')}
      GROUP BY resolved_month, ticket_class
    ),
    resolved_by_month AS (
      SELECT m.month, c.ticket_class, coalesce(r.n, 0) AS resolved
      FROM months m
      CROSS JOIN (SELECT 'incident' AS ticket_class UNION ALL SELECT 'request') c
      LEFT JOIN resolved_counts r ON r.month = m.month AND r.ticket_class = c.ticket_class
    )`;

// OPEN-3: balance = open(M) − open(M−1) − new(M) + resolvedIn(M), per class;
// 0 when the month balances (a ticket resolved before it was created does not).
const openBalance = () => `
    open_by_class AS (SELECT month, ticket_class, sum(open) AS open FROM open_month_end GROUP BY month, ticket_class),
    new_by_class AS (SELECT created_month AS month, ticket_class, sum(n) AS new FROM counts GROUP BY created_month, ticket_class),
    open_balance AS (
      SELECT month, ticket_class, open, previous_open, new, resolved, open - previous_open - new + resolved AS balance
      FROM (
        SELECT r.month, r.ticket_class, coalesce(o.open, 0) AS open,
          lag(coalesce(o.open, 0), 1, 0) OVER (PARTITION BY r.ticket_class ORDER BY r.month) AS previous_open,
          coalesce(n.new, 0) AS new, r.resolved
        FROM resolved_by_month r
        LEFT JOIN open_by_class o ON o.month = r.month AND o.ticket_class = r.ticket_class
        LEFT JOIN new_by_class n ON n.month = r.month AND n.ticket_class = r.ticket_class
      )
    )`;

export const OPEN_MONTH_END: Figure = figure(
  'v_open_month_end',
  (scope: Scope) => `
    WITH ${openMonthEnd(scope)}
    SELECT month, ticket_class, municipality, open, naive_open FROM open_month_end
  `,
);

export const RESOLVED_BY_MONTH: Figure = figure(
  'v_resolved_by_month',
  (scope: Scope) => `
    WITH ${monthsCte(scope)},${resolvedByMonth(scope)}
    SELECT month, ticket_class, resolved FROM resolved_by_month
  `,
);

export const OPEN_BALANCE: Figure = figure(
  'v_open_balance',
  (scope: Scope) => `
    WITH ${openMonthEnd(scope)},${resolvedByMonth(scope)},${openBalance()}
    SELECT month, ticket_class, open, previous_open, new, resolved, balance FROM open_balance
    WHERE TRUE ${inWindow(scope, 'month >= @first')}
  `,
);

/**
 * What the reader runs: the rows of v_open_month_end for the month before
 * the window and the window (`open`: open, naive_open), and of
 * v_open_balance for the window (`balance`: resolved, balance), from one
 * pass over the tickets.
 */
export const OPEN_CASES_WINDOW = `
    WITH ${openMonthEnd('window')},${resolvedByMonth('window')},${openBalance()}
    SELECT 'open' AS figure, month, ticket_class, municipality, open AS a, naive_open AS b FROM open_month_end
    UNION ALL
    SELECT 'balance', month, ticket_class, NULL, resolved, balance FROM open_balance WHERE month >= @first
  `;

export const VIEWS: readonly Figure[] = [OPEN_MONTH_END, RESOLVED_BY_MONTH, OPEN_BALANCE];
