/**
 * The transform of one ticket: a pure function of its loaded values and the
 * rules. It decides the ticket's class and status class, repairs its
 * resolution instant, classifies report category, municipality and security
 * alert, measures durations in calendar and service hours, and checks the
 * SLA targets; every repair and doubt becomes a finding.
 *
 * Lookups by value (type, status, priority, company, department, categories)
 * are memoised: an export has few distinct values and many tickets.
 */
import { digits, formatUtc } from '../core/timestamps.ts';
import { PsaError } from '../core/errors.ts';
import type { FctFinding, FctTicket, StgTicket } from '../store/schema.ts';
import { findingMessages, type FindingRule } from './messages.ts';
import { domainMatches, emailDomain } from './patterns.ts';
import { repairResolvedDate, type ResolvedRepair, type ResolvedSource } from './repair-resolved.ts';
import type { MunicipalityMatch, PriorityRule, Rules, StatusClass, TicketClass } from './rules.ts';

/** The columns of `stg_tickets` the transform reads, in the order it selects them. */
export const INPUT_COLUMNS = [
  'ticket_number', 'subject', 'ticket_type', 'status', 'core_status', 'priority', 'category1', 'category2', 'category3',
  'requester', 'requester_email', 'company', 'department', 'created', 'modified', 'responded', 'resolved', 'closed',
  'reopened_count', 'marked_for_deletion',
] as const satisfies readonly (keyof StgTicket)[];

/** The loaded values the transform reads: those columns of a `stg_tickets` row, typed as declared (store/columns.ts). */
export type TicketInput = Readonly<Pick<StgTicket, (typeof INPUT_COLUMNS)[number]>>;

/** The timestamps of a ticket, in the order findings name them. */
export const TIMESTAMP_COLUMNS = ['created', 'modified', 'responded', 'resolved', 'closed'] as const satisfies readonly (keyof TicketInput)[];

/** TIME-4: a load's export date, and the instant after which a timestamp of its tickets is FUTURE_TIMESTAMP. */
export interface FutureLimit {
  readonly exportDate: string;
  readonly after: string;
}

export type { ResolvedSource };
export type MunicipalitySource = NonNullable<FctTicket['municipality_source']>;

/** One row of `fct_tickets`. */
export type TicketFacts = FctTicket;

/** One row of `fct_findings`. */
export interface Finding extends FctFinding {
  readonly rule: FindingRule;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

interface Classified<T> {
  readonly value: T;
  readonly mapped: boolean;
}

/** Records a finding of the ticket being classified. */
type AddFinding = (rule: FindingRule, message: string, details: Record<string, unknown>) => void;

/** A measured interval: calendar milliseconds and their part in service hours. */
interface Duration {
  readonly calendarMs: number;
  readonly serviceMs: number;
}

/** Where a ticket is placed, and by which of its values. */
interface Place {
  readonly match: MunicipalityMatch;
  readonly source: MunicipalitySource;
}

export class TicketClassifier {
  private readonly typeMemo = new Map<string, Classified<TicketClass>>();
  private readonly statusMemo = new Map<string, StatusClass | null>();
  private readonly priorityMemo = new Map<string, PriorityRule | null>();
  private readonly categoryMemo = new Map<string, string | null>();
  private readonly companyMemo = new Map<string, MunicipalityMatcherResult>();
  private readonly domainMemo = new Map<string, MunicipalityMatcherResult>();
  private readonly departmentMemo = new Map<string, MunicipalityMatcherResult>();
  private readonly requesterMemo = new Map<string, SecurityAlertRule | null>();
  private readonly emailMemo = new Map<string, SecurityAlertRule | null>();
  private readonly oldCaseMs: number;

  constructor(private readonly rules: Omit<Rules, 'source'>) {
    this.oldCaseMs = rules.oldCaseDays * MS_PER_DAY;
  }

  /**
   * The facts of one ticket; its findings are appended to `findings`.
   * `future`: the export date of the load the ticket's values came from and
   * the instant after which its timestamps are FUTURE_TIMESTAMP (TIME-4).
   * Each rule is a method of its own below; this composes them, in the
   * order their findings are listed.
   */
  classify(t: TicketInput, findings: Finding[], future?: FutureLimit): TicketFacts {
    const n = t.ticket_number;
    const add: AddFinding = (rule, message, details) => findings.push({ ticket_number: n, rule, message, details: JSON.stringify(details) });
    const { calendar } = this.rules;

    if (future !== undefined) this.futureTimestamps(t, future, add); // TIME-4
    const type = this.ticketClassOf(t, add); // CLASS-1
    const statusClass = this.statusClassOf(t, add); // STATUS-1
    const markedForDeletion = markedForDeletionOf(t, add); // STATUS-2

    // RESOLVED-1 and RESOLVED-3: the repair (repair-resolved.ts).
    const created = instant(t, 'created', t.created);
    const repair = repairResolvedDate(t, statusClass, this.rules.repairMissingResolvedDates);
    if (repair.finding !== null) add(repair.finding.rule, repair.finding.message, repair.finding.details);
    const { resolvedAt, source } = repair;
    const resolved = resolvedAt === null ? null : instant(t, source === 'export' ? 'resolved' : source!, resolvedAt);

    const resolution = this.resolutionTime(t, created, resolved, repair, add); // DUR-1, RESOLVED-2
    const response = this.responseTime(t, created, add); // DUR-1
    const priority = this.priorityOf(t, add); // SLA-1
    const alert = this.securityAlert(t); // NEW-2
    const category = this.reportCategoryOf(t, alert, add);
    const place = this.municipalityOf(t, add);

    const resolutionMs = resolution?.calendarMs ?? null;
    const responseMs = response?.calendarMs ?? null;
    const resolutionTarget = priority?.resolutionHours ?? null;
    const responseTarget = priority?.responseHours ?? null;
    const due = this.resolutionDue(priority, created);
    return {
      ticket_number: n,
      ticket_class: type.value,
      status_class: statusClass,
      counted: type.value !== 'other' && !markedForDeletion ? 1 : 0,
      priority: priority?.name ?? t.priority,
      report_category: category,
      municipality: place?.match.name ?? this.rules.unknownMunicipality,
      municipality_source: place?.source ?? null,
      former_municipality: place?.match.historical ?? null,
      security_alert_source: alert?.name ?? null,
      created_month: calendar.localMonth(created),
      resolved: resolvedAt,
      resolved_source: source,
      resolved_month: resolved === null ? null : calendar.localMonth(resolved),
      // RESOLVED-3: the export's resolved date, already parsed when it is the effective one.
      naive_resolved_month: t.resolved === null ? null : calendar.localMonth(source === 'export' ? resolved! : instant(t, 'resolved', t.resolved)),
      resolution_hours: hours(resolutionMs),
      resolution_service_hours: hours(resolution?.serviceMs ?? null),
      is_old_case: resolutionMs === null ? null : resolutionMs > this.oldCaseMs ? 1 : 0,
      response_hours: hours(responseMs),
      response_service_hours: hours(response?.serviceMs ?? null),
      response_met: slaMet(priority, response, responseTarget),
      resolution_met: slaMet(priority, resolution, resolutionTarget),
      resolution_due: due === null ? null : formatUtc(due),
      created: t.created,
      status: t.status,
      reopened: reopenedOf(t.reopened_count, statusClass, t.resolved),
      age_from_day: calendar.firstMidnightDay(created), // AGE-1
      closed: t.closed,
    };
  }

  /** TIME-4: timestamps after the export's date and its margin (UTC text sorts as time does). */
  private futureTimestamps(t: TicketInput, future: FutureLimit, add: AddFinding): void {
    const late = TIMESTAMP_COLUMNS.filter((c) => t[c] !== null && t[c] > future.after);
    if (late.length === 0) return;
    const values = late.map((c) => t[c]!);
    add('FUTURE_TIMESTAMP', findingMessages.futureTimestamp(late, values, future.exportDate, this.rules.futureTimestampMarginDays), {
      columns: late,
      values,
      exportDate: future.exportDate,
      marginDays: this.rules.futureTimestampMarginDays,
    });
  }

  /** CLASS-1: the ticket class from the ticket type; an unmapped type is `other`. */
  private ticketClassOf(t: TicketInput, add: AddFinding): Classified<TicketClass> {
    const type = this.ticketClass(t.ticket_type);
    if (!type.mapped) add('UNMAPPED_TYPE', findingMessages.unmappedType(t.ticket_type), { ticketType: t.ticket_type });
    return type;
  }

  /** STATUS-1: the status name, overruled by coreStatus where the export has it. */
  private statusClassOf(t: TicketInput, add: AddFinding): StatusClass {
    const mappedStatus = this.statusClass(t.status);
    let statusClass: StatusClass = mappedStatus ?? 'open';
    const threshold = this.rules.resolvedFromCoreStatus;
    if (t.core_status !== null && threshold !== null) {
      const coreDone = t.core_status >= threshold;
      if (mappedStatus === null) statusClass = coreDone ? 'resolved' : 'open';
      else if (coreDone !== (mappedStatus !== 'open')) {
        statusClass = coreDone ? 'resolved' : 'open';
        add('STATUS_CONFLICT', findingMessages.statusConflict(t.status, mappedStatus, t.core_status, statusClass), {
          status: t.status,
          mapped: mappedStatus,
          coreStatus: t.core_status,
          statusClass,
        });
      }
    }
    if (mappedStatus === null) {
      add('UNMAPPED_STATUS', findingMessages.unmappedStatus(t.status, t.core_status, statusClass), { status: t.status, coreStatus: t.core_status, statusClass });
    }
    return statusClass;
  }

  /** DUR-1 and RESOLVED-2: created → effective resolution; none when resolved before created. */
  private resolutionTime(t: TicketInput, created: number, resolved: number | null, repair: ResolvedRepair, add: AddFinding): Duration | null {
    if (resolved === null) return null;
    if (resolved < created) {
      add('RESOLVED_BEFORE_CREATED', findingMessages.resolvedBeforeCreated(t.created, repair.resolvedAt!), { created: t.created, resolved: repair.resolvedAt, source: repair.source });
      return null;
    }
    return { calendarMs: resolved - created, serviceMs: this.rules.calendar.serviceMillis(created, resolved) };
  }

  /** DUR-1: created → first response; none when responded before created. */
  private responseTime(t: TicketInput, created: number, add: AddFinding): Duration | null {
    if (t.responded === null) return null;
    const responded = instant(t, 'responded', t.responded);
    if (responded < created) {
      add('RESPONDED_BEFORE_CREATED', findingMessages.respondedBeforeCreated(t.created, t.responded), { created: t.created, responded: t.responded });
      return null;
    }
    return { calendarMs: responded - created, serviceMs: this.rules.calendar.serviceMillis(created, responded) };
  }

  /** SLA-1: the priority's rule with its targets. Ingest stores text trimmed, an empty value as null. */
  private priorityOf(t: TicketInput, add: AddFinding): PriorityRule | null {
    const priority = this.priority(t.priority);
    if (t.priority === null) add('MISSING_PRIORITY', findingMessages.missingPriority(), {});
    else if (priority === null) add('UNMAPPED_PRIORITY', findingMessages.unmappedPriority(t.priority), { priority: t.priority });
    return priority;
  }

  /** SLA-1: the last instant the resolution target is still met, in the priority's calendar. */
  private resolutionDue(priority: PriorityRule | null, created: number): number | null {
    const target = priority?.resolutionHours ?? null;
    if (target === null) return null;
    return priority!.calendar === '24x7' ? created + target * MS_PER_HOUR : this.rules.calendar.dueAfter(created, target * MS_PER_HOUR);
  }

  /** NEW-2 and the report category: a security alert's category, else the first matching rule's, else the fallback. */
  private reportCategoryOf(t: TicketInput, alert: SecurityAlertRule | null, add: AddFinding): string {
    const category = alert?.reportCategory ?? this.category(t.category1, t.category2, t.category3);
    if (category !== null) return category;
    const fallback = this.rules.fallbackCategory;
    add('UNCATEGORISED', findingMessages.uncategorised(t.category1, t.category2, t.category3, fallback), {
      category1: t.category1,
      category2: t.category2,
      category3: t.category3,
    });
    return fallback;
  }

  /** Municipality: company, then e-mail domain, then department; a former municipality counts for today's. */
  private municipalityOf(t: TicketInput, add: AddFinding): Place | null {
    const place = this.municipality(t.company, t.requester_email, t.department);
    if (place === null) {
      const domain = emailDomain(t.requester_email);
      add('UNKNOWN_MUNICIPALITY', findingMessages.unknownMunicipality(t.company, domain, t.department), { company: t.company, emailDomain: domain, department: t.department });
    } else if (place.match.historical !== null) {
      add('HISTORICAL_MUNICIPALITY', findingMessages.historicalMunicipality(place.match.historical, place.match.name, place.source), {
        former: place.match.historical,
        municipality: place.match.name,
        source: place.source,
      });
    }
    return place;
  }

  private ticketClass(type: string): Classified<TicketClass> {
    let result = this.typeMemo.get(type);
    if (result === undefined) {
      const found = this.rules.ticketTypes.find(([, patterns]) => patterns.matches(type));
      result = found ? { value: found[0], mapped: true } : { value: 'other', mapped: false };
      this.typeMemo.set(type, result);
    }
    return result;
  }

  private statusClass(status: string): StatusClass | null {
    let result = this.statusMemo.get(status);
    if (result === undefined) {
      result = this.rules.statuses.find(([, patterns]) => patterns.matches(status))?.[0] ?? null;
      this.statusMemo.set(status, result);
    }
    return result;
  }

  private priority(priority: string | null): PriorityRule | null {
    if (priority === null) return null;
    let result = this.priorityMemo.get(priority);
    if (result === undefined) {
      result = this.rules.priorities.find(([, patterns]) => patterns.matches(priority))?.[0] ?? null;
      this.priorityMemo.set(priority, result);
    }
    return result;
  }

  private category(c1: string | null, c2: string | null, c3: string | null): string | null {
    const key = `${c1 ?? ''}\u0000${c2 ?? ''}\u0000${c3 ?? ''}`;
    let result = this.categoryMemo.get(key);
    if (result === undefined) {
      const values = [c1, c2, c3];
      result = this.rules.categories.find((r) => r.conditions.every((p, i) => p === null || p.matches(values[i] ?? null)))?.category ?? null;
      this.categoryMemo.set(key, result);
    }
    return result;
  }

  private securityAlert(t: TicketInput): SecurityAlertRule | null {
    const { securityAlerts } = this.rules;
    if (securityAlerts.length === 0) return null;
    const byRequester = memo(this.requesterMemo, t.requester, (r) => securityAlerts.find((s) => s.requesters.matches(r)) ?? null);
    if (byRequester) return byRequester;
    const byEmail = memo(this.emailMemo, t.requester_email, (e) => securityAlerts.find((s) => s.emails.matches(e)) ?? null);
    if (byEmail) return byEmail;
    return securityAlerts.find((s) => s.subjects.matches(t.subject)) ?? null;
  }

  private municipality(company: string | null, email: string | null, department: string | null): Place | null {
    const { municipalities } = this.rules;
    const byCompany = memo(this.companyMemo, company, (c) => municipalities.find((m) => m.companies.matches(c)) ?? null);
    if (byCompany) return { match: byCompany, source: 'company' };
    // The domain is worked out only when the company does not decide.
    const byDomain = memo(this.domainMemo, emailDomain(email), (d) => municipalities.find((m) => domainMatches(d, m.emailDomains)) ?? null);
    if (byDomain) return { match: byDomain, source: 'email' };
    const byDepartment = memo(this.departmentMemo, department, (d) => municipalities.find((m) => m.departments.matches(d)) ?? null);
    if (byDepartment) return { match: byDepartment, source: 'department' };
    return null;
  }
}

type MunicipalityMatcherResult = MunicipalityMatch | null;
type SecurityAlertRule = Rules['securityAlerts'][number];

/** Memo entries kept per lookup: plenty for the distinct values of an export, bounded for one with a million e-mail addresses. */
const MEMO_LIMIT = 100_000;

function memo<T>(cache: Map<string, T | null>, key: string | null, compute: (key: string) => T | null): T | null {
  if (key === null || key === '') return null;
  let result = cache.get(key);
  if (result === undefined) {
    result = compute(key);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/** A loaded ticket whose values are not what ingest writes (e.g. edited by hand). */
export class TicketInputError extends PsaError {
  override readonly name = 'TicketInputError';
  constructor(message: string) {
    super('state', message);
  }
}

/** Milliseconds of a stored UTC timestamp (TIME-1); throws TicketInputError for anything else. */
function instant(t: TicketInput, column: string, text: string): number {
  const ms = parseUtc(text);
  if (Number.isNaN(ms)) throw new TicketInputError(`ticket ${t.ticket_number}: stg_tickets.${column} is ${JSON.stringify(text)}, not a UTC timestamp YYYY-MM-DDTHH:MM:SSZ`);
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ` → epoch milliseconds, NaN for any other text. Digit by digit: Date.parse costs several times more. */
function parseUtc(text: string): number {
  if (text.length !== 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 90) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: reject dates that do not exist.
  return day <= 28 || new Date(ms).getUTCDate() === day ? ms : NaN;
}

/** STATUS-2: a ticket marked for deletion is not counted; it gets a finding. */
function markedForDeletionOf(t: TicketInput, add: AddFinding): boolean {
  const marked = t.marked_for_deletion === 1;
  if (marked) add('MARKED_FOR_DELETION', findingMessages.markedForDeletion(), { status: t.status });
  return marked;
}

/** SLA-1: 1 met, 0 breached, null without a target or a duration; counted in the priority's calendar. */
function slaMet(priority: PriorityRule | null, duration: Duration | null, targetHours: number | null): number | null {
  if (duration === null || targetHours === null) return null;
  const ms = priority?.calendar === '24x7' ? duration.calendarMs : duration.serviceMs;
  return ms <= targetHours * MS_PER_HOUR ? 1 : 0;
}

/**
 * REOPEN-1's evidence from what the export said: a reopen count above 0, or
 * an open ticket that keeps a resolved date (1); a count of 0 (0); unknown
 * without a count (null). publications/figures.ts applies it to a snapshot.
 */
export function reopenedOf(reopenedCount: number | null, statusClass: string, resolvedDate: string | null): 0 | 1 | null {
  if ((reopenedCount ?? 0) > 0 || (statusClass === 'open' && resolvedDate !== null)) return 1;
  return reopenedCount === null ? null : 0;
}

function hours(ms: number | null): number | null {
  return ms === null ? null : ms / MS_PER_HOUR;
}
