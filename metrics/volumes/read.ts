/** NEW-1/2 per window month: v_new_by_month's rows for the window, added up into the document's maps. */
import type { MonthFigures, TicketClassCounted } from '../document.ts';
import { add, classCounts, sortedCounts, windowParams, type ClassCounts, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { NEW_BY_MONTH } from './views.ts';

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

/** NEW-1/2: the counts of each window month, from v_new_by_month's SQL. */
export function countNew(context: Context): NewCounts[] {
  const { store, window, index } = context;
  const created: NewCounts[] = window.map(newCounts);
  const rows = store.sqlite
    .prepare<[WindowParams], [string, TicketClassCounted, string, string, string | null, number, number]>(NEW_BY_MONTH.select('window'))
    .raw(true);
  for (const [month, cls, category, municipality, alertSource, n, alerts] of rows.iterate(windowParams(context))) {
    const c = created[index.get(month)!]!;
    c.byClass[cls] += n;
    add(c.byCategory, category, n);
    add(c.byMunicipality, municipality, n);
    add(c.byClassAndCategory[cls], category, n);
    add(c.byClassAndMunicipality[cls], municipality, n);
    if (alertSource !== null) {
      c.securityAlerts += alerts;
      add(c.securityAlertsBySource, alertSource, alerts);
      add(c.securityAlertsByCategory, category, alerts);
    }
  }
  return created;
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
