/**
 * Backlog health (AGE-1, REOPEN-1, RESP-1, RISK-1, MASS_CLOSURE): the
 * ticket's creation instant and its reopen evidence in `fct_tickets`, and
 * the covering index the backlog's readers scan (the tickets open at some
 * window month end, and those resolved in a window month).
 *
 * The new columns are null in facts made before this migration until the
 * next `psa transform` rebuilds them.
 */
import type { Kysely } from 'kysely';
import { FCT_TICKETS_BACKLOG } from '../metric-indexes.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The creation instant (UTC text, TIME-1): AGE-1's age, MASS_CLOSURE's window.
  await db.schema.alterTable('fct_tickets').addColumn('created', 'text').execute();
  // REOPEN-1: 1 reopened, 0 not, null when the export does not say.
  await db.schema.alterTable('fct_tickets').addColumn('reopened', 'integer').execute();
  await db.schema
    .createIndex(FCT_TICKETS_BACKLOG)
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'created_month', 'ticket_class', 'created', 'municipality', 'priority', 'report_category', 'reopened'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(FCT_TICKETS_BACKLOG).execute();
  await db.schema.alterTable('fct_tickets').dropColumn('reopened').execute();
  await db.schema.alterTable('fct_tickets').dropColumn('created').execute();
}
