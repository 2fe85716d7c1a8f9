/**
 * Backlog health (AGE-1, REOPEN-1, RESP-1, RISK-1): the ticket's creation
 * instant and its reopen evidence in `fct_tickets`, and the covering indexes
 * the backlog's readers scan (the tickets open at some window month end,
 * those resolved in a window month, and the first-response times).
 *
 * The new columns are null in facts made before this migration until the
 * next `psa transform` rebuilds them.
 */
import { sql, type Kysely } from 'kysely';
import { FCT_TICKETS_BACKLOG, FCT_TICKETS_WITH_RESPONSE } from '../metric-indexes.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The creation instant (UTC text, TIME-1): AGE-1's age.
  await db.schema.alterTable('fct_tickets').addColumn('created', 'text').execute();
  // REOPEN-1: 1 reopened, 0 not, null when the export does not say.
  await db.schema.alterTable('fct_tickets').addColumn('reopened', 'integer').execute();
  await db.schema
    .createIndex(FCT_TICKETS_BACKLOG)
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'created_month', 'ticket_class', 'created', 'municipality', 'priority', 'report_category', 'reopened'])
    .execute();
  // RESP-1: first-response times by resolved month (SLA-3's tickets: a first response and a duration).
  await db.schema
    .createIndex(FCT_TICKETS_WITH_RESPONSE)
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'ticket_class', 'priority', 'response_hours', 'response_service_hours', 'resolution_hours'])
    .where((eb) => eb.and([eb(sql.ref('response_hours'), 'is not', null), eb(sql.ref('resolution_hours'), 'is not', null)]))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(FCT_TICKETS_WITH_RESPONSE).execute();
  await db.schema.dropIndex(FCT_TICKETS_BACKLOG).execute();
  await db.schema.alterTable('fct_tickets').dropColumn('reopened').execute();
  await db.schema.alterTable('fct_tickets').dropColumn('created').execute();
}
