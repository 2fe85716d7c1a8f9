/**
 * Backlog health (AGE-1, REOPEN-1, RESP-1, RISK-1): the ticket's reopen
 * evidence in `fct_tickets`, and the covering indexes the backlog's readers
 * scan (the tickets open at some window month end with their creation
 * instants from migration 0007, those resolved in a window month, and the
 * first-response times).
 *
 * Facts made before it get `reopened` from `stg_tickets`, as the transform
 * derives it.
 */
import { sql, type Kysely } from 'kysely';

// Released migrations keep their literal SQL (migration 0010 drops both indexes).
const FCT_TICKETS_BACKLOG = 'fct_tickets_backlog';
const FCT_TICKETS_WITH_RESPONSE = 'fct_tickets_with_response';

export async function up(db: Kysely<unknown>): Promise<void> {
  // REOPEN-1: 1 reopened, 0 not, null when the export does not say.
  await db.schema.alterTable('fct_tickets').addColumn('reopened', 'integer').execute();
  // Facts already there get it from stg_tickets, as the transform derives it (transform/classify.ts).
  await sql`
    UPDATE fct_tickets SET reopened = (
      SELECT CASE WHEN s.reopened_count > 0 OR (fct_tickets.status_class = 'open' AND s.resolved IS NOT NULL) THEN 1 WHEN s.reopened_count IS NULL THEN NULL ELSE 0 END
      FROM stg_tickets s WHERE s.ticket_number = fct_tickets.ticket_number
    )
  `.execute(db);
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
}
