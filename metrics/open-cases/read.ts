/**
 * OPEN-1..4 and TREND-1: the rows of v_open_month_end and v_open_balance for
 * the window, from their SQL (open-cases/views.ts), shaped into the document.
 */
import type { Counts, MonthFigures, TicketClassCounted, Trend } from '../document.ts';
import { trend } from '../figures.ts';
import { add, classCounts, sortedCounts, windowParams, type ClassCounts, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { OPEN_CASES_WINDOW } from './views.ts';

export interface OpenCounts {
  readonly byClass: ClassCounts;
  readonly byMunicipality: Map<string, number>;
  naiveTotal: number;
}

export interface OpenCases {
  /** Open at the end of the month before the window, then of each window month (OPEN-1/2). */
  readonly open: readonly OpenCounts[];
  /** OPEN-3 per window month. */
  readonly resolved: readonly ClassCounts[];
  readonly balance: readonly ClassCounts[];
}

/** OPEN-1/2 at the window's month ends and the one before it, OPEN-3 per window month. */
export function countOpenCases(context: Context): OpenCases {
  const { store, window, index } = context;
  const open: OpenCounts[] = [null, ...window].map(() => ({ byClass: classCounts(), byMunicipality: new Map(), naiveTotal: 0 }));
  const resolved = window.map(classCounts);
  const balance = window.map(classCounts);
  const params = windowParams(context);
  const rows = store.sqlite
    .prepare<[WindowParams], ['open' | 'balance', string, TicketClassCounted, string | null, number, number]>(OPEN_CASES_WINDOW)
    .raw(true);
  for (const [figure, month, cls, municipality, a, b] of rows.iterate(params)) {
    if (figure === 'balance') {
      const i = index.get(month)!;
      resolved[i]![cls] = a;
      balance[i]![cls] = b;
      continue;
    }
    const o = open[month === params.before ? 0 : index.get(month)! + 1]!;
    o.byClass[cls] += a;
    add(o.byMunicipality, municipality!, a);
    o.naiveTotal += b;
  }
  return { open, resolved, balance };
}

/** OPEN-1/2/4: a window month's `open` figures, from the counts at its end and at the end of the month before. */
export function openFigures(open: OpenCounts, previous: OpenCounts): MonthFigures['open'] {
  const openTotal = open.byClass.incident + open.byClass.request;
  return {
    incident: open.byClass.incident,
    request: open.byClass.request,
    total: openTotal,
    naiveTotal: open.naiveTotal,
    adjustment: open.naiveTotal - openTotal,
    byMunicipality: sortedCounts(open.byMunicipality),
    changeByMunicipality: changes(open.byMunicipality, previous.byMunicipality),
  };
}

/** OPEN-3: the window month `i`'s resolved and balance figures. */
export function resolvedAndBalance(cases: OpenCases, i: number): Pick<MonthFigures, 'resolved' | 'balance'> {
  const resolved = cases.resolved[i]!;
  const balance = cases.balance[i]!;
  return {
    resolved: { incident: resolved.incident, request: resolved.request, total: resolved.incident + resolved.request },
    balance: { incident: balance.incident, request: balance.request },
  };
}

/** TREND-1 over the window's month ends, against the end of the month before it. */
export function trends(cases: OpenCases, window: readonly string[]): { openTotal: Trend; openIncident: Trend; openRequest: Trend } {
  const trendOf = (pick: (o: OpenCounts) => number) => trend(cases.open.slice(1).map(pick), pick(cases.open[0]!), window);
  return {
    openTotal: trendOf((o) => o.byClass.incident + o.byClass.request),
    openIncident: trendOf((o) => o.byClass.incident),
    openRequest: trendOf((o) => o.byClass.request),
  };
}

/** OPEN-4: open(M) − open(M−1) for every name open at either month end. */
function changes(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): Counts {
  const names = [...new Set([...now.keys(), ...before.keys()])].filter((k) => (now.get(k) ?? 0) > 0 || (before.get(k) ?? 0) > 0).sort();
  return Object.fromEntries(names.map((k) => [k, (now.get(k) ?? 0) - (before.get(k) ?? 0)]));
}
