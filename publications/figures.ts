/**
 * Every figure of a month in metrics.json's monthly part, as a flat list of
 * paths (`open.total`, `new.byMunicipality.Molde`,
 * `resolution.incident.byPriority.Høy.meanHours`, …), and what one ticket
 * contributes to each count figure: the restatements compare the first and
 * decompose a change of a count figure into the second.
 *
 * The contributions follow METRICS.md's rules exactly as metrics/compute.ts
 * counts them, so that for every count figure the document's value is the
 * sum of every ticket's contribution: a figure's difference between two
 * publications is then exactly the sum of the changed tickets' differences.
 */
import type { MonthFigures, ResolutionFigures, SlaFigures } from '../metrics/document.ts';
import type { SnapshotTicket } from './snapshot.ts';
import { reopenedOf } from '../transform/index.ts';

export type FigurePath = readonly string[];

export const figureKey = (path: FigurePath): string => path.join('.');

export interface FigureValue {
  readonly path: FigurePath;
  readonly value: number | null;
  /** A count (a sum over tickets), which restatements decompose ticket by ticket. */
  readonly count: boolean;
}

const RESOLUTION_MEASURES = [
  'n',
  'meanHours',
  'medianHours',
  'p90Hours',
  'meanServiceHours',
  'medianServiceHours',
  'p90ServiceHours',
  'nOld',
  'meanHoursExcludingOld',
] as const satisfies readonly (keyof ResolutionFigures)[];
const RESOLUTION_COUNTS: ReadonlySet<string> = new Set(['n', 'nOld']);
const SLA_MEASURES = ['met', 'breached', 'compliance', 'openBreached', 'responseMet', 'responseBreached', 'responseCompliance'] as const satisfies readonly (keyof SlaFigures)[];
const SLA_COUNTS: ReadonlySet<string> = new Set(['met', 'breached', 'openBreached', 'responseMet', 'responseBreached']);
export const CLASSES = ['incident', 'request'] as const;

/** The names a month's figures are keyed by, so two documents list the same figures (a name absent from a map counts 0). */
export interface FigureNames {
  readonly categories: ReadonlySet<string>;
  readonly municipalities: ReadonlySet<string>;
  readonly resolution: Readonly<Record<(typeof CLASSES)[number], ReadonlySet<string>>>;
  readonly slaPriorities: ReadonlySet<string>;
  /** REOPEN-1's figures are compared only when both documents have them (not available, or a document from before schema 3, has none). */
  readonly reopen: boolean;
}

export function namesOf(months: readonly MonthFigures[]): FigureNames {
  const categories = new Set<string>();
  const municipalities = new Set<string>();
  const resolution = { incident: new Set<string>(), request: new Set<string>() };
  const slaPriorities = new Set<string>();
  for (const m of months) {
    for (const k of Object.keys(m.new.byCategory)) categories.add(k);
    for (const k of Object.keys(m.new.byMunicipality)) municipalities.add(k);
    for (const k of Object.keys(m.open.byMunicipality)) municipalities.add(k);
    for (const k of Object.keys(m.open.changeByMunicipality)) municipalities.add(k);
    for (const c of CLASSES) for (const k of Object.keys(m.resolution[c].byPriority)) resolution[c].add(k);
    for (const k of Object.keys(m.sla.byPriority)) slaPriorities.add(k);
  }
  return { categories, municipalities, resolution, slaPriorities, reopen: months.every((m) => m.resolved.reopened !== undefined && m.resolved.reopenRate !== undefined) };
}

export function mergeNames(a: FigureNames, b: FigureNames): FigureNames {
  const u = (x: ReadonlySet<string>, y: ReadonlySet<string>) => new Set([...x, ...y]);
  return {
    categories: u(a.categories, b.categories),
    municipalities: u(a.municipalities, b.municipalities),
    resolution: { incident: u(a.resolution.incident, b.resolution.incident), request: u(a.resolution.request, b.resolution.request) },
    slaPriorities: u(a.slaPriorities, b.slaPriorities),
    reopen: a.reopen && b.reopen,
  };
}

const sorted = (names: ReadonlySet<string>) => [...names].sort();

/** Every figure of `m` over `names`, in a fixed order: the document's keys, names sorted. */
export function monthFigures(m: MonthFigures, names: FigureNames): FigureValue[] {
  const out: FigureValue[] = [];
  const count = (path: FigurePath, value: number | undefined) => out.push({ path, value: value ?? 0, count: true });
  for (const k of ['incident', 'request', 'total', 'securityAlerts'] as const) count(['new', k], m.new[k]);
  for (const c of sorted(names.categories)) count(['new', 'byCategory', c], m.new.byCategory[c]);
  for (const c of sorted(names.municipalities)) count(['new', 'byMunicipality', c], m.new.byMunicipality[c]);
  for (const k of ['incident', 'request', 'total', 'naiveTotal', 'adjustment'] as const) count(['open', k], m.open[k]);
  for (const c of sorted(names.municipalities)) count(['open', 'byMunicipality', c], m.open.byMunicipality[c]);
  for (const c of sorted(names.municipalities)) count(['open', 'changeByMunicipality', c], m.open.changeByMunicipality[c]);
  for (const k of ['incident', 'request', 'total'] as const) count(['resolved', k], m.resolved[k]);
  if (names.reopen) {
    // REOPEN-1: the reopened among the resolved (counts), and their share (made by the resolved of the class).
    for (const k of ['incident', 'request', 'total'] as const) count(['resolved', 'reopened', k], m.resolved.reopened![k]);
    for (const k of ['incident', 'request', 'total'] as const) out.push({ path: ['resolved', 'reopenRate', k], value: m.resolved.reopenRate![k], count: false });
  }
  for (const k of CLASSES) count(['balance', k], m.balance[k]);
  for (const cls of CLASSES) {
    for (const p of sorted(names.resolution[cls])) {
      const r = m.resolution[cls].byPriority[p];
      for (const measure of RESOLUTION_MEASURES) {
        const isCount = RESOLUTION_COUNTS.has(measure);
        out.push({ path: ['resolution', cls, 'byPriority', p, measure], value: r === undefined ? (isCount ? 0 : null) : r[measure], count: isCount });
      }
    }
  }
  for (const p of sorted(names.slaPriorities)) {
    const s = m.sla.byPriority[p];
    for (const measure of SLA_MEASURES) {
      const value = s === undefined ? null : s[measure];
      // A figure that is null (a priority without a target, SLA-1) is no count of tickets.
      out.push({ path: ['sla', 'byPriority', p, measure], value, count: SLA_COUNTS.has(measure) && value !== null });
    }
  }
  return out;
}

/** What the restatements need to know of the month they count a ticket in. */
export interface MonthContext {
  readonly month: string;
  readonly previous: string;
  /** `end(month)` as stored instants are written (TIME-1, TIME-3). */
  readonly endText: string;
}

/**
 * What one ticket adds to each count figure of one month (key: figureKey of
 * the path), by the rules metrics/compute.ts follows: NEW-1/2, OPEN-1..4,
 * OPEN-3's balance, DUR-2's n and nOld, SLA-2/3's met, breached and
 * openBreached, REOPEN-1's reopened. A ticket that is not counted adds nothing.
 *
 * Not restated: AGE-1's buckets (a ticket's bucket needs its age in local
 * days and the rules' bucket edges, which the snapshot and MonthContext do
 * not carry) and QUALITY-1's mass-closed figures (whether a ticket is in a
 * mass closure depends on the other tickets, not on its own facts).
 */
export function contributions(t: SnapshotTicket | null, m: MonthContext, into: Map<string, number> = new Map()): Map<string, number> {
  if (t === null || t.counted !== 1 || (t.ticket_class !== 'incident' && t.ticket_class !== 'request')) return into;
  const cls = t.ticket_class;
  const add = (n: number, ...path: string[]) => {
    const key = path.join('.');
    into.set(key, (into.get(key) ?? 0) + n);
  };
  const openAt = (month: string) => t.created_month <= month && (t.resolved_month === null || t.resolved_month > month);
  const naiveOpenAt = (month: string) => t.created_month <= month && (t.naive_resolved_month === null || t.naive_resolved_month > month);
  if (t.created_month === m.month) {
    add(1, 'new', cls);
    add(1, 'new', 'total');
    if (t.security_alert_source !== null) add(1, 'new', 'securityAlerts');
    add(1, 'new', 'byCategory', t.report_category);
    add(1, 'new', 'byMunicipality', t.municipality);
    add(-1, 'balance', cls);
  }
  const open = openAt(m.month);
  if (open) {
    add(1, 'open', cls);
    add(1, 'open', 'total');
    add(-1, 'open', 'adjustment');
    add(1, 'open', 'byMunicipality', t.municipality);
    add(1, 'open', 'changeByMunicipality', t.municipality);
    add(1, 'balance', cls);
  }
  if (naiveOpenAt(m.month)) {
    add(1, 'open', 'naiveTotal');
    add(1, 'open', 'adjustment');
  }
  if (openAt(m.previous)) {
    add(-1, 'open', 'changeByMunicipality', t.municipality);
    add(-1, 'balance', cls);
  }
  if (t.resolved_month === m.month) {
    add(1, 'resolved', cls);
    add(1, 'resolved', 'total');
    add(1, 'balance', cls);
    // REOPEN-1's evidence, as the transform derives fct_tickets.reopened.
    if (reopenedOf(t.reopened_count, t.status_class, t.naive_resolved) === 1) {
      add(1, 'resolved', 'reopened', cls);
      add(1, 'resolved', 'reopened', 'total');
    }
    if (t.resolution_hours !== null && t.priority !== null) {
      add(1, 'resolution', cls, 'byPriority', t.priority, 'n');
      if (t.is_old_case === 1) add(1, 'resolution', cls, 'byPriority', t.priority, 'nOld');
      if (cls === 'incident') {
        if (t.resolution_met !== null) add(1, 'sla', 'byPriority', t.priority, t.resolution_met === 1 ? 'met' : 'breached');
        if (t.response_met !== null) add(1, 'sla', 'byPriority', t.priority, t.response_met === 1 ? 'responseMet' : 'responseBreached');
      }
    }
  }
  if (cls === 'incident' && open && t.resolution_due !== null && t.priority !== null && t.resolution_due < m.endText) {
    add(1, 'sla', 'byPriority', t.priority, 'openBreached');
  }
  return into;
}

/**
 * The group a non-count figure summarises, by the count figure whose tickets
 * make it: a mean resolution time is made by its group's `n`, a compliance by
 * its `met` and `breached`.
 */
export function populationOf(path: FigurePath): FigurePath[] {
  const last = path[path.length - 1]!;
  const group = path.slice(0, -1);
  if (path[0] === 'resolution') return [[...group, 'n']];
  if (path[0] === 'resolved' && path[1] === 'reopenRate') return [['resolved', last], ['resolved', 'reopened', last]];
  if (last === 'compliance') return [[...group, 'met'], [...group, 'breached']];
  if (last === 'responseCompliance') return [[...group, 'responseMet'], [...group, 'responseBreached']];
  return [];
}

/** The resolution group (class, priority) of a month a ticket's durations count in, if any (DUR-2). */
export function resolutionGroup(t: SnapshotTicket | null, month: string): string | null {
  if (t === null || t.counted !== 1 || (t.ticket_class !== 'incident' && t.ticket_class !== 'request')) return null;
  if (t.resolved_month !== month || t.resolution_hours === null || t.priority === null) return null;
  return figureKey(['resolution', t.ticket_class, 'byPriority', t.priority]);
}
