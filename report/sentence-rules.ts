/**
 * When each sentence of the report appears: one named function per rule,
 * each with the id it has in report/README.md ("Sentence rules"). A rule
 * reads the metrics document only and returns the figures its sentence
 * states, or null when the sentence is left out. The wording is in the
 * messages modules; the conditions are here, so a test can check each one
 * on a small hand-built document.
 */
import { addMonths } from '../core/months.ts';
import type { MassClosure, MetricsDocument, MonthFigures, ResolutionFigures, Trend } from '../metrics/document.ts';

/** REPORT-3: a rise in security alerts above this share of last month's count is "strongly rising". */
export const ALERT_RISE_SHARE = 0.25;
/** REPORT-3: alerts at or above this share of the month's new tickets are "a considerable part" of them. */
export const ALERT_SIGNIFICANT_SHARE = 0.1;
/** REPORT-4: a category more than this share above its mean over the previous 12 months is "higher than normal". */
export const HIGHER_THAN_NORMAL_SHARE = 0.25;
/** REPORT-6: a trend slope within ± this many tickets a month is "stable". */
export const STABLE_SLOPE = 0.5;
/** REPORT-11: old cases that lift a priority's mean resolution time by more than this share get a sentence. */
export const OLD_CASE_LIFT_SHARE = 0.5;

/** REPORT-14: AGE-1's buckets from this many days up are the old backlog ("eldre enn 90 dager" with the default buckets). */
export const OLD_BACKLOG_FROM_DAYS = 91;
/** REPORT-15: the total reopen rate (REOPEN-1) gets a sentence when it moved by more than this (2 percentage points) since last month. */
export const REOPEN_RATE_MOVE = 0.02;

export const reportMonthOf = (doc: MetricsDocument): MonthFigures => doc.monthly[doc.monthly.length - 1]!;
export const previousMonthOf = (doc: MetricsDocument): MonthFigures | null => doc.monthly[doc.monthly.length - 2] ?? null;

/** REPORT-1: the repaired open counts differ from the naive ones in at least one window month. */
export function repairNote(doc: MetricsDocument): { months: number; windowMonths: number; min: number; max: number; down: boolean } | null {
  const adjusted = doc.monthly.map((m) => m.open.adjustment).filter((a) => a !== 0);
  if (adjusted.length === 0) return null;
  const sizes = adjusted.map(Math.abs);
  return {
    months: adjusted.length,
    windowMonths: doc.monthly.length,
    min: Math.min(...sizes),
    max: Math.max(...sizes),
    // The naive count said more than the repaired one: the counts went down.
    down: adjusted.reduce((s, a) => s + a, 0) > 0,
  };
}

/** REPORT-2: the municipality whose open cases changed most since last month (by size; ties by name); null when none changed. */
export function largestOpenChange(doc: MetricsDocument): { municipality: string; change: number } | null {
  const entries = Object.entries(reportMonthOf(doc).open.changeByMunicipality).filter(([, c]) => c !== 0);
  if (entries.length === 0) return null;
  entries.sort(([a, x], [b, y]) => Math.abs(y) - Math.abs(x) || (a < b ? -1 : a > b ? 1 : 0));
  const [municipality, change] = entries[0]!;
  return { municipality, change };
}

/** REPORT-3: security alerts rose by more than ALERT_RISE_SHARE since last month (from none to some counts as a rise). */
export function securityAlertRise(doc: MetricsDocument): { before: number; now: number; significant: boolean; total: number } | null {
  const previous = previousMonthOf(doc);
  const now = reportMonthOf(doc).new;
  if (previous === null) return null;
  const before = previous.new.securityAlerts;
  if (!(now.securityAlerts > before * (1 + ALERT_RISE_SHARE)) || now.securityAlerts === before) return null;
  return { before, now: now.securityAlerts, significant: alertsAreSignificant(now.securityAlerts, now.total), total: now.total };
}

/** REPORT-3: alerts are "a considerable part" of the new tickets. */
export function alertsAreSignificant(alerts: number, total: number): boolean {
  return total > 0 && alerts / total >= ALERT_SIGNIFICANT_SHARE;
}

/**
 * REPORT-4: the categories of the report month more than HIGHER_THAN_NORMAL_SHARE
 * above their mean over the 12 window months before it (a month without the
 * category counts 0; a category new this month with no history counts as higher).
 */
export function higherThanNormal(doc: MetricsDocument): string[] {
  const earlier = doc.monthly.slice(0, -1);
  if (earlier.length === 0) return [];
  const now = reportMonthOf(doc).new.byCategory;
  return Object.keys(now)
    .sort()
    .filter((category) => {
      const mean = earlier.reduce((s, m) => s + (m.new.byCategory[category] ?? 0), 0) / earlier.length;
      return now[category]! > mean * (1 + HIGHER_THAN_NORMAL_SHARE);
    });
}

/** REPORT-5: more tickets of the class were resolved than came in during the report month. */
export function resolvedMoreThanNew(doc: MetricsDocument, cls: 'incident' | 'request'): { resolved: number; created: number; relation: 'more' | 'fewer' | 'same' } {
  const m = reportMonthOf(doc);
  const resolved = m.resolved[cls];
  const created = m.new[cls];
  return { resolved, created, relation: resolved > created ? 'more' : resolved < created ? 'fewer' : 'same' };
}

/** REPORT-6: the word for a TREND-1 slope. */
export function trendDirection(trend: Trend): 'falling' | 'rising' | 'stable' {
  return trend.slopePerMonth < -STABLE_SLOPE ? 'falling' : trend.slopePerMonth > STABLE_SLOPE ? 'rising' : 'stable';
}

/**
 * REPORT-7: since when the series has fallen, from TREND-1's `fallingSince`:
 * `since` when it is a window month after the first and before the report
 * month and the report month's count is below the count of the month before it;
 * `lastMonth` when only the report month fell; `wholeWindow` when the series
 * never rose in the window and ends lower than it began; `rose` when the
 * report month rose; null otherwise (flat).
 */
export function fallingSince(doc: MetricsDocument, series: 'openTotal' | 'openIncident' | 'openRequest'): { kind: 'since'; month: string } | { kind: 'lastMonth' | 'wholeWindow' | 'rose' } | null {
  const pick = (m: MonthFigures) => (series === 'openTotal' ? m.open.total : series === 'openIncident' ? m.open.incident : m.open.request);
  const since = doc.trends[series].fallingSince;
  const values = doc.monthly.map(pick);
  const last = values[values.length - 1]!;
  if (since === null) return { kind: 'rose' };
  const at = doc.window.indexOf(since);
  if (at <= 0) return values.length > 1 && last < values[0]! ? { kind: 'wholeWindow' } : null;
  if (!(last < values[at - 1]!)) return null;
  return at === values.length - 1 ? { kind: 'lastMonth' } : { kind: 'since', month: since };
}

/** REPORT-11: the incident priorities whose old cases lift the mean resolution time by more than OLD_CASE_LIFT_SHARE. */
export function oldCasesLiftMean(doc: MetricsDocument): { priority: string; figures: ResolutionFigures }[] {
  const byPriority = reportMonthOf(doc).resolution.incident.byPriority;
  const order = [...new Set([...doc.priorities.map((p) => p.name), ...Object.keys(byPriority).sort()])];
  return order.flatMap((priority) => {
    const f = byPriority[priority];
    if (f === undefined || f.nOld === 0) return [];
    const lifted = f.meanHoursExcludingOld === null || f.meanHours > f.meanHoursExcludingOld * (1 + OLD_CASE_LIFT_SHARE);
    return lifted ? [{ priority, figures: f }] : [];
  });
}

/** REPORT-10: incidents open at the month's end and past their target, by priority (only those with any). */
export function openPastTarget(doc: MetricsDocument): { priority: string; n: number }[] {
  const sla = reportMonthOf(doc).sla.byPriority;
  return doc.priorities.flatMap((p) => {
    const n = sla[p.name]?.openBreached ?? 0;
    return n > 0 ? [{ priority: p.name, n }] : [];
  });
}

/** The lower edge in days of an AGE-1 bucket key ("91-365" → 91, "366+" → 366). */
const bucketFrom = (key: string): number => Number(/^\d+/.exec(key)?.[0] ?? NaN);

/**
 * REPORT-14: the open cases at the end of the report month in AGE-1's buckets
 * from OLD_BACKLOG_FROM_DAYS up ("older than" the lowest such edge − 1 days),
 * and the same at the end of the month before (null without one). Null when
 * no bucket starts at or above OLD_BACKLOG_FROM_DAYS.
 */
export function backlogAge(doc: MetricsDocument): { olderThanDays: number; now: number; before: number | null } | null {
  const keys = Object.keys(reportMonthOf(doc).open.byAge).filter((k) => bucketFrom(k) >= OLD_BACKLOG_FROM_DAYS);
  if (keys.length === 0) return null;
  const sum = (m: MonthFigures) => keys.reduce((s, k) => s + (m.open.byAge[k] ?? 0), 0);
  const previous = previousMonthOf(doc);
  return { olderThanDays: Math.min(...keys.map(bucketFrom)) - 1, now: sum(reportMonthOf(doc)), before: previous === null ? null : sum(previous) };
}

/**
 * REPORT-15: the total reopen rate of the report month and the month before,
 * when both are known and it moved by more than REOPEN_RATE_MOVE (compared
 * in the figures' 4 decimals, so exactly 2 points is no move).
 */
export function reopenRateMove(doc: MetricsDocument): { before: number; now: number } | null {
  const previous = previousMonthOf(doc);
  const now = reportMonthOf(doc).resolved.reopenRate?.total ?? null;
  const before = previous?.resolved.reopenRate?.total ?? null;
  if (now === null || before === null) return null;
  return Math.abs(Math.round(now * 10_000) - Math.round(before * 10_000)) > Math.round(REOPEN_RATE_MOVE * 10_000) ? { before, now } : null;
}

/**
 * REPORT-17: RISK-1's open critical and high incidents at the as-of
 * instant, when there is one: the as-of instant as the report month's end
 * date when it is that month's end (the usual case, TIME-4), else as a local
 * date and time; and the count in each state, the states with none left out.
 */
export function breachRiskOf(doc: MetricsDocument): { atMonthEnd: boolean; asOfLocal: string; states: { state: 'breached' | 'dueWithinHour' | 'later'; n: number }[] } | null {
  const risk = doc.breachRisk;
  if (risk.cases.length === 0) return null;
  // TIME-3: the report month ends at local midnight starting the 1st of the next.
  const nextFirst = `${addMonths(doc.reportMonth, 1)}-01T00:00:00`;
  const states = (['breached', 'dueWithinHour', 'later'] as const).map((state) => ({ state, n: risk[state] })).filter((s) => s.n > 0);
  return { atMonthEnd: risk.asOfLocal === nextFirst, asOfLocal: risk.asOfLocal, states };
}

/**
 * REPORT-16: the mass closures (QUALITY-1) whose first instant is in the
 * report month, and the incident priorities of the month whose mean
 * resolution time has mass-closed tickets in it, with the mean without them.
 */
export function massClosuresOfMonth(doc: MetricsDocument): { closures: MassClosure[]; incidentPriorities: { priority: string; figures: ResolutionFigures }[] } {
  const closures = doc.dataQuality.massClosures.filter((c) => c.month === doc.reportMonth);
  if (closures.length === 0) return { closures, incidentPriorities: [] };
  const byPriority = reportMonthOf(doc).resolution.incident.byPriority;
  const order = [...new Set([...doc.priorities.map((p) => p.name), ...Object.keys(byPriority).sort()])];
  const incidentPriorities = order.flatMap((priority) => {
    const f = byPriority[priority];
    return f !== undefined && f.nMassClosed > 0 ? [{ priority, figures: f }] : [];
  });
  return { closures, incidentPriorities };
}
