/**
 * `psa metrics`' figures: every key of METRICS.md's JSON outline for the
 * 13-month window ending with the report month, from the transform's facts.
 *
 * A handful of aggregate queries, each answered from one covering index
 * (migration 0003), so a million tickets take well under two seconds:
 *
 * - volumes: counts grouped by class, municipality, created month and
 *   effective and naive resolved month, which give new, open at every month
 *   end (naive and repaired), resolved and the balance (NEW-1, OPEN-1..4);
 * - categories and security alerts of the tickets created in the window (NEW-1/2);
 * - the durations of the tickets resolved in the window (DUR-2, SLA-2/3);
 * - the tickets whose priority has a resolution target (openBreached, SLA-4);
 * - findings per rule and per created month.
 *
 * Maps list names with a count above zero, except `sla.byPriority`, which
 * lists every configured priority.
 */
import { createHash } from 'node:crypto';
import { formatUtc } from '../core/timestamps.ts';
import { EMPTY_RESTATEMENTS, restate, type RestatementDetail } from '../publications/restate.ts';
import type { PsaDatabase } from '../store/open.ts';
import {
  SCHEMA_VERSION,
  type Counts,
  type CriticalOrHigh,
  type MetricsDocument,
  type MonthFigures,
  type SlaBreach,
  type SlaFigures,
  type TicketClassCounted,
} from './document.ts';
import { compliance, Durations, round2, trend } from './figures.ts';
import { addMonths, MonthClock, windowEnding } from '../core/months.ts';
import { readSource, type MetricsSource } from './source.ts';
import { stableJson } from '../core/stable-json.ts';

/** The METRICS.md rules the document's figures follow, with their versions (PROV-1). */
export const METRIC_VERSIONS: Readonly<Record<string, number>> = {
  'TIME-1': 1,
  'TIME-2': 1,
  'TIME-3': 1,
  'TIME-4': 2,
  'CLASS-1': 1,
  'STATUS-1': 1,
  'STATUS-2': 1,
  'NEW-1': 2,
  'NEW-2': 2,
  'OPEN-1': 1,
  'OPEN-2': 1,
  'OPEN-3': 1,
  'OPEN-4': 1,
  'TREND-1': 1,
  'RESOLVED-1': 2,
  'RESOLVED-2': 1,
  'RESOLVED-3': 1,
  'HOURS-1': 1,
  'DUR-1': 1,
  'DUR-2': 2,
  'SLA-1': 1,
  'SLA-2': 1,
  'SLA-3': 1,
  'SLA-4': 1,
  'STATUS-3': 1,
  'RESTATE-1': 1,
};

export interface MetricsOptions {
  /** The report month, `YYYY-MM`; by default the last month ended by the as-of instant (TIME-4). */
  readonly month?: string;
  /** Put ticket subjects in the SLA-4 list (personal data: off by default). */
  readonly includeSubjects?: boolean;
  /**
   * TIME-4: the as-of instant instead of the one the data give (`--as-of`):
   * `YYYY-MM-DD`, the local midnight that starts that day in the rules'
   * zone, or an ISO-8601 instant with `Z` or an offset.
   */
  readonly asOf?: string;
}

const AS_OF_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AS_OF_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Is `text` a value `--as-of` takes: a date `YYYY-MM-DD` or an ISO-8601 instant with `Z` or an offset? */
export function isAsOf(text: string): boolean {
  const date = AS_OF_DATE.exec(text);
  if (date !== null) {
    const d = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
    return d.toISOString().slice(0, 10) === text;
  }
  return AS_OF_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

/** UTC milliseconds of an `--as-of` value: a date is the local midnight starting it (TIME-3's zone). */
function asOfInstant(text: string, clock: MonthClock): number {
  const date = AS_OF_DATE.exec(text);
  if (date !== null) return clock.midnight(Number(date[1]), Number(date[2]), Number(date[3]));
  // Stored instants have whole seconds (TIME-1).
  return Math.floor(Date.parse(text) / 1000) * 1000;
}

/** The data give no as-of instant and none was given. */
export class AsOfError extends Error {
  override readonly name = 'AsOfError';
}

/** A report month the data cannot give (it has not ended by the as-of instant). */
export class ReportMonthError extends Error {
  override readonly name = 'ReportMonthError';
}

const CLASSES = ['incident', 'request'] as const satisfies readonly TicketClassCounted[];

export function computeMetrics(store: PsaDatabase, options: MetricsOptions = {}): MetricsDocument {
  return computeReport(store, options).doc;
}

export interface Report {
  readonly doc: MetricsDocument;
  /** The time zone of the rules the document was computed with (for showing its instants as local times). */
  readonly timeZone: string;
  /** SHA-256 of the document without its restatements: the same figures from the same inputs give the same hash. */
  readonly figuresSha256: string;
  /** The tickets behind each restated figure. */
  readonly restatementDetails: readonly RestatementDetail[];
  /** The transform run whose facts the figures come from. */
  readonly transformRunId: number;
}

/** The document and what publishing it needs. */
export function computeReport(store: PsaDatabase, options: MetricsOptions = {}): Report {
  // One read transaction: every query sees the same snapshot, even while a
  // transform commits beside it (WAL).
  return store.sqlite.transaction((): Report => {
    const source = readSource(store);
    const figures = computeInSnapshot(store, source, options);
    const figuresSha256 = figuresHash(figures);
    const clock = new MonthClock(source.calendar);
    const { restatements, details } = restate(store, figures, figuresSha256, (m) => clock.endText(m));
    return {
      doc: { ...figures, restatements },
      timeZone: source.calendar.spec.timeZone,
      figuresSha256,
      restatementDetails: details,
      transformRunId: source.runId,
    };
  })();
}

/** SHA-256 of a document's stable JSON without its restatements. */
export function figuresHash(doc: MetricsDocument): string {
  return createHash('sha256').update(stableJson({ ...doc, restatements: null })).digest('hex');
}

function computeInSnapshot(store: PsaDatabase, source: MetricsSource, options: MetricsOptions): MetricsDocument {
  const clock = new MonthClock(source.calendar);
  if (options.asOf === undefined && source.dataUntil === null) {
    throw new AsOfError(
      "every timestamp in the data is more than futureTimestampMarginDays after its export's date (FUTURE_TIMESTAMP), so the data give no as-of instant: give one with --as-of",
    );
  }
  const asOf = options.asOf !== undefined ? asOfInstant(options.asOf, clock) : clock.asOfAfter(Date.parse(source.dataUntil!));
  const latest = clock.reportMonthFor(asOf);
  const reportMonth = options.month ?? latest;
  if (reportMonth > latest) {
    const why = options.asOf === undefined ? 'local midnight after the latest timestamp in the data' : 'given by --as-of';
    throw new ReportMonthError(`${reportMonth} has not ended by the as-of instant ${formatUtc(asOf)} (${why}): the latest month to report on is ${latest}`);
  }
  const window = windowEnding(reportMonth);
  const context: Context = { store, source, clock, window, index: new Map(window.map((m, i) => [m, i])) };

  const volumes = countVolumes(context);
  const resolution = resolutionAndSla(context);
  const openBreached = countOpenBreached(context);
  const findings = findingsByMonth(context);

  const monthly: MonthFigures[] = window.map((month, i) => {
    const open = volumes.open[i + 1]!;
    const previous = volumes.open[i]!;
    const opened = volumes.created[i]!;
    const resolved = volumes.resolved[i]!;
    const balance = (c: TicketClassCounted) => open.byClass[c] - previous.byClass[c] - opened.byClass[c] + resolved[c];
    const openTotal = open.byClass.incident + open.byClass.request;
    return {
      month,
      new: {
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
      },
      open: {
        incident: open.byClass.incident,
        request: open.byClass.request,
        total: openTotal,
        naiveTotal: open.naiveTotal,
        adjustment: open.naiveTotal - openTotal,
        byMunicipality: sortedCounts(open.byMunicipality),
        changeByMunicipality: changes(open.byMunicipality, previous.byMunicipality),
      },
      resolved: { incident: resolved.incident, request: resolved.request, total: resolved.incident + resolved.request },
      balance: { incident: balance('incident'), request: balance('request') },
      resolution: resolution.figures[i]!,
      sla: { byPriority: slaByPriority(source, resolution.sla[i]!, openBreached[i]!) },
    };
  });

  // TREND-1 over the window's month ends, against the end of the month before it.
  const trendOf = (pick: (o: OpenCounts) => number) => trend(volumes.open.slice(1).map(pick), pick(volumes.open[0]!), window);
  return {
    schemaVersion: SCHEMA_VERSION,
    reportMonth,
    window,
    asOf: formatUtc(asOf),
    provenance: { exports: source.exports, rulesSha256: source.rulesSha256, metrics: METRIC_VERSIONS },
    priorities: source.priorities.map((p) => ({
      name: p.name,
      calendar: p.calendar,
      responseTargetHours: p.responseHours,
      resolutionTargetHours: p.resolutionHours,
    })),
    monthly,
    trends: {
      openTotal: trendOf((o) => o.byClass.incident + o.byClass.request),
      openIncident: trendOf((o) => o.byClass.incident),
      openRequest: trendOf((o) => o.byClass.request),
    },
    criticalAndHigh: criticalAndHigh(context, reportMonth, options.includeSubjects ?? false),
    slaBreaches: slaBreaches(context, reportMonth, options.includeSubjects ?? false),
    dataQuality: findings,
    restatements: EMPTY_RESTATEMENTS,
  };
}

interface Context {
  readonly store: PsaDatabase;
  readonly source: MetricsSource;
  readonly clock: MonthClock;
  readonly window: readonly string[];
  /** Window month → its position. */
  readonly index: ReadonlyMap<string, number>;
}

type ClassCounts = Record<TicketClassCounted, number>;
const classCounts = (): ClassCounts => ({ incident: 0, request: 0 });

interface OpenCounts {
  readonly byClass: ClassCounts;
  readonly byMunicipality: Map<string, number>;
  naiveTotal: number;
}

interface NewCounts {
  readonly byClass: ClassCounts;
  readonly byCategory: Map<string, number>;
  readonly byMunicipality: Map<string, number>;
  readonly byClassAndCategory: Record<TicketClassCounted, Map<string, number>>;
  readonly byClassAndMunicipality: Record<TicketClassCounted, Map<string, number>>;
  readonly securityAlertsBySource: Map<string, number>;
  readonly securityAlertsByCategory: Map<string, number>;
  securityAlerts: number;
}

const newCounts = (): NewCounts => ({
  byClass: classCounts(),
  byCategory: new Map(),
  byMunicipality: new Map(),
  byClassAndCategory: { incident: new Map(), request: new Map() },
  byClassAndMunicipality: { incident: new Map(), request: new Map() },
  securityAlertsBySource: new Map(),
  securityAlertsByCategory: new Map(),
  securityAlerts: 0,
});

interface Volumes {
  /** Open at the end of the month before the window, then of each window month (OPEN-1/2). */
  readonly open: readonly OpenCounts[];
  readonly created: readonly NewCounts[];
  readonly resolved: readonly ClassCounts[];
}

const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** NEW-1/2, OPEN-1/2, resolvedIn for OPEN-3. */
function countVolumes({ store, window, index }: Context): Volumes {
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

interface SlaCounts {
  met: number;
  breached: number;
  responseMet: number;
  responseBreached: number;
}

/** DUR-2 per window month, class and priority; SLA-2/3's met and breached per month and priority. */
function resolutionAndSla({ store, window, index }: Context) {
  const durations = window.map(() => ({ incident: new Map<string, Durations>(), request: new Map<string, Durations>() }));
  const sla = window.map(() => new Map<string, SlaCounts>());
  const rows = store.sqlite
    .prepare<[string, string], [string, TicketClassCounted, string | null, number, number, number, number | null, number | null]>(
      `SELECT resolved_month, ticket_class, priority, resolution_hours, resolution_service_hours, is_old_case, resolution_met, response_met
       FROM fct_tickets WHERE counted = 1 AND resolved_month BETWEEN ? AND ? AND resolution_hours IS NOT NULL`,
    )
    .raw(true);
  for (const [month, cls, priority, hours, serviceHours, isOldCase, resolutionMet, responseMet] of rows.iterate(window[0]!, window[window.length - 1]!)) {
    // A ticket without a priority has no place in a table by priority; MISSING_PRIORITY lists it.
    if (priority === null) continue;
    const m = index.get(month)!;
    const byPriority = durations[m]![cls];
    let d = byPriority.get(priority);
    if (d === undefined) byPriority.set(priority, (d = new Durations()));
    d.add(hours, serviceHours, isOldCase === 1);
    if (cls !== 'incident' || (resolutionMet === null && responseMet === null)) continue;
    let s = sla[m]!.get(priority);
    if (s === undefined) sla[m]!.set(priority, (s = { met: 0, breached: 0, responseMet: 0, responseBreached: 0 }));
    if (resolutionMet !== null) s[resolutionMet === 1 ? 'met' : 'breached']++;
    if (responseMet !== null) s[responseMet === 1 ? 'responseMet' : 'responseBreached']++;
  }
  const figures = durations.map((byClass) =>
    Object.fromEntries(
      CLASSES.map((cls) => [cls, { byPriority: sortedRecord(byClass[cls], (d) => d.figures()) }]),
    ) as MonthFigures['resolution'],
  );
  return { figures, sla };
}

/** SLA-2's openBreached: incidents open at the end of each window month and past their resolution target then. */
function countOpenBreached({ store, clock, window }: Context): Map<string, number>[] {
  const ends = window.map((m) => clock.endText(m));
  const counts = window.map(() => new Map<string, number>());
  const rows = store.sqlite
    .prepare<[string, string], [string, string | null, string, string]>(
      // INDEXED BY: without statistics SQLite would take the larger index and read every ticket's row.
      `SELECT created_month, resolved_month, resolution_due, priority FROM fct_tickets INDEXED BY fct_tickets_with_resolution_target
       WHERE resolution_due IS NOT NULL AND created_month <= ? AND (resolved_month IS NULL OR resolved_month >= ?)
         AND ticket_class = 'incident' AND counted = 1`,
    )
    .raw(true);
  for (const [createdMonth, resolvedMonth, due, priority] of rows.iterate(window[window.length - 1]!, window[0]!)) {
    window.forEach((month, i) => {
      const open = createdMonth <= month && (resolvedMonth === null || resolvedMonth > month);
      if (open && due < ends[i]!) add(counts[i]!, priority, 1);
    });
  }
  return counts;
}

/** Every configured priority: figures where it has a target, nulls where it has none (SLA-1). */
function slaByPriority(source: MetricsSource, counts: ReadonlyMap<string, SlaCounts>, openBreached: ReadonlyMap<string, number>): Record<string, SlaFigures> {
  const figures: Record<string, SlaFigures> = {};
  for (const p of source.priorities) {
    const c = counts.get(p.name) ?? { met: 0, breached: 0, responseMet: 0, responseBreached: 0 };
    const resolution = p.resolutionHours !== null;
    const response = p.responseHours !== null;
    figures[p.name] = {
      met: resolution ? c.met : null,
      breached: resolution ? c.breached : null,
      compliance: resolution ? compliance(c.met, c.breached) : null,
      openBreached: resolution ? (openBreached.get(p.name) ?? 0) : null,
      responseMet: response ? c.responseMet : null,
      responseBreached: response ? c.responseBreached : null,
      responseCompliance: response ? compliance(c.responseMet, c.responseBreached) : null,
    };
  }
  return figures;
}

/** SLA-4: the incidents created in the report month whose priority has a resolution target. */
function criticalAndHigh({ store, clock }: Context, reportMonth: string, includeSubjects: boolean): CriticalOrHigh[] {
  const rows = store.sqlite
    .prepare<[string], [number, string, string, string, string | null, string, string | null, number | null, number | null, number | null]>(
      `SELECT f.ticket_number, s.created, f.priority, f.municipality, s.subject, s.status, f.resolved,
              f.resolution_hours, f.resolution_service_hours, f.resolution_met
       FROM fct_tickets f INDEXED BY fct_tickets_with_resolution_target JOIN stg_tickets s ON s.ticket_number = f.ticket_number
       WHERE f.resolution_due IS NOT NULL AND f.created_month = ? AND f.ticket_class = 'incident' AND f.counted = 1
       ORDER BY s.created, f.ticket_number`,
    )
    .raw(true)
    .all(reportMonth);
  return rows.map(([ticketNumber, created, priority, municipality, subject, status, resolved, hours, serviceHours, met]) => ({
    ticketNumber,
    created,
    date: clock.date(Date.parse(created)),
    priority,
    municipality,
    subject: includeSubjects ? subject : null,
    status,
    resolved,
    resolutionHours: hours === null ? null : round2(hours),
    resolutionServiceHours: serviceHours === null ? null : round2(serviceHours),
    met: met === null ? null : met === 1,
  }));
}

/**
 * The tickets behind SLA-2's figures of the report month: incidents resolved
 * in it past their target (`breached`), and those open at its end and past
 * their target then (`openBreached`). Per priority, the list has exactly as
 * many of each as the figures count.
 */
function slaBreaches({ store, clock }: Context, reportMonth: string, includeSubjects: boolean): SlaBreach[] {
  const rows = store.sqlite
    .prepare<[string, string, string, string], [number, string, string, string, string, string | null, string, string | null, number | null, number | null, string | null]>(
      `SELECT f.ticket_number, f.priority, f.municipality, s.created, f.resolution_due, s.subject, s.status, f.resolved,
              f.resolution_hours, f.resolution_service_hours, f.resolved_month
       FROM fct_tickets f INDEXED BY fct_tickets_with_resolution_target JOIN stg_tickets s ON s.ticket_number = f.ticket_number
       WHERE f.resolution_due IS NOT NULL AND f.ticket_class = 'incident' AND f.counted = 1 AND f.created_month <= ?
         AND ((f.resolved_month = ? AND f.resolution_hours IS NOT NULL AND f.resolution_met = 0)
           OR ((f.resolved_month IS NULL OR f.resolved_month > ?) AND f.resolution_due < ?))
       ORDER BY f.resolution_due, f.ticket_number`,
    )
    .raw(true)
    .all(reportMonth, reportMonth, reportMonth, clock.endText(reportMonth));
  return rows.map(([ticketNumber, priority, municipality, created, due, subject, status, resolved, hours, serviceHours, resolvedMonth]) => ({
    ticketNumber,
    state: resolvedMonth === reportMonth ? 'breached' : 'openPastTarget',
    priority,
    municipality,
    created,
    date: clock.date(Date.parse(created)),
    due,
    subject: includeSubjects ? subject : null,
    status,
    // Open at the month's end: a later resolution is not part of this month's picture.
    resolved: resolvedMonth === reportMonth ? resolved : null,
    resolutionHours: resolvedMonth === reportMonth && hours !== null ? round2(hours) : null,
    resolutionServiceHours: resolvedMonth === reportMonth && serviceHours !== null ? round2(serviceHours) : null,
  }));
}

/** Findings per rule over every ticket, and per rule for the tickets created in each window month. */
function findingsByMonth({ store, window, index }: Context): MetricsDocument['dataQuality'] {
  const byRule = new Map<string, number>();
  for (const [rule, n] of store.sqlite.prepare<[], [string, number]>('SELECT rule, count(*) FROM fct_findings GROUP BY rule').raw(true).iterate()) {
    byRule.set(rule, n);
  }
  const months = window.map(() => new Map<string, number>());
  const rows = store.sqlite
    .prepare<[string, string], [string, string, number]>(
      `SELECT t.created_month, f.rule, count(*) FROM fct_findings f JOIN fct_tickets t ON t.ticket_number = f.ticket_number
       WHERE t.created_month BETWEEN ? AND ? GROUP BY t.created_month, f.rule`,
    )
    .raw(true);
  for (const [month, rule, n] of rows.iterate(window[0]!, window[window.length - 1]!)) months[index.get(month)!]!.set(rule, n);
  return { byRule: sortedCounts(byRule), byMonth: window.map((month, i) => ({ month, byRule: sortedCounts(months[i]!) })) };
}

/** A map's entries with a count above zero, as an object with sorted keys. */
function sortedCounts(map: ReadonlyMap<string, number>): Counts {
  return sortedRecord(map, (n) => n, (n) => n > 0);
}

function sortedRecord<T, U>(map: ReadonlyMap<string, T>, value: (t: T) => U, keep: (t: T) => boolean = () => true): Record<string, U> {
  return Object.fromEntries(
    [...map.keys()]
      .sort()
      .filter((k) => keep(map.get(k)!))
      .map((k) => [k, value(map.get(k)!)]),
  );
}

/** OPEN-4: open(M) − open(M−1) for every name open at either month end. */
function changes(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): Counts {
  const names = [...new Set([...now.keys(), ...before.keys()])].filter((k) => (now.get(k) ?? 0) > 0 || (before.get(k) ?? 0) > 0).sort();
  return Object.fromEntries(names.map((k) => [k, (now.get(k) ?? 0) - (before.get(k) ?? 0)]));
}

