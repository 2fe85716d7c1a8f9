/**
 * AGE-1 from the covering indexes alone: each fact gets `age_from_day`, the
 * local day of the first local midnight at or after its creation, so the
 * metrics count open cases by age in SQL instead of parsing every open
 * ticket's creation instant. With it the backlog's own index goes: AGE-1
 * reads `fct_tickets_by_created_month` (which gains `age_from_day`),
 * REOPEN-1 and RESP-1 read `fct_tickets_by_resolved_month` (which gains the
 * response hours and `reopened`). Two fewer indexes for every transform to
 * build.
 *
 * Facts already there get `age_from_day` from their `created` instant in
 * the time zone of the rules of the transform that made them, as the
 * transform computes it (core/service-calendar.ts `firstMidnightDay`).
 *
 * Released migrations keep their literal SQL: the index columns are
 * written out here, not taken from store/metric-indexes.ts.
 */
import { sql, type Kysely } from 'kysely';
import { parse } from 'yaml';
import { ServiceCalendar, WEEKDAYS, type Weekday } from '../../core/service-calendar.ts';
import { isValidZone } from '../../core/timestamps.ts';

const BY_CREATED_MONTH = ['counted', 'created_month', 'ticket_class', 'municipality', 'resolved_month', 'naive_resolved_month', 'report_category', 'security_alert_source'];
const BY_RESOLVED_MONTH = ['counted', 'resolved_month', 'ticket_class', 'priority', 'resolution_hours', 'resolution_service_hours', 'is_old_case', 'resolution_met', 'response_met'];

/** The time zone of the rules the last transform ran with (transform/rules.ts: `serviceHours.timeZone`; an invalid one was read as UTC). */
function lastRulesZone(rulesText: string | undefined): string {
  if (rulesText === undefined) return 'UTC';
  let zone: unknown;
  try {
    zone = (parse(rulesText) as { serviceHours?: { timeZone?: unknown } } | null)?.serviceHours?.timeZone;
  } catch {
    return 'UTC';
  }
  return typeof zone === 'string' && isValidZone(zone) ? zone : 'UTC';
}

async function rebuildIndex(db: Kysely<unknown>, name: string, columns: readonly string[]): Promise<void> {
  await db.schema.dropIndex(name).ifExists().execute();
  await db.schema.createIndex(name).on('fct_tickets').columns([...columns]).execute();
}

/** The analyst views that read the indexes this migration drops: metrics/views.ts creates them again, as this psa defines them, when the database is opened. */
const VIEWS_ON_DROPPED_INDEXES = ['v_open_age_by_month', 'v_reopened_by_month', 'v_response_by_month'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // A view naming a missing index (INDEXED BY) fails every later ALTER TABLE.
  for (const v of VIEWS_ON_DROPPED_INDEXES) await db.schema.dropView(v).ifExists().execute();
  await db.schema.alterTable('fct_tickets').addColumn('age_from_day', 'integer').execute();

  const run = await sql<{ rules_text: string }>`SELECT rules_text FROM transform_runs ORDER BY run_id DESC LIMIT 1`.execute(db);
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Record<Weekday, [number, number][]>;
  const calendar = new ServiceCalendar({ timeZone: lastRulesZone(run.rows[0]?.rules_text), week, holidays: [], closedDates: [] });
  const facts = await sql<{ ticket_number: number; created: string }>`SELECT ticket_number, created FROM fct_tickets WHERE created <> ''`.execute(db);
  // One statement per batch of facts, through a JSON array: [[ticket, day], …].
  const BATCH = 10_000;
  for (let i = 0; i < facts.rows.length; i += BATCH) {
    const pairs = facts.rows.slice(i, i + BATCH).map((f) => [f.ticket_number, calendar.firstMidnightDay(Date.parse(f.created))]);
    await sql`
      UPDATE fct_tickets SET age_from_day = d.day
      FROM (SELECT value ->> 0 AS ticket_number, value ->> 1 AS day FROM json_each(${JSON.stringify(pairs)})) d
      WHERE fct_tickets.ticket_number = d.ticket_number
    `.execute(db);
  }

  await db.schema.dropIndex('fct_tickets_backlog').ifExists().execute();
  await db.schema.dropIndex('fct_tickets_with_response').ifExists().execute();
  // AGE-1 (open cases by age at each month end) beside NEW-1/2 and OPEN-1..4.
  await rebuildIndex(db, 'fct_tickets_by_created_month', [...BY_CREATED_MONTH, 'age_from_day']);
  // REOPEN-1 and RESP-1 beside DUR-2 and SLA-2/3.
  await rebuildIndex(db, 'fct_tickets_by_resolved_month', [...BY_RESOLVED_MONTH, 'response_hours', 'response_service_hours', 'reopened']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const v of VIEWS_ON_DROPPED_INDEXES) await db.schema.dropView(v).ifExists().execute();
  await rebuildIndex(db, 'fct_tickets_by_resolved_month', BY_RESOLVED_MONTH);
  await rebuildIndex(db, 'fct_tickets_by_created_month', BY_CREATED_MONTH);
  await db.schema
    .createIndex('fct_tickets_backlog')
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'created_month', 'ticket_class', 'created', 'municipality', 'priority', 'report_category', 'reopened'])
    .execute();
  await db.schema
    .createIndex('fct_tickets_with_response')
    .on('fct_tickets')
    .columns(['counted', 'resolved_month', 'ticket_class', 'priority', 'response_hours', 'response_service_hours', 'resolution_hours'])
    .where((eb) => eb.and([eb(sql.ref('response_hours'), 'is not', null), eb(sql.ref('resolution_hours'), 'is not', null)]))
    .execute();
  await db.schema.alterTable('fct_tickets').dropColumn('age_from_day').execute();
}
