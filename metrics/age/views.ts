/** The analyst's view of AGE-1: the open cases at each month end by their age in whole local days. */
import { FCT_TICKETS_BACKLOG } from '../../store/metric-indexes.ts';
import { type View, view } from '../view-sql.ts';

/**
 * The local (Europe/Oslo) date and time of a UTC instant `YYYY-MM-DDTHH:MM:SSZ`:
 * summer time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC
 * on the last Sunday of October, else UTC+1.
 */
const osloLocal = (instant: string): string =>
  `datetime(${instant}, CASE WHEN ${instant} >= date(substr(${instant}, 1, 4) || '-03-25', 'weekday 0') || 'T01:00:00Z'
    AND ${instant} < date(substr(${instant}, 1, 4) || '-10-25', 'weekday 0') || 'T01:00:00Z' THEN '+2 hours' ELSE '+1 hours' END)`;

export const VIEWS: readonly View[] = [
  // AGE-1: open at the end of each month (OPEN-1), per class, municipality
  // and age in whole local days since creation: the local midnights from
  // creation up to the month end. A ticket's first midnight is the local
  // date of its creation when it was created at 00:00, else the next date;
  // its age at a month end is the days from that date to the month's end.
  // Tickets are counted by their months and that date first, then laid on
  // the months they are open at. Buckets (0-7, 8-30, …) are the rules'
  // choice: sum age_days ranges.
  view(
    'v_open_age_by_month',
    `
    WITH
    local AS (
      SELECT ticket_class, municipality, created_month, resolved_month, ${osloLocal('created')} AS created_local
      FROM fct_tickets INDEXED BY ${FCT_TICKETS_BACKLOG}
      WHERE counted = 1 AND created IS NOT NULL
    ),
    counts AS MATERIALIZED (
      SELECT ticket_class, municipality, created_month, resolved_month,
        CASE WHEN substr(created_local, 12) = '00:00:00' THEN date(created_local) ELSE date(created_local, '+1 day') END AS first_midnight,
        count(*) AS n
      FROM local
      GROUP BY ticket_class, municipality, created_month, resolved_month, first_midnight
    )
    SELECT m.month, c.ticket_class, c.municipality,
      CAST(julianday(date(m.month || '-01', '+1 month')) - julianday(c.first_midnight) AS INTEGER) AS age_days,
      sum(c.n) AS open
    FROM v_months m
    JOIN counts c ON c.created_month <= m.month AND (c.resolved_month IS NULL OR c.resolved_month > m.month)
    GROUP BY m.month, c.ticket_class, c.municipality, age_days
  `,
  ),
];
