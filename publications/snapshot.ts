/**
 * The per-ticket snapshot a publication keeps (`pub_tickets`): exactly the
 * fact columns the published figures depend on, so any later report can
 * say, ticket by ticket, why a figure it restates changed.
 *
 * `CURRENT_SNAPSHOT` selects the same columns from the current facts
 * (`fct_tickets` beside `stg_tickets`); publishing copies it into
 * `pub_tickets` in one statement, and a comparison reads only the tickets
 * whose columns differ.
 */
import type { PsaDatabase } from '../store/open.ts';

/** One ticket's facts as a publication saw them. */
export interface SnapshotTicket {
  readonly ticket_number: number;
  readonly ticket_class: string;
  readonly status_class: string;
  /** 1 when the metrics count it (CLASS-1, STATUS-2). */
  readonly counted: number;
  /** `marked` (marked for deletion, STATUS-2), `missing` (not in the latest full export, STATUS-3), else null. */
  readonly deletion: string | null;
  readonly created: string;
  readonly created_month: string;
  /** The effective resolution instant (RESOLVED-1). */
  readonly resolved: string | null;
  readonly resolved_month: string | null;
  /** The export's resolved date (RESOLVED-3). */
  readonly naive_resolved: string | null;
  readonly naive_resolved_month: string | null;
  readonly report_category: string;
  readonly municipality: string;
  readonly priority: string | null;
  readonly security_alert_source: string | null;
  readonly resolution_hours: number | null;
  readonly resolution_service_hours: number | null;
  readonly is_old_case: number | null;
  readonly response_hours: number | null;
  readonly response_service_hours: number | null;
  readonly resolution_met: number | null;
  readonly response_met: number | null;
  readonly resolution_due: string | null;
  readonly reopened_count: number | null;
}

export const SNAPSHOT_COLUMNS = [
  'ticket_number',
  'ticket_class',
  'status_class',
  'counted',
  'deletion',
  'created',
  'created_month',
  'resolved',
  'resolved_month',
  'naive_resolved',
  'naive_resolved_month',
  'report_category',
  'municipality',
  'priority',
  'security_alert_source',
  'resolution_hours',
  'resolution_service_hours',
  'is_old_case',
  'response_hours',
  'response_service_hours',
  'resolution_met',
  'response_met',
  'resolution_due',
  'reopened_count',
] as const satisfies readonly (keyof SnapshotTicket)[];

const FROM_FACTS: Record<(typeof SNAPSHOT_COLUMNS)[number], string> = {
  ticket_number: 'f.ticket_number',
  ticket_class: 'f.ticket_class',
  status_class: 'f.status_class',
  counted: 'f.counted',
  deletion: `CASE WHEN s.marked_for_deletion = 1 THEN 'marked'
    WHEN EXISTS (SELECT 1 FROM fct_findings x WHERE x.ticket_number = f.ticket_number AND x.rule = 'MISSING_FROM_EXPORT') THEN 'missing' END`,
  created: 'f.created',
  created_month: 'f.created_month',
  resolved: 'f.resolved',
  resolved_month: 'f.resolved_month',
  naive_resolved: 's.resolved',
  naive_resolved_month: 'f.naive_resolved_month',
  report_category: 'f.report_category',
  municipality: 'f.municipality',
  priority: 'f.priority',
  security_alert_source: 'f.security_alert_source',
  resolution_hours: 'f.resolution_hours',
  resolution_service_hours: 'f.resolution_service_hours',
  is_old_case: 'f.is_old_case',
  response_hours: 'f.response_hours',
  response_service_hours: 'f.response_service_hours',
  resolution_met: 'f.resolution_met',
  response_met: 'f.response_met',
  resolution_due: 'f.resolution_due',
  reopened_count: 's.reopened_count',
};

/** The current facts in the snapshot's columns. */
export const CURRENT_SNAPSHOT = `SELECT ${SNAPSHOT_COLUMNS.map((c) => `${FROM_FACTS[c]} AS ${c}`).join(', ')}
  FROM fct_tickets f JOIN stg_tickets s ON s.ticket_number = f.ticket_number`;

/** Copies the current facts into `pub_tickets` as publication `pubId`'s snapshot; returns the number of tickets. */
export function writeSnapshot({ sqlite }: PsaDatabase, pubId: number): number {
  const columns = SNAPSHOT_COLUMNS.join(', ');
  return sqlite.prepare(`INSERT INTO pub_tickets (pub_id, ${columns}) SELECT ?, ${columns} FROM (${CURRENT_SNAPSHOT}) ORDER BY ticket_number`).run(pubId).changes;
}

/** A ticket as publication `baseline` saw it and as the facts say now; null where it was not (yet, or any more) there. */
export interface ChangedTicket {
  readonly ticketNumber: number;
  readonly before: SnapshotTicket | null;
  readonly after: SnapshotTicket | null;
}

/**
 * Every ticket whose snapshot columns differ between publication `baseline`
 * and the current facts: the current tickets, each looked up in the
 * snapshot by its key, then the snapshot's tickets the facts no longer have.
 */
export function changedTickets({ sqlite }: PsaDatabase, baseline: number): ChangedTicket[] {
  const n = SNAPSHOT_COLUMNS.length;
  const differs = SNAPSHOT_COLUMNS.filter((c) => c !== 'ticket_number')
    .map((c) => `b.${c} IS NOT ${FROM_FACTS[c]}`)
    .join(' OR ');
  const rows = sqlite
    .prepare(
      `SELECT ${SNAPSHOT_COLUMNS.map((c) => `b.${c}`).join(', ')}, ${SNAPSHOT_COLUMNS.map((c) => FROM_FACTS[c]).join(', ')}
       FROM fct_tickets f JOIN stg_tickets s ON s.ticket_number = f.ticket_number
       LEFT JOIN pub_tickets b ON b.pub_id = ? AND b.ticket_number = f.ticket_number
       WHERE b.ticket_number IS NULL OR ${differs}`,
    )
    .raw(true)
    .all(baseline) as unknown[][];
  const gone = sqlite
    .prepare(
      `SELECT ${SNAPSHOT_COLUMNS.map((c) => `b.${c}`).join(', ')} FROM pub_tickets b
       WHERE b.pub_id = ? AND NOT EXISTS (SELECT 1 FROM fct_tickets f WHERE f.ticket_number = b.ticket_number)`,
    )
    .raw(true)
    .all(baseline) as unknown[][];
  const ticket = (row: unknown[], offset: number): SnapshotTicket | null => {
    if (row[offset] === null) return null;
    return Object.fromEntries(SNAPSHOT_COLUMNS.map((c, i) => [c, row[offset + i]])) as unknown as SnapshotTicket;
  };
  const changed: ChangedTicket[] = rows.map((row) => {
    const after = ticket(row, n)!;
    return { ticketNumber: after.ticket_number, before: ticket(row, 0), after };
  });
  for (const row of gone) changed.push({ ticketNumber: row[0] as number, before: ticket(row, 0), after: null });
  return changed.sort((a, b) => a.ticketNumber - b.ticketNumber);
}
