/**
 * REOPEN-1: the reopened tickets among those resolved in each window month,
 * per class, and the rate: v_reopened_by_month's rows for the window
 * (reopen/views.ts, one pass over the covering index by resolved month),
 * shaped into the document.
 */
import type { ReopenFigures, TicketClassCounted } from '../document.ts';
import { round4 } from '../figures.ts';
import { windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { REOPENED_BY_MONTH } from './views.ts';

/** reopened ÷ resolved to 4 decimals; null when nothing was resolved. */
const rate = (reopened: number, resolved: number): number | null => (resolved === 0 ? null : round4(reopened / resolved));

/** Why REOPEN-1 is left out when no ticket carries a reopen count. */
export const REOPEN_NOT_AVAILABLE = 'no export loaded has a reopen count column (Gjenåpnet / reopenedCount)';

/**
 * REOPEN-1 per window month. A ticket has one effective resolution, so it
 * counts once, in that month, however often it was reopened. Left out
 * (`available` false) when no export loaded has a reopen count column
 * (`Gjenåpnet`); a month none of whose resolved tickets carries a count
 * (its cells were empty) has 0 reopened.
 */
export function reopenFigures(context: Context): { available: boolean; months: ReopenFigures[] } {
  const { store, window, index, source } = context;
  const available = source.fields.has('reopenedCount');
  if (!available) return { available, months: window.map(() => ({})) };
  const counts = window.map(() => ({ resolved: { incident: 0, request: 0 }, reopened: { incident: 0, request: 0 } }));
  const rows = store.sqlite
    .prepare<[WindowParams], [string, TicketClassCounted, number, number, number | null]>(
      `SELECT month, ticket_class, resolved, known, reopened FROM (${REOPENED_BY_MONTH.select('window')})`,
    )
    .raw(true);
  for (const [month, cls, resolved, , reopened] of rows.iterate(windowParams(context))) {
    const c = counts[index.get(month)!]!;
    c.resolved[cls] = resolved;
    c.reopened[cls] = reopened ?? 0;
  }
  const months = counts.map(({ resolved, reopened }): ReopenFigures => {
    const total = reopened.incident + reopened.request;
    return {
      reopened: { incident: reopened.incident, request: reopened.request, total },
      reopenRate: {
        incident: rate(reopened.incident, resolved.incident),
        request: rate(reopened.request, resolved.request),
        total: rate(total, resolved.incident + resolved.request),
      },
    };
  });
  return { available, months };
}
