/**
 * The ticket's exact created instant and the export's status text in
 * `fct_tickets` (SLA-4's lists show them), so that the metrics read no
 * staging table. Facts already there get them from `stg_tickets`, which
 * they were derived from; every transform writes them from then on.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds a NOT NULL column only with a default; every row gets its value below.
  await db.schema.alterTable('fct_tickets').addColumn('created', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('fct_tickets').addColumn('status', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`
    UPDATE fct_tickets SET (created, status) = (SELECT s.created, s.status FROM stg_tickets s WHERE s.ticket_number = fct_tickets.ticket_number)
    WHERE EXISTS (SELECT 1 FROM stg_tickets s WHERE s.ticket_number = fct_tickets.ticket_number)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('fct_tickets').dropColumn('status').execute();
  await db.schema.alterTable('fct_tickets').dropColumn('created').execute();
}
