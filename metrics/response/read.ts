/**
 * RESP-1: first-response times of the incidents resolved in each window
 * month, per priority, beside SLA-3's response compliance; one pass over
 * the partial covering index of the tickets with a first response
 * (store/metric-indexes.ts, migration 0008).
 */
import { FCT_TICKETS_WITH_RESPONSE } from '../../store/metric-indexes.ts';
import type { ResponseFigures, SlaFigures } from '../document.ts';
import { distribution } from '../figures.ts';
import { sortedRecord, type Context } from '../read-context.ts';

/** Why RESP-1 is null when no export has a first-response column. */
export const RESPONSE_NOT_AVAILABLE = 'no export loaded has a first-response column (Første respons / responded)';

class Responses {
  readonly hours: number[] = [];
  readonly serviceHours: number[] = [];

  figures(compliance: number | null): ResponseFigures {
    return { ...distribution(this.hours, this.serviceHours), responseCompliance: compliance };
  }
}

/**
 * RESP-1 per window month: per priority with at least one measured incident,
 * given SLA-3's figures of the month (`sla[i]`, by priority). Null for every
 * month (`available` false) when no export loaded has a first-response column.
 */
export function responseFigures(
  { store, window, index, source }: Context,
  sla: readonly Readonly<Record<string, SlaFigures>>[],
): { available: boolean; months: ({ byPriority: Record<string, ResponseFigures> } | null)[] } {
  if (!source.fields.has('responded')) return { available: false, months: window.map(() => null) };
  const groups = window.map(() => new Map<string, Responses>());
  const rows = store.sqlite
    .prepare<[string, string], [string, string, number, number]>(
      `SELECT resolved_month, priority, response_hours, response_service_hours
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_WITH_RESPONSE}
       WHERE response_hours IS NOT NULL AND resolution_hours IS NOT NULL AND counted = 1 AND resolved_month BETWEEN ? AND ? AND ticket_class = 'incident' AND priority IS NOT NULL`,
    )
    .raw(true);
  for (const [month, priority, hours, serviceHours] of rows.iterate(window[0]!, window[window.length - 1]!)) {
    const byPriority = groups[index.get(month)!]!;
    let r = byPriority.get(priority);
    if (r === undefined) byPriority.set(priority, (r = new Responses()));
    r.hours.push(hours);
    r.serviceHours.push(serviceHours);
  }
  return {
    available: true,
    months: groups.map((byPriority, i) => {
      const figures = new Map([...byPriority].map(([priority, r]) => [priority, r.figures(sla[i]![priority]?.responseCompliance ?? null)]));
      return { byPriority: sortedRecord(figures, (f) => f) };
    }),
  };
}
