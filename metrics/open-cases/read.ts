/** OPEN-1..4 and TREND-1 from the volume counts (metrics/volumes/read.ts). */
import type { Counts, OpenFigures, ResolvedCounts, TicketClassCounted, Trend } from '../document.ts';
import { trend } from '../figures.ts';
import { sortedCounts } from '../read-context.ts';
import type { OpenCounts, Volumes } from '../volumes/read.ts';

/** OPEN-1/2/4: a window month's `open` figures, from the counts at its end and at the end of the month before. */
export function openFigures(open: OpenCounts, previous: OpenCounts): OpenFigures {
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
export function resolvedAndBalance(volumes: Volumes, i: number): { resolved: ResolvedCounts; balance: Record<TicketClassCounted, number> } {
  const open = volumes.open[i + 1]!;
  const previous = volumes.open[i]!;
  const opened = volumes.created[i]!;
  const resolved = volumes.resolved[i]!;
  const balance = (c: TicketClassCounted) => open.byClass[c] - previous.byClass[c] - opened.byClass[c] + resolved[c];
  return {
    resolved: { incident: resolved.incident, request: resolved.request, total: resolved.incident + resolved.request },
    balance: { incident: balance('incident'), request: balance('request') },
  };
}

/** TREND-1 over the window's month ends, against the end of the month before it. */
export function trends(volumes: Volumes, window: readonly string[]): { openTotal: Trend; openIncident: Trend; openRequest: Trend } {
  const trendOf = (pick: (o: OpenCounts) => number) => trend(volumes.open.slice(1).map(pick), pick(volumes.open[0]!), window);
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

