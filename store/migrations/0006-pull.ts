/**
 * The tables of `psa pull`: one row per pull from the Pureservice API, and
 * the watermark each API base URL has reached. A pull's tickets go to the
 * same raw and staging tables as an export; its load-log row says
 * `source = 'api'`.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Where a load came from: `file` (an export) or `api` (a pull).
  await db.schema.alterTable('raw_loads').addColumn('source', 'text', (c) => c.notNull().defaultTo('file')).execute();

  await db.schema
    .createTable('pull_runs')
    .addColumn('run_id', 'integer', (c) => c.primaryKey())
    .addColumn('base_url', 'text', (c) => c.notNull())
    /** `running`, `done`, `failed`, or `interrupted` (a run found `running` whose process is gone). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    /** The `modified` instant the pull started from (watermark − overlap, or --since), null for a full pull. */
    .addColumn('from_modified', 'text')
    .addColumn('since', 'text')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tickets_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('load_id', 'integer')
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('psa_version', 'text', (c) => c.notNull())
    .addCheckConstraint('pull_runs_status', sql`status IN ('running', 'done', 'failed', 'interrupted')`)
    .execute();

  await db.schema
    .createTable('pull_watermarks')
    .addColumn('base_url', 'text', (c) => c.primaryKey())
    /** `modified` of the last ticket applied, as the API wrote it (full precision). */
    .addColumn('modified', 'text', (c) => c.notNull())
    /** Its ticket id: paging is ordered by modified, then id. */
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pull_watermarks').execute();
  await db.schema.dropTable('pull_runs').execute();
  await db.schema.alterTable('raw_loads').dropColumn('source').execute();
}
