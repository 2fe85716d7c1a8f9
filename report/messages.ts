/**
 * Every sentence and label of the report, as small functions taking the
 * figures already formatted: one implementation per language
 * (messages-nb.ts, messages-en.ts, both imported by languages.ts), so this
 * module imports neither. Which sentence appears when is decided in
 * sentence-rules.ts; content.ts puts them together.
 */

export type Direction = 'falling' | 'rising' | 'stable';

export interface ReportMessages {
  readonly defaultHeading: { readonly number: string; readonly title: string };
  readonly sections: {
    readonly categories: string;
    readonly municipalities: string;
    readonly openIncidents: string;
    readonly openRequests: string;
    readonly openTotal: string;
    readonly sla: string;
    readonly resolutionTime: string;
  };
  // Opening paragraph
  /** REPORT-1. `range` is "22" or "22–24"; `months` and `windowMonths` are counts. */
  readonly repair: (range: string, down: boolean, months: string, windowMonths: string, all: boolean) => string;
  /** REPORT-2. */
  readonly largestChange: (municipality: string, size: string, down: boolean) => string;
  /** REPORT-3. */
  readonly alertRise: (before: string, now: string, significantOf: string | null) => string;

  // 1 categories
  readonly newTotal: (month: string, total: string, incidents: string, requests: string) => string;
  readonly alerts: (alerts: string, sources: string) => string;
  readonly alertSource: (source: string, n: string) => string;
  readonly alertCategory: (categories: string, higherThanNormal: boolean, month: string) => string;
  readonly alertCategoryName: (category: string, n: string | null) => string;
  readonly higherThanNormal: (categories: readonly string[], month: string) => string;
  readonly noNewTickets: (month: string) => string;

  // 2 municipalities
  readonly municipalityIntro: string;
  readonly municipalityChanges: (changes: string) => string;
  readonly municipalityChange: (municipality: string, change: string) => string;
  readonly noOpenChange: string;

  // 3–5 open cases
  /** REPORT-5. */
  readonly resolvedVersusNew: (cls: 'incident' | 'request', relation: 'more' | 'fewer' | 'same', month: string, resolved: string, created: string) => string;
  /** REPORT-6. */
  readonly openIncidents: (date: string, n: string, direction: Direction) => string;
  readonly openRequests: (date: string, n: string, direction: Direction, sameAsIncidents: boolean) => string;
  readonly openTotal: (month: string, n: string) => string;
  /** REPORT-14: `before` null without a month before. */
  readonly backlogAge: (date: string, n: number, nText: string, olderThanDays: string, change: { size: string; kind: 'fewer' | 'more' | 'same' } | null) => string;
  /** REPORT-15. */
  readonly reopenRate: (month: string, now: string, previousMonth: string, before: string, rose: boolean) => string;
  /** REPORT-7. */
  readonly totalTrend: (direction: Direction, since: { kind: 'since'; month: string } | { kind: 'lastMonth' | 'wholeWindow' | 'rose' } | null) => string;

  // 6 SLA
  readonly priorityCount: (month: string, n: number, nText: string, priority: string) => string;
  readonly listItem: (date: string, municipality: string, description: string, outcome: string) => string;
  readonly descriptionLeftOut: string;
  readonly descriptionsLeftOut: string;
  readonly outcomeResolved: (hours: string, serviceHours: boolean, met: boolean | null, target: string | null) => string;
  readonly outcomeOpen: (date: string) => string;
  readonly compliance: (priority: string, met: string, resolved: string, target: string, percent: string) => string;
  readonly complianceNone: (priority: string, month: string) => string;
  /** REPORT-10. */
  readonly openPastTarget: (date: string, parts: string) => string;
  readonly openPastTargetPart: (n: number, nText: string, priority: string) => string;
  readonly noOpenPastTarget: (date: string) => string;
  /** REPORT-17: the critical and high incidents open at the as-of instant (RISK-1), `when` a date or a date and time; `parts` from breachRiskPart. */
  readonly breachRisk: (when: string, n: number, nText: string, parts: string) => string;
  readonly breachRiskPart: (state: 'breached' | 'dueWithinHour' | 'later', n: number, nText: string) => string;
  /** REPORT-17: one open incident: its due date and time, and the hours left (negative: past due) in `unit`. */
  readonly breachRiskItem: (ticket: string, priority: string, municipality: string, dueDate: string, dueTime: string, hours: string, breached: boolean, unit: 'service' | 'calendar') => string;
  /** REPORT-17: "31. oktober kl. 14.00" / "31 October at 14:00". */
  readonly dateAndTime: (date: string, time: string) => string;

  // 7 resolution time
  readonly resolutionIntro: (hourPriorities: string, dayPriorities: string) => string;
  /** REPORT-16: a mass closure (QUALITY-1) on `date` from `from` to `to` (times of day). */
  readonly massClosure: (date: string, nText: string, from: string, to: string) => string;
  /** REPORT-16: an incident priority's mean with and without its mass-closed tickets (`without` null when all were). */
  readonly massClosureEffect: (priority: string, withMass: string, without: string | null, n: number, nText: string, unit: 'hours' | 'days') => string;
  /** REPORT-11. */
  readonly oldCases: (priority: string, withOld: string, withoutOld: string | null, nOld: string, unit: 'hours' | 'days') => string;

  // Tables, charts and units
  readonly table: {
    readonly category: string;
    readonly municipality: string;
    readonly incidents: string;
    readonly requests: string;
    readonly total: string;
    readonly sum: string;
    readonly openAtEnd: (date: string) => string;
    readonly openChange: string;
    readonly priority: string;
    readonly target: string;
    readonly met: string;
    readonly breached: string;
    readonly compliance: string;
    readonly openBreached: string;
    readonly unit: string;
    readonly resolved: string;
    readonly mean: string;
    readonly median: string;
    readonly nOld: string;
    readonly meanWithoutOld: string;
    readonly medianWithoutOld: string;
    readonly hours: string;
    readonly days: string;
    readonly none: string;
  };
  readonly chartAlt: {
    readonly 'new-by-category': (from: string, to: string) => string;
    readonly 'new-by-municipality': (from: string, to: string) => string;
    readonly 'open-incidents': (from: string, to: string) => string;
    readonly 'open-requests': (from: string, to: string) => string;
    readonly 'open-total': (from: string, to: string) => string;
    readonly 'sla-compliance': (from: string, to: string) => string;
    readonly 'resolution-time': (from: string, to: string) => string;
  };
  /** "280 av 1 456". */
  readonly partOf: (part: string, whole: string) => string;
  readonly hoursUnit: (n: string) => string;
  readonly daysUnit: (n: string) => string;
  readonly documentTitle: (heading: string, month: string) => string;
}
