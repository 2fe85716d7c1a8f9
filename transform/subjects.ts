/**
 * Ticket subjects, for the SLA-4 lists of `psa metrics --include-subjects`.
 * A subject is personal data: it stays where the export put it
 * (`stg_tickets`), is not copied into the facts, and is read only for the
 * tickets a list names.
 */
import type { PsaDatabase } from '../store/open.ts';

/** The subjects of these tickets (null where the export gave none; a ticket not in staging is left out). */
export function ticketSubjects(store: PsaDatabase, ticketNumbers: readonly number[]): Map<number, string | null> {
  if (ticketNumbers.length === 0) return new Map();
  const rows = store.sqlite
    .prepare<[string], [number, string | null]>('SELECT ticket_number, subject FROM stg_tickets WHERE ticket_number IN (SELECT value FROM json_each(?))')
    .raw(true)
    .all(JSON.stringify(ticketNumbers));
  return new Map(rows);
}
