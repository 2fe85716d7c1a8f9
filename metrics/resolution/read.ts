/**
 * DUR-2 per window month, class and priority: DUR-2's tickets in the window
 * (resolution/views.ts `RESOLUTION_TICKETS`, one pass over the covering
 * index by resolved month), their figures by simple-statistics (figures.ts).
 */
import type { MonthFigures, TicketClassCounted } from '../document.ts';
import { Durations } from '../figures.ts';
import { CLASSES, sortedRecord, windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { RESOLUTION_TICKETS } from './views.ts';

/** DUR-2 per window month, class and priority; also without the tickets of a mass closure (QUALITY-1, `massClosed`). */
export function resolutionByMonth(context: Context, massClosed: ReadonlySet<number> = new Set()): MonthFigures['resolution'][] {
  const { store, window, index } = context;
  const durations = window.map(() => ({ incident: new Map<string, Durations>(), request: new Map<string, Durations>() }));
  const rows = store.sqlite
    .prepare<[WindowParams], [string, TicketClassCounted, string, number, number, number, number]>(RESOLUTION_TICKETS('window'))
    .raw(true);
  for (const [month, cls, priority, hours, serviceHours, isOldCase, ticket] of rows.iterate(windowParams(context))) {
    const byPriority = durations[index.get(month)!]![cls];
    let d = byPriority.get(priority);
    if (d === undefined) byPriority.set(priority, (d = new Durations()));
    d.add(hours, serviceHours, isOldCase === 1, massClosed.has(ticket));
  }
  return durations.map(
    (byClass) => Object.fromEntries(CLASSES.map((cls) => [cls, { byPriority: sortedRecord(byClass[cls], (d) => d.figures()) }])) as MonthFigures['resolution'],
  );
}
