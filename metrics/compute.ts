/**
 * `psa metrics`' figures: every key of METRICS.md's JSON outline for the
 * 13-month window ending with the report month, from the transform's facts.
 *
 * Each family's reader runs its figures' SQL (metrics/<family>/views.ts,
 * the same builders the analyst views are made from) over the window, each
 * answered from one covering index (migration 0003), so a million tickets
 * take well under two seconds:
 *
 * - new: the window's tickets by created month, class, category,
 *   municipality and security alert source (NEW-1/2);
 * - open cases: counts grouped by class, municipality, created month and
 *   effective and naive resolved month, which give open at every month end
 *   (naive and repaired), resolved and the balance (OPEN-1..4), in one pass;
 * - the durations of the tickets resolved in the window (DUR-2);
 * - SLA per month and priority (SLA-1..3), and the tickets whose priority has
 *   a resolution target (open past target, SLA-4);
 * - findings per rule and per created month, and the mass closures
 *   (QUALITY-1) from the closure instants since just before the window.
 *
 * Maps list names with a count above zero, except `sla.byPriority`, which
 * lists every configured priority.
 */
import { createHash } from 'node:crypto';
import { formatUtc } from '../core/timestamps.ts';
import { EMPTY_RESTATEMENTS, restate, type RestatementDetail } from '../publications/restate.ts';
import type { PsaDatabase } from '../store/open.ts';
import { SCHEMA_VERSION, type MetricsDocument, type MonthFigures } from './document.ts';
import { MonthClock, windowEnding } from '../core/months.ts';
import { readSource, type MetricsSource } from './source.ts';
import { METRIC_VERSIONS } from './definitions.ts';
import type { Context } from './read-context.ts';
import { countNew, newFigures } from './volumes/read.ts';
import { countOpenCases, openFigures, resolvedAndBalance, trends } from './open-cases/read.ts';
import { resolutionByMonth } from './resolution/read.ts';
import { criticalAndHigh, slaBreaches, slaByMonth } from './sla/read.ts';
import { findingsByMonth, massClosures } from './data-quality/read.ts';
import { ageFigures } from './age/read.ts';
import { REOPEN_NOT_AVAILABLE, reopenFigures } from './reopen/read.ts';
import { RESPONSE_NOT_AVAILABLE, responseFigures } from './response/read.ts';
import { breachRisk } from './risk/read.ts';
import { stableJson } from '../core/stable-json.ts';
import { PsaError } from '../core/errors.ts';

/** The METRICS.md rules the document's figures follow, with their versions (PROV-1): the families' definitions. */
export { METRIC_VERSIONS };

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
export class AsOfError extends PsaError {
  override readonly name = 'AsOfError';
  constructor(message: string) {
    super('state', message);
  }
}

/** A report month the data cannot give (it has not ended by the as-of instant). */
export class ReportMonthError extends PsaError {
  override readonly name = 'ReportMonthError';
  constructor(message: string) {
    super('usage', message);
  }
}

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

  const created = countNew(context);
  const openCases = countOpenCases(context);
  const massClosed = massClosures(context);
  const resolution = resolutionByMonth(context, massClosed.tickets);
  const sla = slaByMonth(context);
  const findings = findingsByMonth(context);
  const age = ageFigures(context);
  const resolvedAndBalances = window.map((_, i) => resolvedAndBalance(openCases, i));
  const reopens = reopenFigures(context);
  const responses = responseFigures(context, sla);

  const monthly: MonthFigures[] = window.map((month, i) => ({
    month,
    new: newFigures(created[i]!),
    open: { ...openFigures(openCases.open[i + 1]!, openCases.open[i]!), ...age.months[i]! },
    resolved: { ...resolvedAndBalances[i]!.resolved, ...reopens.months[i]! },
    balance: resolvedAndBalances[i]!.balance,
    resolution: resolution[i]!,
    sla: { byPriority: sla[i]! },
    response: responses.months[i]!,
  }));
  const notAvailable: Record<string, string> = {};
  if (!reopens.available) notAvailable['REOPEN-1'] = REOPEN_NOT_AVAILABLE;
  if (!responses.available) notAvailable['RESP-1'] = RESPONSE_NOT_AVAILABLE;

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
    trends: trends(openCases, window),
    criticalAndHigh: criticalAndHigh(context, reportMonth, options.includeSubjects ?? false),
    oldestOpen: age.oldestOpen,
    breachRisk: breachRisk(context, asOf),
    notAvailable,
    slaBreaches: slaBreaches(context, reportMonth, options.includeSubjects ?? false),
    dataQuality: { ...findings, massClosures: massClosed.list },
    restatements: EMPTY_RESTATEMENTS,
  };
}
