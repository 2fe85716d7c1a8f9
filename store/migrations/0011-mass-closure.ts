/**
 * QUALITY-1 (MASS_CLOSURE): the export's closed instant (`Lukket`) in
 * `fct_tickets`, so that the metrics find tickets closed in one burst from
 * the facts alone (they read no staging table).
 *
 * Facts made before it get `closed` from `stg_tickets`, as the transform
 * copies it (transform/classify.ts). No index: the mass-closure reader
 * reads the resolved tickets once (metrics/data-quality/read.ts).
 *
 * 0010 is left to the migration of another branch; 0011 does not depend on it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('fct_tickets').addColumn('closed', 'text').execute();
  await sql`
    UPDATE fct_tickets SET closed = (SELECT s.closed FROM stg_tickets s WHERE s.ticket_number = fct_tickets.ticket_number)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('fct_tickets').dropColumn('closed').execute();
}
