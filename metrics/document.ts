import type { Restatements } from './restatements.ts';

export type { Restatements };

/**
 * The metrics document: every figure of METRICS.md's JSON outline, as
 * `psa metrics` writes it to `metrics.json`. `metrics/metrics.schema.json`
 * is the published contract; these types are its TypeScript picture.
 *
 * Counts are integers; hours are rounded to 2 decimals and compliance to 4,
 * on the final figure only; `null` where a figure is undefined. Maps keyed
 * by a name (category, municipality, priority, rule) list only names with a
 * count above zero, except `sla.byPriority`, which lists every configured
 * priority (null figures for one without a target, SLA-1).
 */

/** Bumped on any breaking change to the document's shape or meaning. */
export const SCHEMA_VERSION = 4;

export type Counts = Record<string, number>;
export type TicketClassCounted = 'incident' | 'request';

export interface NewFigures {
  readonly incident: number;
  readonly request: number;
  readonly total: number;
  readonly securityAlerts: number;
  readonly byCategory: Counts;
  readonly byMunicipality: Counts;
  /** NEW-1: per class, by report category (the report's table of the month). */
  readonly byClassAndCategory: Readonly<Record<TicketClassCounted, Counts>>;
  /** NEW-1: per class, by municipality. */
  readonly byClassAndMunicipality: Readonly<Record<TicketClassCounted, Counts>>;
  /** NEW-2: security alerts by the alert source that matched (Atea SOC, HelseCERT). */
  readonly securityAlertsBySource: Counts;
  /** NEW-2: security alerts by the report category they are counted under. */
  readonly securityAlertsByCategory: Counts;
}

export interface OpenFigures {
  readonly incident: number;
  readonly request: number;
  readonly total: number;
  readonly naiveTotal: number;
  readonly adjustment: number;
  readonly byMunicipality: Counts;
  /** OPEN-4: open(M) − open(M−1) per municipality open at either month end. */
  readonly changeByMunicipality: Counts;
}

/** AGE-1 at a month end. */
export interface OpenAgeFigures {
  /** AGE-1: the open cases at the month end by age since creation, every configured bucket (0 included). */
  readonly byAge: Counts;
  /** AGE-1: the same per class. */
  readonly byAgeByClass: Readonly<Record<TicketClassCounted, Counts>>;
  /** AGE-1: the same per municipality with open cases. */
  readonly byAgeByMunicipality: Readonly<Record<string, Counts>>;
  /** AGE-1: the median age in days of the open cases; null when none is open. */
  readonly medianAgeDays: number | null;
}

/** REOPEN-1: per class and in total. */
export interface ClassFigures<T> {
  readonly incident: T;
  readonly request: T;
  readonly total: T;
}

/** OPEN-3: resolved in the month. */
export type ResolvedCounts = ClassFigures<number>;

/**
 * REOPEN-1 of the month's resolved tickets. Both are left out (read them as
 * null) when no ticket carries a reopen count (an export without
 * `Gjenåpnet`); `notAvailable["REOPEN-1"]` then says so.
 */
export interface ReopenFigures {
  /** REOPEN-1: the month's resolved tickets with reopen evidence. */
  readonly reopened?: ClassFigures<number>;
  /** REOPEN-1: reopened ÷ resolved (null for a class with none resolved). */
  readonly reopenRate?: ClassFigures<number | null>;
}

/** AGE-1: one of the oldest open cases at the end of the report month (no subject). */
export interface OldOpenCase {
  readonly ticketNumber: number;
  readonly ageDays: number;
  readonly municipality: string;
  readonly category: string;
  readonly priority: string | null;
}

/** n, mean, median and 90th percentile of durations in calendar and service hours (DUR-2, RESP-1). */
export interface Distribution {
  readonly n: number;
  readonly meanHours: number;
  readonly medianHours: number;
  readonly p90Hours: number;
  readonly meanServiceHours: number;
  readonly medianServiceHours: number;
  readonly p90ServiceHours: number;
}

export interface ResolutionFigures extends Distribution {
  /** Tickets older than the old-case limit (90 calendar days) when resolved. */
  readonly nOld: number;
  /** The mean without the old cases; null when every ticket is an old case. */
  readonly meanHoursExcludingOld: number | null;
  /** The median without the old cases; null when every ticket is an old case. */
  readonly medianHoursExcludingOld: number | null;
  /** QUALITY-1: tickets of a mass closure among `n`. */
  readonly nMassClosed: number;
  /** QUALITY-1: the mean and median without the mass-closed tickets; null when every ticket is one. */
  readonly meanHoursExcludingMassClosed: number | null;
  readonly medianHoursExcludingMassClosed: number | null;
}

/** QUALITY-1 (MASS_CLOSURE): tickets resolved or closed in one burst. */
export interface MassClosure {
  /** The local month of its first instant. */
  readonly month: string;
  /** Its first and last closure instant (UTC). */
  readonly first: string;
  readonly last: string;
  /** The same as local wall-clock times in the rules' zone, `YYYY-MM-DDTHH:MM:SS` (for the dashboard and the report). */
  readonly localFirst: string;
  readonly localLast: string;
  /** Its tickets, and how many of them are incidents and requests. */
  readonly tickets: number;
  readonly incident: number;
  readonly request: number;
}

/** RESP-1: first-response times of the incidents of one priority resolved in a month. */
export interface ResponseFigures extends Distribution {
  /** SLA-3's response compliance of the month and priority; null without a response target. */
  readonly responseCompliance: number | null;
}

export interface SlaFigures {
  readonly met: number | null;
  readonly breached: number | null;
  readonly compliance: number | null;
  readonly openBreached: number | null;
  readonly responseMet: number | null;
  readonly responseBreached: number | null;
  readonly responseCompliance: number | null;
}

export interface MonthFigures {
  readonly month: string;
  readonly new: NewFigures;
  readonly open: OpenFigures & OpenAgeFigures;
  readonly resolved: ResolvedCounts & ReopenFigures;
  readonly balance: { readonly incident: number; readonly request: number };
  readonly resolution: Readonly<Record<TicketClassCounted, { readonly byPriority: Readonly<Record<string, ResolutionFigures>> }>>;
  readonly sla: { readonly byPriority: Readonly<Record<string, SlaFigures>> };
  /** RESP-1: per priority with a measured incident; null when no export has a first-response column (see notAvailable). */
  readonly response: { readonly byPriority: Readonly<Record<string, ResponseFigures>> } | null;
}

export interface Trend {
  readonly slopePerMonth: number;
  readonly fallingSince: string | null;
}

export interface CriticalOrHigh {
  readonly ticketNumber: number;
  /** UTC instant. */
  readonly created: string;
  /** Local date of creation, YYYY-MM-DD. */
  readonly date: string;
  readonly priority: string;
  readonly municipality: string;
  /** The ticket's subject with `--include-subjects`, else null. */
  readonly subject: string | null;
  /** The status as the export gave it. */
  readonly status: string;
  /** The effective resolution instant (RESOLVED-1), null while open. */
  readonly resolved: string | null;
  readonly resolutionHours: number | null;
  readonly resolutionServiceHours: number | null;
  /** Resolution target met; null while open or without a duration. */
  readonly met: boolean | null;
}

/** An incident behind SLA-2's `breached` or `openBreached` in the report month. */
export interface SlaBreach {
  readonly ticketNumber: number;
  /** `breached`: resolved in the month past its target; `openPastTarget`: still open at month end, past its target. */
  readonly state: 'breached' | 'openPastTarget';
  readonly priority: string;
  readonly municipality: string;
  /** UTC instant. */
  readonly created: string;
  /** Local date of creation, YYYY-MM-DD. */
  readonly date: string;
  /** The instant the resolution target fell due (UTC). */
  readonly due: string;
  /** The ticket's subject with `--include-subjects`, else null. */
  readonly subject: string | null;
  readonly status: string;
  /** The effective resolution instant; null while open. */
  readonly resolved: string | null;
  readonly resolutionHours: number | null;
  readonly resolutionServiceHours: number | null;
}

/** RISK-1: a critical or high incident open at the as-of instant and its time left to the resolution target. */
export interface BreachRiskCase {
  readonly ticketNumber: number;
  readonly priority: string;
  readonly municipality: string;
  /** UTC instant. */
  readonly created: string;
  /** The last instant the resolution target is met (UTC). */
  readonly due: string;
  /** `due` as local wall-clock time in the rules' zone, `YYYY-MM-DDTHH:MM:SS`. */
  readonly dueLocal: string;
  /** Hours from the as-of instant to `due` in the priority's calendar (service hours, or calendar hours for 24x7); negative once breached. */
  readonly remainingHours: number;
  /** `breached`: past due at the as-of instant; `dueWithinHour`: due within 1 hour of its calendar; `later`. */
  readonly state: 'breached' | 'dueWithinHour' | 'later';
}

/** RISK-1 at the as-of instant. */
export interface BreachRisk {
  readonly asOf: string;
  /** `asOf` as local wall-clock time in the rules' zone, `YYYY-MM-DDTHH:MM:SS`. */
  readonly asOfLocal: string;
  readonly breached: number;
  readonly dueWithinHour: number;
  readonly later: number;
  /** By due instant, then ticket number. */
  readonly cases: readonly BreachRiskCase[];
}

export interface ExportProvenance {
  readonly file: string;
  readonly sha256: string;
  readonly rows: number;
}

/** A configured priority and its SLA targets (SLA-1), in the rules' order. */
export interface PriorityTargets {
  readonly name: string;
  /** `service` (service hours) or `24x7` (calendar hours). */
  readonly calendar: string;
  readonly responseTargetHours: number | null;
  readonly resolutionTargetHours: number | null;
}

export interface MetricsDocument {
  readonly schemaVersion: number;
  readonly reportMonth: string;
  readonly window: readonly string[];
  readonly asOf: string;
  readonly provenance: {
    readonly exports: readonly ExportProvenance[];
    readonly rulesSha256: string;
    readonly metrics: Readonly<Record<string, number>>;
  };
  /** The priorities in the rules' order (most urgent first), with their targets. */
  readonly priorities: readonly PriorityTargets[];
  readonly monthly: readonly MonthFigures[];
  readonly trends: { readonly openTotal: Trend; readonly openIncident: Trend; readonly openRequest: Trend };
  readonly criticalAndHigh: readonly CriticalOrHigh[];
  /** AGE-1: the oldest open cases at the end of the report month, oldest first (at most 10). */
  readonly oldestOpen: readonly OldOpenCase[];
  /** RISK-1: the critical and high incidents open at the as-of instant. */
  readonly breachRisk: BreachRisk;
  /** Rule id → why its figures are left out or null: the export lacks the field they need. `{}` when every figure could be computed. */
  readonly notAvailable: Readonly<Record<string, string>>;
  /** The incidents behind the report month's SLA-2 breached and openBreached figures, by due instant. */
  readonly slaBreaches: readonly SlaBreach[];
  readonly dataQuality: {
    readonly byRule: Counts;
    /** Findings by the local month the ticket was created in, for every window month. */
    readonly byMonth: readonly { readonly month: string; readonly byRule: Counts }[];
    /** QUALITY-1: the mass closures whose first instant is in a window month, by first instant. */
    readonly massClosures: readonly MassClosure[];
  };
  /**
   * The window's figures that earlier publications gave differently (issue
   * 15): against the latest earlier publication covering each month, with
   * the reasons of the tickets behind each difference.
   */
  readonly restatements: Restatements;
}
