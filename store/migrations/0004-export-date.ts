/**
 * Each load's export date (core/export-date.ts): the latest instant the
 * export's timestamps can describe, and where it came from. The transform
 * flags timestamps beyond it (FUTURE_TIMESTAMP) and leaves them out of the
 * as-of instant (TIME-4).
 *
 * Loads made before this migration get theirs from their file name, else
 * the moment they were loaded (their files' modification times are not
 * known any more).
 */
import type { Kysely } from 'kysely';
import { exportDateOf } from '../../core/export-date.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('raw_loads').addColumn('export_date', 'text').execute();
  await db.schema.alterTable('raw_loads').addColumn('export_date_source', 'text').execute();
  const loads = db as unknown as Kysely<{ raw_loads: { load_id: number; file_name: string; time_zone: string; started_at: string; export_date: string | null; export_date_source: string | null } }>;
  const rows = await loads.selectFrom('raw_loads').select(['load_id', 'file_name', 'time_zone', 'started_at']).execute();
  for (const row of rows) {
    const loadedMs = Date.parse(row.started_at);
    const date = exportDateOf(row.file_name, loadedMs, loadedMs, row.time_zone);
    // The load time stood in for the unknown modification time: say so.
    const source = date.source === 'modified-time' ? 'load-time' : date.source;
    await loads.updateTable('raw_loads').set({ export_date: date.instant, export_date_source: source }).where('load_id', '=', row.load_id).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('raw_loads').dropColumn('export_date_source').execute();
  await db.schema.alterTable('raw_loads').dropColumn('export_date').execute();
}
