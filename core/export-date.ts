/**
 * An export's own date: the latest instant its timestamps can describe. A
 * timestamp later than it (by more than the rules' margin) is a typing
 * error such as 2042 for 2024, a FUTURE_TIMESTAMP finding that never moves
 * the as-of instant (METRICS.md TIME-4).
 *
 * - From the file name, when it holds a date (`pureservice-export-2024-10-31.csv`,
 *   `export_20241031.xlsx`): the end of that day in the load's zone (the
 *   local midnight after it), since the export was taken some time that day.
 * - Else from the file's modification time (a copy only makes it later).
 * - Never later than the moment the file is loaded: nothing in it can be newer.
 * - An API pull's export date is the instant the pull began (`pull`).
 */
import { ZoneClock, formatUtc } from './timestamps.ts';

export const ExportDateSource = { fileName: 'file-name', modifiedTime: 'modified-time', loadTime: 'load-time', pull: 'pull' } as const;
export type ExportDateSource = (typeof ExportDateSource)[keyof typeof ExportDateSource];

export interface ExportDate {
  /** UTC text, TIME-1. */
  readonly instant: string;
  readonly source: ExportDateSource;
}

// A date of 19xx or 20xx, with or without - or _ between its parts, not inside a longer number.
const NAME_DATE = /(?<!\d)((?:19|20)\d\d)([-_]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)/g;

/** The last real date in a file name, as [year, month, day], or null. */
export function dateInFileName(fileName: string): [number, number, number] | null {
  let found: [number, number, number] | null = null;
  for (const m of fileName.matchAll(NAME_DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) found = [y, mo, d];
  }
  return found;
}

/** The export date of a file named `fileName`, modified at `modifiedMs`, loaded at `loadedMs`, read in `zone`. */
export function exportDateOf(fileName: string, modifiedMs: number, loadedMs: number, zone: string): ExportDate {
  const named = dateInFileName(fileName);
  if (named !== null) {
    const endOfDay = new ZoneClock(zone).toUtcMillis(named[0], named[1], named[2] + 1, 0, 0, 0);
    return endOfDay <= loadedMs ? { instant: formatUtc(endOfDay), source: 'file-name' } : { instant: formatUtc(loadedMs), source: 'load-time' };
  }
  return modifiedMs <= loadedMs ? { instant: formatUtc(modifiedMs), source: 'modified-time' } : { instant: formatUtc(loadedMs), source: 'load-time' };
}
