/**
 * DUR-2 per window month, class and priority, and SLA-2/3's met and breached
 * counts, from one pass over the covering index by resolved month.
 */
import type { MonthFigures, TicketClassCounted } from '../document.ts';
import { Durations } from '../figures.ts';
import { CLASSES, sortedRecord, type Context } from '../read-context.ts';

export interface SlaCounts {
  met: number;
  breached: number;
  responseMet: number;
  responseBreached: number;
}

/** DUR-2 per window month, class and priority; SLA-2/3's met and breached per month and priority. */
export function resolutionAndSla({ store, window, index }: Context) {
  const durations = window.map(() => ({ incident: new Map<string, Durations>(), request: new Map<string, Durations>() }));
  const sla = window.map(() => new Map<string, SlaCounts>());
  const rows = store.sqlite
    .prepare<[string, string], [string, TicketClassCounted, string | null, number, number, number, number | null, number | null]>(
      `SELECT resolved_month, ticket_class, priority, resolution_hours, resolution_service_hours, is_old_case, resolution_met, response_met
       FROM fct_tickets WHERE counted = 1 AND resolved_month BETWEEN ? AND ? AND resolution_hours IS NOT NULL`,
    )
    .raw(true);
  for (const [month, cls, priority, hours, serviceHours, isOldCase, resolutionMet, responseMet] of rows.iterate(window[0]!, window[window.length - 1]!)) {
    // A ticket without a priority has no place in a table by priority; MISSING_PRIORITY lists it.
    if (priority === null) continue;
    const m = index.get(month)!;
    const byPriority = durations[m]![cls];
    let d = byPriority.get(priority);
    if (d === undefined) byPriority.set(priority, (d = new Durations()));
    d.add(hours, serviceHours, isOldCase === 1);
    if (cls !== 'incident' || (resolutionMet === null && responseMet === null)) continue;
    let s = sla[m]!.get(priority);
    if (s === undefined) sla[m]!.set(priority, (s = { met: 0, breached: 0, responseMet: 0, responseBreached: 0 }));
    if (resolutionMet !== null) s[resolutionMet === 1 ? 'met' : 'breached']++;
    if (responseMet !== null) s[responseMet === 1 ? 'responseMet' : 'responseBreached']++;
  }
  const figures = durations.map((byClass) =>
    Object.fromEntries(
      CLASSES.map((cls) => [cls, { byPriority: sortedRecord(byClass[cls], (d) => d.figures()) }]),
    ) as MonthFigures['resolution'],
  );
  return { figures, sla };
}

