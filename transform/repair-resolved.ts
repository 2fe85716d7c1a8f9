/**
 * The repair of missing resolved dates (METRICS.md RESOLVED-1 and
 * RESOLVED-3): which instant a ticket counts as resolved at, where that
 * instant came from, and the finding that explains a repair or a resolved
 * date left unused. RESOLVED-2 (resolved before created) concerns the
 * duration and is checked where durations are measured (classify.ts).
 *
 * A pure function of a ticket's loaded timestamps, its status class
 * (STATUS-1) and the rules' `repairMissingResolvedDates` switch.
 */
import type { FctTicket, StgTicket } from '../store/schema.ts';
import { findingMessages } from './messages.ts';
import type { StatusClass } from './rules.ts';

export type ResolvedSource = NonNullable<FctTicket['resolved_source']>;

/** The loaded values the repair reads. */
export type ResolvedInput = Pick<StgTicket, 'status' | 'created' | 'modified' | 'resolved' | 'closed' | 'reopened_count'>;

/** Why the effective instant is not simply the export's resolved date. */
export interface ResolvedFinding {
  readonly rule: 'MISSING_RESOLVED_DATE' | 'REOPENED_STILL_OPEN';
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export interface ResolvedRepair {
  /** The effective resolution instant (UTC text, as loaded); null: not resolved. */
  readonly resolvedAt: string | null;
  /** The column it was taken from; null when there is none. */
  readonly source: ResolvedSource | null;
  /** The finding the ticket gets, if any. */
  readonly finding: ResolvedFinding | null;
}

const NOT_RESOLVED: ResolvedRepair = { resolvedAt: null, source: null, finding: null };

/**
 * RESOLVED-1: a resolved or closed ticket resolves at its resolved date,
 * else (repaired, MISSING_RESOLVED_DATE) its closed, its modified, or its
 * created time; an open ticket has no resolution even with a resolved date
 * (REOPENED_STILL_OPEN). With `repairMissingResolvedDates` false the
 * effective instant is the naive one (RESOLVED-3): the resolved date alone,
 * whatever the status; the findings still name the tickets the repair would
 * have changed.
 */
export function repairResolvedDate(t: ResolvedInput, statusClass: StatusClass, repairMissingResolvedDates: boolean): ResolvedRepair {
  if (!repairMissingResolvedDates) return naiveResolution(t, statusClass);
  if (statusClass === 'open') {
    if (t.resolved === null) return NOT_RESOLVED;
    return { resolvedAt: null, source: null, finding: reopened(t, findingMessages.reopenedStillOpen(t.status, t.resolved, t.reopened_count)) };
  }
  if (t.resolved !== null) return { resolvedAt: t.resolved, source: 'export', finding: null };
  const [resolvedAt, source]: [string, ResolvedSource] =
    t.closed !== null ? [t.closed, 'closed'] : t.modified !== null ? [t.modified, 'modified'] : [t.created, 'created'];
  return {
    resolvedAt,
    source,
    finding: {
      rule: 'MISSING_RESOLVED_DATE',
      message: findingMessages.missingResolvedDate(t.status, source, resolvedAt),
      details: { status: t.status, closed: t.closed, modified: t.modified, source, resolved: resolvedAt },
    },
  };
}

/** The repair turned off: the export's resolved date alone, whatever the status (RESOLVED-3), as the old extract counted. */
function naiveResolution(t: ResolvedInput, statusClass: StatusClass): ResolvedRepair {
  if (statusClass !== 'open' && t.resolved === null) {
    return {
      resolvedAt: null,
      source: null,
      finding: {
        rule: 'MISSING_RESOLVED_DATE',
        message: findingMessages.missingResolvedDateNotRepaired(t.status),
        details: { status: t.status, closed: t.closed, modified: t.modified, source: null, resolved: null },
      },
    };
  }
  if (t.resolved === null) return NOT_RESOLVED;
  const finding = statusClass === 'open' ? reopened(t, findingMessages.reopenedNotRepaired(t.status, t.resolved, t.reopened_count)) : null;
  return { resolvedAt: t.resolved, source: 'export', finding };
}

function reopened(t: ResolvedInput, message: string): ResolvedFinding {
  return { rule: 'REOPENED_STILL_OPEN', message, details: { status: t.status, resolved: t.resolved, reopenedCount: t.reopened_count } };
}
