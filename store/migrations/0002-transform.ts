/**
 * The tables of the transform stage: one row of derived facts per ticket,
 * the findings that explain every repair and doubt, and a log of transform
 * runs with the rules they used. The transform rebuilds the first two
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
    .addColumn('is_security_alert', 'integer', (c) => c.notNull())
    .addColumn('security_alert_source', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('created_month', 'text', (c) => c.notNull())
    .addColumn('resolved', 'text')
    .addColumn('resolved_source', 'text')
    .addColumn('resolved_month', 'text')
    .addColumn('naive_resolved', 'text')
    .addColumn('naive_resolved_month', 'text')
    .addColumn('resolution_hours', 'real')
    .addColumn('resolution_service_hours', 'real')
    .addColumn('age_days_at_resolution', 'real')
    .addColumn('is_old_case', 'integer')
    .addColumn('response_hours', 'real')
    .addColumn('response_service_hours', 'real')
    .addColumn('sla_calendar', 'text')
    .addColumn('response_target_hours', 'real')
    .addColumn('resolution_target_hours', 'real')
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['transform_runs', 'fct_findings', 'fct_tickets']) {
    await db.schema.dropTable(table).execute();
  }
}
