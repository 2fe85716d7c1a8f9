/**
 * REOPEN-1: the reopened tickets among those resolved in each window month,
 * per class, and the rate; one pass over the covering index by resolved
 * month (store/metric-indexes.ts, migration 0008).
 */
import { FCT_TICKETS_BACKLOG } from '../../store/metric-indexes.ts';
import type { ReopenFigures, ResolvedCounts, TicketClassCounted } from '../document.ts';
import { round4 } from '../figures.ts';
import type { Context } from '../read-context.ts';

/** reopened ÷ resolved to 4 decimals; null when nothing was resolved. */
const rate = (reopened: number, resolved: number): number | null => (resolved === 0 ? null : round4(reopened / resolved));

/** Why REOPEN-1 is left out when no ticket carries a reopen count. */
export const REOPEN_NOT_AVAILABLE = 'no export loaded has a reopen count column (Gjenåpnet / reopenedCount)';

/**
 * REOPEN-1 per window month, from the month's resolved counts (OPEN-3). A
 * ticket has one effective resolution, so it counts once, in that month,
 * however often it was reopened. Left out (`available` false) when no export
 * loaded has a reopen count column (`Gjenåpnet`).
 */
export function reopenFigures({ store, window, index, source }: Context, resolved: readonly ResolvedCounts[]): { available: boolean; months: ReopenFigures[] } {
  const available = source.fields.has('reopenedCount');
  if (!available) return { available, months: window.map(() => ({})) };
  const reopened = window.map(() => ({ incident: 0, request: 0 }));
  const rows = store.sqlite
    .prepare<[string, string], [string, TicketClassCounted, number]>(
      `SELECT resolved_month, ticket_class, coalesce(sum(reopened = 1), 0)
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_BACKLOG}
       WHERE counted = 1 AND resolved_month BETWEEN ? AND ?
       GROUP BY resolved_month, ticket_class`,
    )
    .raw(true);
  for (const [month, cls, n] of rows.iterate(window[0]!, window[window.length - 1]!)) reopened[index.get(month)!]![cls] += n;
  const months = reopened.map((r, i): ReopenFigures => {
    const res = resolved[i]!;
    const total = r.incident + r.request;
    return {
      reopened: { incident: r.incident, request: r.request, total },
      reopenRate: { incident: rate(r.incident, res.incident), request: rate(r.request, res.request), total: rate(total, res.total) },
    };
  });
  return { available, months };
}
