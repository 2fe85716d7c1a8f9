/**
 * The SQL of AGE-1: open cases at each month end by their age in whole local
 * days. Which tickets count and with which age is one builder
 * ({@link OPEN_AGE_COUNTS}), shared by the analyst view and the reader
 * (age/read.ts): tickets counted by class, municipality, created and
 * resolved month and `age_from_day` (the local day of the first local
 * midnight at or after creation, transform/classify.ts). The view lays
 * those counts on every month in SQL; the reader lays the window's on the
 * window's month ends in JavaScript (laying them on months in SQL took
 * 1.4 s for a million tickets against 0.1 s; docs/METRICS.md, AGE-1).
 */
import { FCT_TICKETS_BY_CREATED_MONTH } from '../../store/metric-indexes.ts';
import { type Scope, type View, inWindow, view } from '../view-sql.ts';

/**
 * AGE-1's tickets: counted, per class, municipality, created month,
 * resolved month (null while open) and `age_from_day`; in the `window`
 * scope only those open at some window month end (created by the last,
 * not resolved before the first). Grouped in the covering index's order.
 */
export const OPEN_AGE_COUNTS = (scope: Scope) => `
      SELECT ticket_class, municipality, created_month, resolved_month, age_from_day, count(*) AS n
      FROM fct_tickets INDEXED BY ${FCT_TICKETS_BY_CREATED_MONTH}
      WHERE counted = 1 ${inWindow(scope, 'created_month <= @last AND (resolved_month IS NULL OR resolved_month >= @first)')}
      GROUP BY created_month, ticket_class, municipality, resolved_month, age_from_day`;

/** The epoch day number (days since 1970-01-01) of the local date that ends month `m`: the 1st of the next month. */
const endDay = (m: string): string => `CAST(julianday(${m} || '-01', '+1 month') - 2440587.5 AS INTEGER)`;

export const VIEWS: readonly View[] = [
  // AGE-1: open at the end of each month (OPEN-1), per class, municipality
  // and age in whole local days since creation: the local midnights from
  // creation up to the month end, i.e. the month end's day number minus
  // age_from_day. Buckets (0-7, 8-30, …) are the rules' choice: sum
  // age_days ranges.
  view(
    'v_open_age_by_month',
    `
    WITH counts AS MATERIALIZED (${OPEN_AGE_COUNTS('view')}
    )
    SELECT m.month, c.ticket_class, c.municipality, ${endDay('m.month')} - c.age_from_day AS age_days, sum(c.n) AS open
    FROM v_months m
    JOIN counts c ON c.created_month <= m.month AND (c.resolved_month IS NULL OR c.resolved_month > m.month)
    GROUP BY m.month, c.ticket_class, c.municipality, age_days
  `,
  ),
];
