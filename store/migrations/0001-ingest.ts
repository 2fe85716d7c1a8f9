/** The tables of the ingest stage: load log, raw rows, rejects, current tickets. */
import { sql, type ForeignKeyConstraintBuilder, type Kysely } from 'kysely';

/** A load's rows are written before its log row; the check waits for the commit. */
const deferred = (fk: ForeignKeyConstraintBuilder) => fk.deferrable().initiallyDeferred();

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('raw_loads')
    .addColumn('load_id', 'integer', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('delimiter', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('column_map', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_loaded', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('tickets_inserted', 'integer', (c) => c.notNull())
    .addColumn('tickets_updated', 'integer', (c) => c.notNull())
    .addColumn('tickets_unchanged', 'integer', (c) => c.notNull())
    .addColumn('blank_lines', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('psa_version', 'text', (c) => c.notNull())
    .addCheckConstraint('raw_loads_rows_add_up', sql`rows_read = rows_loaded + rows_rejected`)
    .addCheckConstraint(
      'raw_loads_tickets_add_up',
      sql`rows_loaded = tickets_inserted + tickets_updated + tickets_unchanged`,
    )
    .execute();

  await db.schema
    .createTable('raw_rows')
    .addColumn('load_id', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('ticket_number', 'integer', (c) => c.notNull())
    .addColumn('raw_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('raw_rows_pk', ['load_id', 'line'])
    .addForeignKeyConstraint('raw_rows_load', ['load_id'], 'raw_loads', ['load_id'], deferred)
    .execute();

  await db.schema
    .createTable('raw_rejects')
    .addColumn('load_id', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('line_span', 'integer', (c) => c.notNull())
    .addColumn('column_number', 'integer')
    .addColumn('column_name', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw_text', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('raw_rejects_load', ['load_id'], 'raw_loads', ['load_id'], deferred)
    .execute();
  // Not unique: a line too long to read is set aside in several pieces.
  await db.schema.createIndex('raw_rejects_by_line').on('raw_rejects').columns(['load_id', 'line']).execute();

  await db.schema
    .createTable('stg_tickets')
    .addColumn('ticket_number', 'integer', (c) => c.primaryKey())
    .addColumn('subject', 'text')
    .addColumn('ticket_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('core_status', 'integer')
    .addColumn('priority', 'text')
    .addColumn('category1', 'text')
    .addColumn('category2', 'text')
    .addColumn('category3', 'text')
    .addColumn('source', 'text')
    .addColumn('requester', 'text')
    .addColumn('requester_email', 'text')
    .addColumn('company', 'text')
    .addColumn('department', 'text')
    .addColumn('assigned_department', 'text')
    .addColumn('assigned_team', 'text')
    .addColumn('assigned_agent', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('modified', 'text')
    .addColumn('responded', 'text')
    .addColumn('resolved', 'text')
    .addColumn('closed', 'text')
    .addColumn('reopened_count', 'integer')
    .addColumn('marked_for_deletion', 'integer')
    .addColumn('load_id', 'integer', (c) => c.notNull())
    .addColumn('source_line', 'integer', (c) => c.notNull())
    .addForeignKeyConstraint('stg_tickets_load', ['load_id'], 'raw_loads', ['load_id'], deferred)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['stg_tickets', 'raw_rejects', 'raw_rows', 'raw_loads']) {
    await db.schema.dropTable(table).execute();
  }
}
