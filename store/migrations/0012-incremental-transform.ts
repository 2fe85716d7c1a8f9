/**
 * The incremental transform (issue 19's monthly refresh): what `psa
 * transform` needs to know to recompute only what changed since the last
 * transform.
 *
 * - `transform_pending`: the tickets whose `stg_tickets` row was inserted,
 *   updated or deleted since the last transform. Triggers on `stg_tickets`
 *   fill it in the writer's own transaction, whoever the writer is (an
 *   export's load, a pull's page, an analyst's UPDATE), so it is exact: a
 *   watermark on `load_id` would miss the later pages of a pull that commits
 *   page by page under one load. The triggers are not this migration's: the
 *   first transform that leaves its state (below) creates them
 *   (transform/incremental.ts `writeState`), so the first load of a new
 *   database, a million rows perhaps, runs no trigger at all, and its first
 *   transform is a full one anyway. Every transform empties the table in its
 *   own transaction.
 * - `transform_state`: one row, the state the current `fct_*` tables were
 *   made in: the run, the rules' SHA-256, the transform's logic (psa's
 *   version and the columns it writes, see transform/incremental.ts), the
 *   latest load it saw, a digest of every load and its row count (a pull
 *   adds rows to its load page by page, and which tickets an export holds
 *   decides STATUS-3), and its whole-database counts (the summary of an
 *   incremental run adds the changed tickets' difference to them).
 *   Databases transformed before this migration have none, so their next
 *   transform is a full one.
 * - `transform_runs.mode` (`full` or `incremental`; null for runs before
 *   this migration) and `transform_runs.tickets_transformed` (the tickets
 *   the run classified: all of them in a full run).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transform_state')
    .addColumn('state_id', 'integer', (c) => c.primaryKey().check(sql`state_id = 1`))
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('rules_sha256', 'text', (c) => c.notNull())
    .addColumn('logic', 'text', (c) => c.notNull())
    .addColumn('last_load_id', 'integer')
    .addColumn('loads', 'text', (c) => c.notNull())
    .addColumn('tally', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('transform_pending').addColumn('ticket_number', 'integer', (c) => c.primaryKey()).execute();
  await db.schema.alterTable('transform_runs').addColumn('mode', 'text').execute();
  await db.schema.alterTable('transform_runs').addColumn('tickets_transformed', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transform_runs').dropColumn('tickets_transformed').execute();
  await db.schema.alterTable('transform_runs').dropColumn('mode').execute();
  for (const name of ['renumber', 'delete', 'update', 'insert']) await sql.raw(`DROP TRIGGER IF EXISTS stg_tickets_pending_${name}`).execute(db);
  await db.schema.dropTable('transform_pending').execute();
  await db.schema.dropTable('transform_state').execute();
}
