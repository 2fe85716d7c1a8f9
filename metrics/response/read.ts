/**
 * RESP-1: first-response times of the incidents resolved in each window
 * month, per priority, beside SLA-3's response compliance: RESP-1's tickets
 * in the window (response/views.ts `RESPONSE_TICKETS`, one pass over the
 * covering index by resolved month), their figures by simple-statistics.
 */
import type { ResponseFigures, SlaFigures } from '../document.ts';
import { distribution } from '../figures.ts';
import { sortedRecord, windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { RESPONSE_TICKETS } from './views.ts';

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
  context: Context,
  sla: readonly Readonly<Record<string, SlaFigures>>[],
): { available: boolean; months: ({ byPriority: Record<string, ResponseFigures> } | null)[] } {
  const { store, window, index, source } = context;
  if (!source.fields.has('responded')) return { available: false, months: window.map(() => null) };
  const groups = window.map(() => new Map<string, Responses>());
  const rows = store.sqlite.prepare<[WindowParams], [string, string, number, number]>(RESPONSE_TICKETS('window')).raw(true);
  for (const [month, priority, hours, serviceHours] of rows.iterate(windowParams(context))) {
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
