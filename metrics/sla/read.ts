/**
 * SLA-1..4: the figures per priority, open past target at each month end,
 * and the report month's lists of incidents (criticalAndHigh, slaBreaches),
 * read through the partial index of the tickets with a resolution target.
 */
import { FCT_TICKETS_WITH_RESOLUTION_TARGET } from '../../store/metric-indexes.ts';
import type { CriticalOrHigh, SlaBreach, SlaFigures } from '../document.ts';
import { compliance, round2 } from '../figures.ts';
import { add, type Context } from '../read-context.ts';
import type { SlaCounts } from '../resolution/read.ts';
import type { MetricsSource } from '../source.ts';

/** SLA-2's openBreached: incidents open at the end of each window month and past their resolution target then. */
export function countOpenBreached({ store, clock, window }: Context): Map<string, number>[] {
  const ends = window.map((m) => clock.endText(m));
  const counts = window.map(() => new Map<string, number>());
  const rows = store.sqlite
    .prepare<[string, string], [string, string | null, string, string]>(
      // INDEXED BY: without statistics SQLite would take the larger index and read every ticket's row.
      `SELECT created_month, resolved_month, resolution_due, priority FROM fct_tickets INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET}
       WHERE resolution_due IS NOT NULL AND created_month <= ? AND (resolved_month IS NULL OR resolved_month >= ?)
         AND ticket_class = 'incident' AND counted = 1`,
    )
    .raw(true);
  for (const [createdMonth, resolvedMonth, due, priority] of rows.iterate(window[window.length - 1]!, window[0]!)) {
    window.forEach((month, i) => {
      const open = createdMonth <= month && (resolvedMonth === null || resolvedMonth > month);
      if (open && due < ends[i]!) add(counts[i]!, priority, 1);
    });
  }
  return counts;
}

/** Every configured priority: figures where it has a target, nulls where it has none (SLA-1). */
export function slaByPriority(source: MetricsSource, counts: ReadonlyMap<string, SlaCounts>, openBreached: ReadonlyMap<string, number>): Record<string, SlaFigures> {
  const figures: Record<string, SlaFigures> = {};
  for (const p of source.priorities) {
    const c = counts.get(p.name) ?? { met: 0, breached: 0, responseMet: 0, responseBreached: 0 };
    const resolution = p.resolutionHours !== null;
    const response = p.responseHours !== null;
    figures[p.name] = {
      met: resolution ? c.met : null,
      breached: resolution ? c.breached : null,
      compliance: resolution ? compliance(c.met, c.breached) : null,
      openBreached: resolution ? (openBreached.get(p.name) ?? 0) : null,
      responseMet: response ? c.responseMet : null,
      responseBreached: response ? c.responseBreached : null,
      responseCompliance: response ? compliance(c.responseMet, c.responseBreached) : null,
    };
  }
  return figures;
}

/** SLA-4: the incidents created in the report month whose priority has a resolution target. */
export function criticalAndHigh({ store, clock }: Context, reportMonth: string, includeSubjects: boolean): CriticalOrHigh[] {
  const rows = store.sqlite
    .prepare<[string], [number, string, string, string, string | null, string, string | null, number | null, number | null, number | null]>(
      `SELECT f.ticket_number, s.created, f.priority, f.municipality, s.subject, s.status, f.resolved,
              f.resolution_hours, f.resolution_service_hours, f.resolution_met
       FROM fct_tickets f INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET} JOIN stg_tickets s ON s.ticket_number = f.ticket_number
       WHERE f.resolution_due IS NOT NULL AND f.created_month = ? AND f.ticket_class = 'incident' AND f.counted = 1
       ORDER BY s.created, f.ticket_number`,
    )
    .raw(true)
    .all(reportMonth);
  return rows.map(([ticketNumber, created, priority, municipality, subject, status, resolved, hours, serviceHours, met]) => ({
    ticketNumber,
    created,
    date: clock.date(Date.parse(created)),
    priority,
    municipality,
    subject: includeSubjects ? subject : null,
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
    .prepare<[string, string, string, string], [number, string, string, string, string, string | null, string, string | null, number | null, number | null, string | null]>(
      `SELECT f.ticket_number, f.priority, f.municipality, s.created, f.resolution_due, s.subject, s.status, f.resolved,
              f.resolution_hours, f.resolution_service_hours, f.resolved_month
       FROM fct_tickets f INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET} JOIN stg_tickets s ON s.ticket_number = f.ticket_number
       WHERE f.resolution_due IS NOT NULL AND f.ticket_class = 'incident' AND f.counted = 1 AND f.created_month <= ?
         AND ((f.resolved_month = ? AND f.resolution_hours IS NOT NULL AND f.resolution_met = 0)
           OR ((f.resolved_month IS NULL OR f.resolved_month > ?) AND f.resolution_due < ?))
       ORDER BY f.resolution_due, f.ticket_number`,
    )
    .raw(true)
    .all(reportMonth, reportMonth, reportMonth, clock.endText(reportMonth));
  return rows.map(([ticketNumber, priority, municipality, created, due, subject, status, resolved, hours, serviceHours, resolvedMonth]) => ({
    ticketNumber,
    state: resolvedMonth === reportMonth ? 'breached' : 'openPastTarget',
    priority,
    municipality,
    created,
    date: clock.date(Date.parse(created)),
    due,
    subject: includeSubjects ? subject : null,
    status,
    // Open at the month's end: a later resolution is not part of this month's picture.
    resolved: resolvedMonth === reportMonth ? resolved : null,
    resolutionHours: resolvedMonth === reportMonth && hours !== null ? round2(hours) : null,
    resolutionServiceHours: resolvedMonth === reportMonth && serviceHours !== null ? round2(serviceHours) : null,
  }));
}

