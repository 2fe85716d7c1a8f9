/**
 * SLA-1..4: the figures per month and priority (v_sla_by_month's SQL), and
 * the report month's lists of incidents (criticalAndHigh, slaBreaches),
 * read through the partial index of the tickets with a resolution target
 * from the facts alone; their subjects, with --include-subjects, from the
 * transform's ticketSubjects for the listed tickets only.
 */
import { FCT_TICKETS_WITH_RESOLUTION_TARGET } from '../../store/metric-indexes.ts';
import { ticketSubjects } from '../../transform/index.ts';
import type { CriticalOrHigh, SlaBreach, SlaFigures } from '../document.ts';
import { round2 } from '../figures.ts';
import { windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { SLA_BY_MONTH } from './views.ts';

/** SLA-1..3 per window month: v_sla_by_month's rows for the window, every configured priority (nulls where it has no target). */
export function slaByMonth(context: Context): Record<string, SlaFigures>[] {
  const { store, window, index } = context;
  const months = window.map((): Record<string, SlaFigures> => ({}));
  type Nullable = number | null;
  const rows = store.sqlite
    .prepare<[WindowParams], [string, string, Nullable, Nullable, Nullable, Nullable, Nullable, Nullable, Nullable]>(SLA_BY_MONTH.select('window'))
    .raw(true);
  for (const [month, priority, met, breached, compliance, openBreached, responseMet, responseBreached, responseCompliance] of rows.iterate(windowParams(context))) {
    months[index.get(month)!]![priority] = { met, breached, compliance, openBreached, responseMet, responseBreached, responseCompliance };
  }
  return months;
}

/** SLA-4: the incidents created in the report month whose priority has a resolution target. */
export function criticalAndHigh({ store, clock }: Context, reportMonth: string, includeSubjects: boolean): CriticalOrHigh[] {
  const rows = store.sqlite
    .prepare<[string], [number, string, string, string, string, string | null, number | null, number | null, number | null]>(
      `SELECT ticket_number, created, priority, municipality, status, resolved, resolution_hours, resolution_service_hours, resolution_met
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET}
       WHERE resolution_due IS NOT NULL AND created_month = ? AND ticket_class = 'incident' AND counted = 1
       ORDER BY created, ticket_number`,
    )
    .raw(true)
    .all(reportMonth);
  const subjects = subjectsOf(store, includeSubjects, rows);
  return rows.map(([ticketNumber, created, priority, municipality, status, resolved, hours, serviceHours, met]) => ({
    ticketNumber,
    created,
    date: clock.date(Date.parse(created)),
    priority,
    municipality,
    subject: subjects.get(ticketNumber) ?? null,
    status,
    resolved,
    resolutionHours: hours === null ? null : round2(hours),
    resolutionServiceHours: serviceHours === null ? null : round2(serviceHours),
    met: met === null ? null : met === 1,
  }));
}

/**
 * The tickets behind SLA-2's figures of the report month: incidents resolved
 * in it past their target (`breached`), and those open at its end and past
 * their target then (`openBreached`). Per priority, the list has exactly as
 * many of each as the figures count.
 */
export function slaBreaches({ store, clock }: Context, reportMonth: string, includeSubjects: boolean): SlaBreach[] {
  const rows = store.sqlite
    .prepare<[string, string, string, string], [number, string, string, string, string, string, string | null, number | null, number | null, string | null]>(
      `SELECT ticket_number, priority, municipality, created, resolution_due, status, resolved,
              resolution_hours, resolution_service_hours, resolved_month
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET}
       WHERE resolution_due IS NOT NULL AND ticket_class = 'incident' AND counted = 1 AND created_month <= ?
         AND ((resolved_month = ? AND resolution_hours IS NOT NULL AND resolution_met = 0)
           OR ((resolved_month IS NULL OR resolved_month > ?) AND resolution_due < ?))
       ORDER BY resolution_due, ticket_number`,
    )
    .raw(true)
    .all(reportMonth, reportMonth, reportMonth, clock.endText(reportMonth));
  const subjects = subjectsOf(store, includeSubjects, rows);
  return rows.map(([ticketNumber, priority, municipality, created, due, status, resolved, hours, serviceHours, resolvedMonth]) => ({
    ticketNumber,
    state: resolvedMonth === reportMonth ? 'breached' : 'openPastTarget',
    priority,
    municipality,
    created,
    date: clock.date(Date.parse(created)),
    due,
    subject: subjects.get(ticketNumber) ?? null,
    status,
    // Open at the month's end: a later resolution is not part of this month's picture.
    resolved: resolvedMonth === reportMonth ? resolved : null,
    resolutionHours: resolvedMonth === reportMonth && hours !== null ? round2(hours) : null,
    resolutionServiceHours: resolvedMonth === reportMonth && serviceHours !== null ? round2(serviceHours) : null,
  }));
}

/** The listed tickets' subjects with `--include-subjects` (from the transform, for these tickets only), else none. */
function subjectsOf(store: Context['store'], includeSubjects: boolean, rows: readonly (readonly [number, ...unknown[]])[]): ReadonlyMap<number, string | null> {
  return includeSubjects ? ticketSubjects(store, rows.map(([ticketNumber]) => ticketNumber)) : new Map();
}
