/**
 * What the metrics stage reads: covering indexes for its queries, and the
 * latest timestamp the transform saw (TIME-4's as-of instant comes from it).
 *
 * The indexes hold every column their query reads, so SQLite answers from
 * the index alone. An index on `created_month` alone would make the
 * month-end query look up each ticket's row, about six times slower than a
 * plain scan of the table.
 *
 * The analyst's views (`v_months`, `v_new_by_month`, …) are no migration's:
 * metrics/views.ts creates or replaces them when the database is opened.
 * This migration created them in databases made before that; `down` drops
 * them if they are there.
 */
import { sql, type Kysely } from 'kysely';
import { FCT_TICKETS_BY_CREATED_MONTH, FCT_TICKETS_BY_RESOLVED_MONTH, FCT_TICKETS_WITH_RESOLUTION_TARGET } from '../metric-indexes.ts';

/** The views this migration created in databases made before the views moved to metrics/views.ts. */
const FORMER_VIEWS = [
  'v_months',
  'v_new_by_month',
  'v_open_month_end',
  'v_resolved_by_month',
  'v_open_balance',
  'v_sla_by_month',
  'v_resolution_by_month',
  'v_findings_by_month',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transform_runs').addColumn('data_until', 'text').execute();

  // NEW-1/2, OPEN-1/2/3/4: counts by created month against resolved months.
  await db.schema
    .createIndex(FCT_TICKETS_BY_CREATED_MONTH)
    .on('fct_tickets')
    .columns(['counted', 'created_month', 'ticket_class', 'municipality', 'resolved_month', 'naive_resolved_month', 'report_category', 'security_alert_source'])
    .execute();
  // DUR-2, SLA-2/3: the durations of the tickets resolved in a month.
  await db.schema
    .createIndex(FCT_TICKETS_BY_RESOLVED_MONTH)
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'ticket_class', 'priority', 'resolution_hours', 'resolution_service_hours', 'is_old_case', 'resolution_met', 'response_met'])
    .execute();
  // SLA-2 openBreached, SLA-4: the few tickets whose priority has a resolution target.
  await db.schema
    .createIndex(FCT_TICKETS_WITH_RESOLUTION_TARGET)
    .on('fct_tickets')
    .columns(['created_month', 'resolved_month', 'resolution_due', 'ticket_class', 'counted', 'priority'])
    .where(sql.ref('resolution_due'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const view of [...FORMER_VIEWS].reverse()) await db.schema.dropView(view).ifExists().execute();
  for (const index of [FCT_TICKETS_WITH_RESOLUTION_TARGET, FCT_TICKETS_BY_RESOLVED_MONTH, FCT_TICKETS_BY_CREATED_MONTH]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('transform_runs').dropColumn('data_until').execute();
}
