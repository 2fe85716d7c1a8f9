/**
 * What every family's reader (`metrics/<family>/read.ts`) is given, and the
 * helpers they share for the document's maps.
 */
import { addMonths, type MonthClock } from '../core/months.ts';
import type { PsaDatabase } from '../store/open.ts';
import type { Counts, TicketClassCounted } from './document.ts';
import type { MetricsSource } from './source.ts';
import type { WindowParams } from './view-sql.ts';

export const CLASSES = ['incident', 'request'] as const satisfies readonly TicketClassCounted[];

export interface Context {
  readonly store: PsaDatabase;
  readonly source: MetricsSource;
  readonly clock: MonthClock;
  readonly window: readonly string[];
  /** Window month → its position. */
  readonly index: ReadonlyMap<string, number>;
}

/** The named parameters of the figures' `window` SELECTs (metrics/view-sql.ts) for this window. */
export function windowParams({ window, clock }: Pick<Context, 'window' | 'clock'>): WindowParams {
  const before = addMonths(window[0]!, -1);
  return {
    first: window[0]!,
    last: window[window.length - 1]!,
    before,
    months: JSON.stringify([before, ...window].map((m) => [m, clock.endText(m)])),
  };
}

export type ClassCounts = Record<TicketClassCounted, number>;
export const classCounts = (): ClassCounts => ({ incident: 0, request: 0 });

export const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** A map's entries with a count above zero, as an object with sorted keys. */
export function sortedCounts(map: ReadonlyMap<string, number>): Counts {
  return sortedRecord(map, (n) => n, (n) => n > 0);
}

export function sortedRecord<T, U>(map: ReadonlyMap<string, T>, value: (t: T) => U, keep: (t: T) => boolean = () => true): Record<string, U> {
  return Object.fromEntries(
    [...map.keys()]
      .sort()
      .filter((k) => keep(map.get(k)!))
      .map((k) => [k, value(map.get(k)!)]),
  );
}

