/**
 * Which tickets each export holds, as ranges of ticket numbers (issue 19's
 * monthly refresh). STATUS-3 (transform/missing-from-export.ts) asks of
 * every load which tickets it holds; answering from `raw_rows` means
 * gathering a million ticket numbers from the stored rows and the runs of
 * unchanged rows, about 0.6 s per transform of a million tickets, although
 * the answer of the usual monthly export is "every one". The loader now
 * records the answer once: `raw_load_tickets` has one row per run of
 * consecutive ticket numbers the load's loaded rows hold (a full export of
 * tickets 1 to 1,000,000 is one row), and with it "does this load hold
 * every current ticket?" is a range count.
 *
 * A load made before this migration, or by `psa pull` (whose pages add
 * tickets to one load over several transactions), has no rows here:
 * STATUS-3 reads its rows as before. Every load that loaded a row and has
 * rows here has all of them (the loader writes them with the load's log row,
 * in its transaction).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('raw_load_tickets')
    .addColumn('load_id', 'integer', (c) => c.notNull())
    .addColumn('first_ticket', 'integer', (c) => c.notNull())
    .addColumn('last_ticket', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('raw_load_tickets_pk', ['load_id', 'first_ticket'])
    .addForeignKeyConstraint('raw_load_tickets_load', ['load_id'], 'raw_loads', ['load_id'], (fk) => fk.deferrable().initiallyDeferred())
    .addCheckConstraint('raw_load_tickets_range', sql`last_ticket >= first_ticket`)
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('raw_load_tickets').execute();
}
