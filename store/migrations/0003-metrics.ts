/**
 * What the metrics stage reads: covering indexes for its queries, and the
 * latest timestamp the transform saw (TIME-4's as-of instant comes from it).
 *
 * The indexes hold every column their query reads, so SQLite answers from
 * the index alone. An index on `created_month` alone would make the
 * month-end query look up each ticket's row, about six times slower than a
 * plain scan of the table.
 *
 * Then the analyst's views (`v_months`, `v_new_by_month`, …): the figures of
 * metrics.json per month, by METRICS.md's rules, rounded as the JSON rounds.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transform_runs').addColumn('data_until', 'text').execute();

  // NEW-1/2, OPEN-1/2/3/4: counts by created month against resolved months.
  await db.schema
    .createIndex('fct_tickets_by_created_month')
    .on('fct_tickets')
    .columns(['counted', 'created_month', 'ticket_class', 'municipality', 'resolved_month', 'naive_resolved_month', 'report_category', 'security_alert_source'])
    .execute();
  // DUR-2, SLA-2/3: the durations of the tickets resolved in a month.
  await db.schema
    .createIndex('fct_tickets_by_resolved_month')
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'ticket_class', 'priority', 'resolution_hours', 'resolution_service_hours', 'is_old_case', 'resolution_met', 'response_met'])
    .execute();
  // SLA-2 openBreached, SLA-4: the few tickets whose priority has a resolution target.
  await db.schema
    .createIndex('fct_tickets_with_resolution_target')
    .on('fct_tickets')
    .columns(['created_month', 'resolved_month', 'resolution_due', 'ticket_class', 'counted', 'priority'])
    .where(sql.ref('resolution_due'), 'is not', null)
    .execute();

  // ---- The analyst's views (VIEWS, below): metrics.json's figures month by month.
  for (const view of VIEWS) await view.sql.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const view of [...VIEWS].reverse()) await db.schema.dropView(view.name).execute();
  for (const index of ['fct_tickets_with_resolution_target', 'fct_tickets_by_resolved_month', 'fct_tickets_by_created_month']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('transform_runs').dropColumn('data_until').execute();
}

// ---------------------------------------------------------------------------
// Views for the analyst: the figures of metrics.json, month by month.
//
// Every month is a local Europe/Oslo month (TIME-3), as in fct_tickets. Only
// counted tickets (incident and request, not marked for deletion) are in
// them, except v_findings_by_month. Hours are rounded like the JSON,
// Math.round(x × 100) / 100, compliance like Math.round(x × 10000) / 10000;
// the rounding is exact (not SQLite's round(), which rounds halves away from
// zero in decimal).
//
// Nothing in them is a month × ticket join: tickets are first counted by
// their months, then those counts are laid on the months and summed up
// (running sums over the months), so a view costs one pass over an index
// plus work in the number of months.
// ---------------------------------------------------------------------------

/** JS `Math.round(x × 10^places) / 10^places` for a non-negative `x` (null stays null). */
function jsRound(x: string, places: number): string {
  const f = 10 ** places;
  const y = `(${x}) * ${f}`;
  return `((CAST(${y} AS INTEGER) + (${y} - CAST(${y} AS INTEGER) >= 0.5)) / ${f}.0)`;
}

/** The month after `YYYY-MM`. */
const nextMonth = (m: string): string => `strftime('%Y-%m', ${m} || '-01', '+1 month')`;

/**
 * start(M) as UTC text: local midnight on the 1st in Europe/Oslo. The 1st of
 * April…October is in summer time (UTC+2), of November…March in winter time
 * (UTC+1); no month starts on a day the clocks change, so this is exact.
 */
const monthStartUtc = (m: string): string =>
  `strftime('%Y-%m-%dT%H:%M:%SZ', ${m} || '-01', CASE WHEN substr(${m}, 6, 2) BETWEEN '04' AND '10' THEN '-2 hours' ELSE '-1 hours' END)`;

/** The local month of a UTC instant `YYYY-MM-DDTHH:MM:SSZ`: its UTC month, or the next one from that month's local end on. */
const localMonthOf = (instant: string): string =>
  `CASE WHEN ${instant} >= ${monthStartUtc(nextMonth(`substr(${instant}, 1, 7)`))} THEN ${nextMonth(`substr(${instant}, 1, 7)`)} ELSE substr(${instant}, 1, 7) END`;

/**
 * simple-statistics `quantile(values, p)` as of 7.12 (`quantileSorted`:
 * linear interpolation, R's type 7) over the window `grp`: `k` is a value's
 * 0-based rank in its group (row_number() − 1) and `n` the group's size.
 * index = (n − 1)·p; the value at floor(index) plus (index − floor(index))
 * times the step to the value at ceil(index), in the same floating-point
 * operations as the JavaScript.
 */
function quantile(value: string, k: string, p: number): string {
  const index = `((n - 1) * ${p})`;
  const lower = `CAST(${index} AS INTEGER)`;
  const below = `max(CASE WHEN ${k} = ${lower} THEN ${value} END) OVER grp`;
  const above = `max(CASE WHEN ${k} = ${lower} + (${index} > ${lower}) THEN ${value} END) OVER grp`;
  return `${below} + (${index} - ${lower}) * (${above} - ${below})`;
}

interface View {
  readonly name: string;
  readonly sql: RawBuilder<unknown>;
}

const view = (name: string, body: string): View => ({ name, sql: sql.raw(`CREATE VIEW ${name} AS ${body}`) });

const VIEWS: readonly View[] = [
  // TIME-3: every month from the first to the last month in which a counted
  // ticket was created or resolved, with its start and end instants
  // (end(M) = start(M+1)) as UTC text.
  view(
    'v_months',
    `
    WITH RECURSIVE
    bounds(first, last) AS MATERIALIZED (
      -- Each a search of one index end (min/max optimisation), not a scan.
      SELECT min(created_first, coalesce(resolved_first, created_first)), max(created_last, coalesce(resolved_last, created_last))
      FROM (
        SELECT
          (SELECT min(created_month) FROM fct_tickets WHERE counted = 1) AS created_first,
          (SELECT max(created_month) FROM fct_tickets WHERE counted = 1) AS created_last,
          (SELECT min(resolved_month) FROM fct_tickets WHERE counted = 1) AS resolved_first,
          (SELECT max(resolved_month) FROM fct_tickets WHERE counted = 1) AS resolved_last
      )
    ),
    months(month) AS (
      SELECT first FROM bounds WHERE first IS NOT NULL
      UNION ALL
      SELECT ${nextMonth('month')} FROM months, bounds WHERE month < last
    )
    SELECT month, ${monthStartUtc('month')} AS month_start, ${monthStartUtc(nextMonth('month'))} AS month_end
    FROM months
  `,
  ),

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

  // SLA-2, SLA-3: per month and priority of dim_priorities, over counted
  // incidents resolved in the month with a duration: met and breached against
  // the resolution target, compliance = met / (met + breached) (null when
  // both are 0); open_breached = counted incidents open at end(M) whose
  // resolution_due is before end(M); the response figures likewise from
  // response_met. Every month × every priority: a priority without a
  // resolution target has nulls in the resolution columns (met … open_breached),
  // one without a response target in the response columns, as in the JSON.
  view(
    'v_sla_by_month',
    `
    WITH
    resolved AS (
      SELECT resolved_month AS month, priority,
        sum(resolution_met = 1) AS met, sum(resolution_met = 0) AS breached,
        sum(response_met = 1) AS response_met, sum(response_met = 0) AS response_breached
      FROM fct_tickets
      WHERE counted = 1 AND resolved_month IS NOT NULL AND ticket_class = 'incident' AND resolution_hours IS NOT NULL
      GROUP BY resolved_month, priority
    ),
    due AS (
      SELECT priority, ${localMonthOf('resolution_due')} AS breached_from, resolved_month
      FROM fct_tickets
      -- +counted: read the few tickets with a target from their partial index, not all counted ones.
      WHERE resolution_due IS NOT NULL AND +counted = 1 AND ticket_class = 'incident'
    ),
    moves(priority, month, change) AS (
      SELECT priority, breached_from, 1 FROM due WHERE resolved_month IS NULL OR resolved_month > breached_from
      UNION ALL
      SELECT priority, resolved_month, -1 FROM due WHERE resolved_month > breached_from
    ),
    by_month AS (SELECT priority, month, sum(change) AS change FROM moves GROUP BY priority, month),
    counts AS (
      SELECT m.month, p.priority, p.resolution_target_hours, p.response_target_hours,
        coalesce(r.met, 0) AS met, coalesce(r.breached, 0) AS breached,
        coalesce(r.response_met, 0) AS response_met, coalesce(r.response_breached, 0) AS response_breached,
        sum(coalesce(b.change, 0)) OVER (PARTITION BY p.priority ORDER BY m.month ROWS UNBOUNDED PRECEDING) AS open_breached
      FROM v_months m
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
  `,
  ),

  // DUR-2: per resolved month, class and priority, over counted tickets with
  // a duration: n, mean, median, 90th percentile in calendar and service
  // hours (simple-statistics mean and quantile), the old cases (older than
  // the rules' oldCaseDays when resolved) and the mean without them (null
  // when all are old). Only groups with n > 0.
  view(
    'v_resolution_by_month',
    `
    WITH
    ranked AS (
      SELECT resolved_month AS month, ticket_class, priority, is_old_case,
        resolution_hours AS hours, resolution_service_hours AS service_hours,
        row_number() OVER (PARTITION BY resolved_month, ticket_class, priority ORDER BY resolution_hours) - 1 AS k_hours,
        row_number() OVER (PARTITION BY resolved_month, ticket_class, priority ORDER BY resolution_service_hours) - 1 AS k_service,
        count(*) OVER (PARTITION BY resolved_month, ticket_class, priority) AS n
      FROM fct_tickets
      -- A ticket without a priority has no place in a table by priority (as in metrics.json).
      WHERE counted = 1 AND resolved_month IS NOT NULL AND resolution_hours IS NOT NULL AND priority IS NOT NULL
    ),
    -- Window aggregates over the whole group and DISTINCT rather than GROUP BY:
    -- a query for one month then reads only that month's tickets (SQLite
    -- pushes the month down through windows partitioned by it, not through
    -- GROUP BY).
    figures AS (
      SELECT DISTINCT month, ticket_class, priority, n,
        avg(hours) OVER grp AS mean_hours,
        ${quantile('hours', 'k_hours', 0.5)} AS median_hours,
        ${quantile('hours', 'k_hours', 0.9)} AS p90_hours,
        avg(service_hours) OVER grp AS mean_service_hours,
        ${quantile('service_hours', 'k_service', 0.5)} AS median_service_hours,
        ${quantile('service_hours', 'k_service', 0.9)} AS p90_service_hours,
        sum(is_old_case = 1) OVER grp AS n_old,
        avg(CASE WHEN is_old_case = 0 THEN hours END) OVER grp AS mean_hours_excluding_old
      FROM ranked
      WINDOW grp AS (PARTITION BY month, ticket_class, priority)
    )
    SELECT month, ticket_class, priority, n,
      ${jsRound('mean_hours', 2)} AS mean_hours,
      ${jsRound('median_hours', 2)} AS median_hours,
      ${jsRound('p90_hours', 2)} AS p90_hours,
      ${jsRound('mean_service_hours', 2)} AS mean_service_hours,
      ${jsRound('median_service_hours', 2)} AS median_service_hours,
      ${jsRound('p90_service_hours', 2)} AS p90_service_hours,
      n_old,
      ${jsRound('mean_hours_excluding_old', 2)} AS mean_hours_excluding_old
    FROM figures
  `,
  ),

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
