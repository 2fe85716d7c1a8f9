/**
 * NEW-1/2 and the counts OPEN-1..3 are computed from: one pass over the
 * covering index by created month (counts grouped by class, municipality,
 * created month and effective and naive resolved month), and one over the
 * window's categories and security alerts.
 */
import { addMonths } from '../../core/months.ts';
import type { MonthFigures, TicketClassCounted } from '../document.ts';
import { add, classCounts, sortedCounts, type ClassCounts, type Context } from '../read-context.ts';

export interface OpenCounts {
  readonly byClass: ClassCounts;
  readonly byMunicipality: Map<string, number>;
  naiveTotal: number;
}

export interface NewCounts {
  readonly byClass: ClassCounts;
  readonly byCategory: Map<string, number>;
  readonly byMunicipality: Map<string, number>;
  readonly byClassAndCategory: Record<TicketClassCounted, Map<string, number>>;
  readonly byClassAndMunicipality: Record<TicketClassCounted, Map<string, number>>;
  readonly securityAlertsBySource: Map<string, number>;
  readonly securityAlertsByCategory: Map<string, number>;
  securityAlerts: number;
}

export const newCounts = (): NewCounts => ({
  byClass: classCounts(),
  byCategory: new Map(),
  byMunicipality: new Map(),
  byClassAndCategory: { incident: new Map(), request: new Map() },
  byClassAndMunicipality: { incident: new Map(), request: new Map() },
  securityAlertsBySource: new Map(),
  securityAlertsByCategory: new Map(),
  securityAlerts: 0,
});

export interface Volumes {
  /** Open at the end of the month before the window, then of each window month (OPEN-1/2). */
  readonly open: readonly OpenCounts[];
  readonly created: readonly NewCounts[];
  readonly resolved: readonly ClassCounts[];
}

/** NEW-1/2, OPEN-1/2, resolvedIn for OPEN-3. */
export function countVolumes({ store, window, index }: Context): Volumes {
  // The month before the window, then the window: open at each one's end.
  const ends = [addMonths(window[0]!, -1), ...window];
  const last = window[window.length - 1]!;
  const open: OpenCounts[] = ends.map(() => ({ byClass: classCounts(), byMunicipality: new Map(), naiveTotal: 0 }));
  const created: NewCounts[] = window.map(newCounts);
  const resolved = window.map(classCounts);

  // Grouped in the covering index's order, so SQLite aggregates as it reads it.
  const groups = store.sqlite
    .prepare<[], [TicketClassCounted, string, string, string | null, string | null, number]>(
      `SELECT ticket_class, municipality, created_month, resolved_month, naive_resolved_month, count(*)
       FROM fct_tickets WHERE counted = 1
       GROUP BY created_month, ticket_class, municipality, resolved_month, naive_resolved_month`,
    )
    .raw(true);
  for (const [cls, municipality, createdMonth, resolvedMonth, naiveMonth, n] of groups.iterate()) {
    const r = resolvedMonth === null ? undefined : index.get(resolvedMonth);
    if (r !== undefined) resolved[r]![cls] += n;
    if (createdMonth > last) continue;
    const c = index.get(createdMonth);
    if (c !== undefined) {
      created[c]!.byClass[cls] += n;
      add(created[c]!.byMunicipality, municipality, n);
      add(created[c]!.byClassAndMunicipality[cls], municipality, n);
    }
    for (let e = 0; e < ends.length; e++) {
      const end = ends[e]!;
      if (createdMonth > end) continue;
      const o = open[e]!;
      if (resolvedMonth === null || resolvedMonth > end) {
        o.byClass[cls] += n;
        add(o.byMunicipality, municipality, n);
      }
      if (naiveMonth === null || naiveMonth > end) o.naiveTotal += n;
    }
  }

  const categories = store.sqlite
    .prepare<[string, string], [string, TicketClassCounted, string, string | null, number]>(
      `SELECT created_month, ticket_class, report_category, security_alert_source, count(*)
       FROM fct_tickets WHERE counted = 1 AND created_month BETWEEN ? AND ?
       GROUP BY created_month, ticket_class, report_category, security_alert_source`,
    )
    .raw(true);
  for (const [month, cls, category, alertSource, n] of categories.iterate(window[0]!, last)) {
    const c = created[index.get(month)!]!;
    add(c.byCategory, category, n);
    add(c.byClassAndCategory[cls], category, n);
    if (alertSource !== null) {
      c.securityAlerts += n;
      add(c.securityAlertsBySource, alertSource, n);
      add(c.securityAlertsByCategory, category, n);
    }
  }
  return { open, created, resolved };
}

/** NEW-1/2: a window month's `new` figures. */
export function newFigures(opened: NewCounts): MonthFigures['new'] {
  return {
    incident: opened.byClass.incident,
    request: opened.byClass.request,
    total: opened.byClass.incident + opened.byClass.request,
    securityAlerts: opened.securityAlerts,
    byCategory: sortedCounts(opened.byCategory),
    byMunicipality: sortedCounts(opened.byMunicipality),
    byClassAndCategory: { incident: sortedCounts(opened.byClassAndCategory.incident), request: sortedCounts(opened.byClassAndCategory.request) },
    byClassAndMunicipality: { incident: sortedCounts(opened.byClassAndMunicipality.incident), request: sortedCounts(opened.byClassAndMunicipality.request) },
    securityAlertsBySource: sortedCounts(opened.securityAlertsBySource),
    securityAlertsByCategory: sortedCounts(opened.securityAlertsByCategory),
  };
}
