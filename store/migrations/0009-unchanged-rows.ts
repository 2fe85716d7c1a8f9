/**
 * Rows loaded again unchanged (the monthly refresh: next month's export is
 * the whole list again, and most of its rows are the same text as the row a
 * ticket's stored values came from). Such a row is not written again: the
 * loader records runs of them in `raw_same_rows`, each "lines first_line to
 * last_line of this load are, in order, the same text as lines
 * source_first_line onwards of load source_load_id". The stored rows move
 * to `raw_rows_stored`, with the hash of their text (ingest/row-hash.ts),
 * and `raw_rows` becomes a view of both: still one row per loaded line of
 * every load, with its text as received, so provenance and the counts
 * (raw_rows of a load = its rows_loaded) stay as they were.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE raw_rows RENAME TO raw_rows_stored`.execute(db);
  // Null for rows loaded before this migration: they are never taken as the same text.
  await db.schema.alterTable('raw_rows_stored').addColumn('raw_hash', 'integer').execute();
  await db.schema
    .createTable('raw_same_rows')
    .addColumn('load_id', 'integer', (c) => c.notNull())
    .addColumn('first_line', 'integer', (c) => c.notNull())
    .addColumn('last_line', 'integer', (c) => c.notNull())
    .addColumn('source_load_id', 'integer', (c) => c.notNull())
    .addColumn('source_first_line', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('raw_same_rows_pk', ['load_id', 'first_line'])
    .addForeignKeyConstraint('raw_same_rows_load', ['load_id'], 'raw_loads', ['load_id'], (fk) => fk.deferrable().initiallyDeferred())
    .addCheckConstraint('raw_same_rows_run', sql`last_line >= first_line AND source_load_id < load_id`)
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  // A run's source lines are stored rows of one earlier load, so each run is one range of raw_rows_stored's primary key.
  await sql`CREATE VIEW raw_rows AS
    SELECT load_id, line, ticket_number, raw_text FROM raw_rows_stored
    UNION ALL
    SELECT g.load_id, g.first_line + (r.line - g.source_first_line) AS line, r.ticket_number, r.raw_text
    FROM raw_same_rows g
    JOIN raw_rows_stored r ON r.load_id = g.source_load_id AND r.line BETWEEN g.source_first_line AND g.source_first_line + (g.last_line - g.first_line)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW raw_rows`.execute(db);
  await sql`INSERT INTO raw_rows_stored (load_id, line, ticket_number, raw_text)
    SELECT g.load_id, g.first_line + (r.line - g.source_first_line), r.ticket_number, r.raw_text
    FROM raw_same_rows g JOIN raw_rows_stored r ON r.load_id = g.source_load_id AND r.line BETWEEN g.source_first_line AND g.source_first_line + (g.last_line - g.first_line)`.execute(db);
  await db.schema.dropTable('raw_same_rows').execute();
  await db.schema.alterTable('raw_rows_stored').dropColumn('raw_hash').execute();
  await sql`ALTER TABLE raw_rows_stored RENAME TO raw_rows`.execute(db);
}
