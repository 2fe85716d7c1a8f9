/**
 * The findings the transform records: one per ticket and rule that fired,
 * with a readable message and the values involved. Messages never quote
 * personal data (names, e-mail addresses, subjects); an e-mail address is
 * shown by its domain only.
 */

/** Every finding rule, with what it means. Iterable; `FindingRule` is the union of its keys. */
export const FINDING_RULES = {
  MISSING_RESOLVED_DATE: 'resolved or closed without a resolved date: resolution taken from the closed or last-modified time (RESOLVED-1)',
  REOPENED_STILL_OPEN: 'open status but a resolved date: reopened, counted as open (RESOLVED-1)',
  RESOLVED_BEFORE_CREATED: 'resolved before it was created: counted, but no duration (RESOLVED-2)',
  RESPONDED_BEFORE_CREATED: 'first response before it was created: no response time',
  UNMAPPED_TYPE: 'ticket type not in the rules: class other, not counted (CLASS-1)',
  UNMAPPED_STATUS: 'status not in the rules: status class from coreStatus, else open (STATUS-1)',
  STATUS_CONFLICT: 'status and coreStatus disagree: coreStatus wins (STATUS-1)',
  MARKED_FOR_DELETION: 'marked for deletion: excluded from every metric (STATUS-2)',
  MISSING_FROM_EXPORT: 'created within the latest full export’s span but not in it: deleted, excluded from every metric (STATUS-3)',
  UNMAPPED_PRIORITY: 'priority not in the rules: no SLA target (SLA-1)',
  MISSING_PRIORITY: 'no priority: no SLA target (SLA-1)',
  UNKNOWN_MUNICIPALITY: 'no municipality from company, e-mail domain or department',
  HISTORICAL_MUNICIPALITY: 'former municipality, counted for the one it merged into',
  UNCATEGORISED: 'no report-category rule matched: fallback category',
  FUTURE_TIMESTAMP: "a timestamp more than futureTimestampMarginDays after its export's date: left out of the as-of instant (TIME-4)",
} as const;
export type FindingRule = keyof typeof FINDING_RULES;
export const FINDING_RULE_NAMES = Object.keys(FINDING_RULES) as FindingRule[];

const q = (value: string | number | null): string => (value === null ? 'empty' : typeof value === 'number' ? String(value) : JSON.stringify(value));

/** Readable messages, one per rule. */
export const findingMessages = {
  missingResolvedDate: (status: string, source: string, instant: string) =>
    `status ${q(status)} has no resolved date; resolution taken from the ${source === 'created' ? 'created time (no closed or modified time either)' : `${source} time`} ${instant}`,
  missingResolvedDateNotRepaired: (status: string) =>
    `status ${q(status)} has no resolved date; not repaired (repairMissingResolvedDates: false), so counted as open`,
  reopenedNotRepaired: (status: string, resolved: string, reopened: number | null) =>
    `status ${q(status)} is open, but the resolved date ${resolved} counts (repairMissingResolvedDates: false)${reopened ? ` (reopened ${reopened} time${reopened === 1 ? '' : 's'})` : ''}`,
  reopenedStillOpen: (status: string, resolved: string, reopened: number | null) =>
    `status ${q(status)} is open, so the resolved date ${resolved} is not used${reopened ? ` (reopened ${reopened} time${reopened === 1 ? '' : 's'})` : ''}`,
  resolvedBeforeCreated: (created: string, resolved: string) => `resolved ${resolved} before created ${created}; counted, no duration`,
  respondedBeforeCreated: (created: string, responded: string) => `first response ${responded} before created ${created}; no response time`,
  unmappedType: (type: string) => `ticket type ${q(type)} is not in the rules; class other`,
  unmappedStatus: (status: string, coreStatus: number | null, statusClass: string) =>
    `status ${q(status)} is not in the rules; ${coreStatus === null ? 'treated as open' : `coreStatus ${coreStatus} gives ${statusClass}`}`,
  statusConflict: (status: string, mapped: string, coreStatus: number, statusClass: string) =>
    `status ${q(status)} maps to ${mapped} but coreStatus ${coreStatus} says ${statusClass}; ${statusClass} used`,
  markedForDeletion: () => 'marked for deletion; excluded from every metric',
  missingFromExport: (loadId: number) => `not in load ${loadId}, a full export covering its creation: deleted; excluded from every metric`,
  unmappedPriority: (priority: string) => `priority ${q(priority)} is not in the rules; no SLA target`,
  missingPriority: () => 'no priority; no SLA target',
  unknownMunicipality: (company: string | null, domain: string | null, department: string | null) =>
    `no municipality from company ${q(company)}, e-mail domain ${q(domain)} or department ${q(department)}`,
  historicalMunicipality: (former: string, municipality: string, source: string) => `${source} names ${former}, counted for ${municipality}`,
  futureTimestamp: (columns: readonly string[], values: readonly string[], exportDate: string, marginDays: number) =>
    `${columns.map((c, i) => `${c} ${values[i]}`).join(', ')} ${columns.length === 1 ? 'is' : 'are'} more than ${marginDays} day${marginDays === 1 ? '' : 's'} after the export's date ${exportDate}; ` +
    'a typing error? Left out of the as-of instant (TIME-4)',
  uncategorised: (c1: string | null, c2: string | null, c3: string | null, fallback: string) =>
    `no category rule matched categories ${q(c1)} / ${q(c2)} / ${q(c3)}; shown as ${fallback}`,
} as const;
