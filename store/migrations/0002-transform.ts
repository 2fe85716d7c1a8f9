/**
 * The tables of the transform stage: one row of derived facts per ticket,
 * the findings that explain every repair and doubt, the priorities with
 * their SLA targets, a log of transform runs with the rules they used, and
 * a view that shows each ticket's loaded values beside its facts. The transform rebuilds the first two
 * wholesale from `stg_tickets`, so they carry no foreign keys (which would
 * also stop SQLite from emptying them in one step).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fct_tickets')
    .addColumn('ticket_number', 'integer', (c) => c.primaryKey())
    .addColumn('ticket_class', 'text', (c) => c.notNull().check(sql`ticket_class IN ('incident', 'request', 'other')`))
    .addColumn('status_class', 'text', (c) => c.notNull().check(sql`status_class IN ('open', 'resolved', 'closed')`))
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('report_category', 'text', (c) => c.notNull())
    .addColumn('municipality', 'text', (c) => c.notNull())
    .addColumn('municipality_source', 'text')
    .addColumn('former_municipality', 'text')
    .addColumn('security_alert_source', 'text')
    .addColumn('created_month', 'text', (c) => c.notNull())
    .addColumn('resolved', 'text')
    .addColumn('resolved_source', 'text')
    .addColumn('resolved_month', 'text')
    .addColumn('naive_resolved_month', 'text')
    .addColumn('resolution_hours', 'real')
    .addColumn('resolution_service_hours', 'real')
    .addColumn('is_old_case', 'integer')
    .addColumn('response_hours', 'real')
    .addColumn('response_service_hours', 'real')
    .addColumn('response_met', 'integer')
    .addColumn('resolution_met', 'integer')
    .addColumn('resolution_due', 'text')
    .execute();

  await db.schema
    .createTable('fct_findings')
    .addColumn('ticket_number', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fct_findings_pk', ['ticket_number', 'rule'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('fct_findings_by_rule').on('fct_findings').columns(['rule', 'ticket_number']).execute();

  await db.schema
    .createTable('dim_priorities')
    .addColumn('priority', 'text', (c) => c.primaryKey())
    .addColumn('calendar', 'text', (c) => c.notNull().check(sql`calendar IN ('service', '24x7')`))
    .addColumn('response_target_hours', 'real')
    .addColumn('resolution_target_hours', 'real')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transform_runs')
    .addColumn('run_id', 'integer', (c) => c.primaryKey())
    .addColumn('rules_file', 'text', (c) => c.notNull())
    .addColumn('rules_sha256', 'text', (c) => c.notNull())
    .addColumn('rules_text', 'text', (c) => c.notNull())
    .addColumn('last_load_id', 'integer')
    .addColumn('tickets', 'integer', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('psa_version', 'text', (c) => c.notNull())
    .execute();

  // For the analyst: what the export said beside what the transform made of it.
  await sql`
    CREATE VIEW v_tickets AS
    SELECT
      s.ticket_number,
      s.subject,
      s.ticket_type,
      f.ticket_class,
      s.status,
      f.status_class,
      f.counted,
      s.priority AS export_priority,
      f.priority,
      s.category1,
      s.category2,
      s.category3,
      f.report_category,
      s.company,
      s.department,
      f.municipality,
      f.municipality_source,
      f.former_municipality,
      f.security_alert_source,
      s.created,
      f.created_month,
      s.responded,
      s.resolved AS naive_resolved,
      s.closed,
      s.modified,
      f.resolved,
      f.resolved_source,
      f.resolved_month,
      f.naive_resolved_month,
      f.resolution_hours,
      f.resolution_service_hours,
      f.resolution_hours / 24.0 AS age_days_at_resolution,
      f.is_old_case,
      f.response_hours,
      f.response_service_hours,
      p.calendar AS sla_calendar,
      p.response_target_hours,
      p.resolution_target_hours,
      f.response_met,
      f.resolution_met,
      f.resolution_due,
      (SELECT group_concat(rule, ' ') FROM fct_findings x WHERE x.ticket_number = s.ticket_number) AS findings
    FROM stg_tickets s
    JOIN fct_tickets f ON f.ticket_number = s.ticket_number
    LEFT JOIN dim_priorities p ON p.priority = f.priority
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropView('v_tickets').execute();
  for (const table of ['transform_runs', 'dim_priorities', 'fct_findings', 'fct_tickets']) {
    await db.schema.dropTable(table).execute();
  }
}
