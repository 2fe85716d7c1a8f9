/**
 * STATUS-3: tickets missing from the latest full export are deleted.
 *
 * Pureservice's export leaves a deleted ticket out; the database keeps every
 * ticket it has seen. So a ticket counts as deleted when the latest **full
 * export** loaded does not hold it, although it was created within that
 * export's span (its earliest to its latest creation instant) and no later
 * load has held it either. An export is full when it holds at least 90 % of
 * the tickets known in its span (those in it, and those created in the span
 * that no later load holds); a filtered or partial export (one
 * municipality, one team, the changes of a week) holds far fewer, and
 * deletes nothing: the full export before it still decides. A ticket
 * created before or after the span is not covered by the export at all.
 *
 * A deleted ticket is counted nowhere (counted = 0) and has the finding
 * MISSING_FROM_EXPORT; when a later full export holds it again, it counts
 * again. With a single load nothing can be missing, and nothing is read.
 *
 * Which tickets a load holds comes from `raw_load_tickets` (migration 0013)
 * when the loader recorded it, else from the load's rows (`raw_rows`): the
 * same set, but a monthly export that holds every ticket is then told by a
 * count instead of by gathering its million ticket numbers.
 */
import type { PsaDatabase } from '../store/open.ts';
import { findingMessages } from './messages.ts';

/** The share of the known tickets in its span an export must hold to be read as a full export. */
export const FULL_EXPORT_SHARE = 0.9;

export interface MissingFromExport {
  /** The full exports that decided, latest first. */
  readonly fullExports: readonly number[];
  /** Tickets deleted because a full export covering their creation left them out. */
  readonly missing: number;
  /** How many of them the metrics counted before (now not). */
  readonly uncounted: number;
}

/** A ticket's MISSING_FROM_EXPORT finding, as fct_findings holds it. */
export interface MissingFinding {
  readonly message: string;
  readonly details: string;
}

/** Which tickets are deleted (STATUS-3), and the full exports that decided. */
export interface MissingDecision {
  /** The full exports that decided, latest first. */
  readonly fullExports: readonly number[];
  /** Each deleted ticket's finding, by ticket number. */
  readonly missing: ReadonlyMap<number, MissingFinding>;
}

/**
 * Marks the tickets missing from the full exports (in the open transform
 * transaction): `findMissingFromExport`, then `applyMissingFromExport` to
 * every ticket it names. Null when nothing is loaded twice.
 */
export function markMissingFromExport(sqlite: PsaDatabase['sqlite'], ticketCount?: number): MissingFromExport | null {
  const decision = findMissingFromExport(sqlite, ticketCount);
  if (decision === null) return null;
  return { fullExports: decision.fullExports, ...applyMissingFromExport(sqlite, decision.missing) };
}

/**
 * Which tickets the full exports leave out; reads `raw_loads`, `raw_rows`
 * and `stg_tickets` only (never the facts), so the incremental transform
 * can compare it with the findings the facts hold. The loads are read from
 * the latest back: a full export decides for the tickets created in its
 * span that no later full export has decided already (those in it live,
 * those missing are deleted). Reading stops at a full export whose span
 * reaches back to the oldest ticket. Null when nothing is loaded twice.
 * `knownTicketCount`: the rows of `stg_tickets`, when the caller has counted them
 * already (else counted here, when needed).
 */
export function findMissingFromExport(sqlite: PsaDatabase['sqlite'], knownTicketCount?: number): MissingDecision | null {
  const loads = (sqlite.prepare('SELECT load_id FROM raw_loads WHERE rows_loaded > 0 ORDER BY load_id DESC').all() as { load_id: number }[]).map((l) => l.load_id);
  if (loads.length < 2) return null;
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS psa_present (ticket_number INTEGER PRIMARY KEY); CREATE TEMP TABLE IF NOT EXISTS psa_decided (ticket_number INTEGER PRIMARY KEY);');
  const fullExports: number[] = [];
  const missing = new Map<number, MissingFinding>();
  // A load's tickets: its stored rows, and the stored rows of earlier loads its runs of unchanged rows repeat
  // (the two halves of the view raw_rows, migration 0009, without reading the rows' text).
  const stored = sqlite.prepare('INSERT OR IGNORE INTO temp.psa_present SELECT ticket_number FROM main.raw_rows_stored WHERE load_id = ?');
  const repeated = sqlite.prepare(`INSERT OR IGNORE INTO temp.psa_present SELECT r.ticket_number FROM main.raw_same_rows g
    JOIN main.raw_rows_stored r ON r.load_id = g.source_load_id AND r.line BETWEEN g.source_first_line AND g.source_first_line + (g.last_line - g.first_line)
    WHERE g.load_id = ?`);
  // One pass over the tickets: how many the load holds, its span, and the oldest ticket of all.
  const spanOf = sqlite.prepare(`SELECT count(*) AS tickets, count(p.ticket_number) AS present,
      min(CASE WHEN p.ticket_number IS NOT NULL THEN s.created END) AS first, max(CASE WHEN p.ticket_number IS NOT NULL THEN s.created END) AS last,
      min(s.created) AS oldest
    FROM main.stg_tickets s LEFT JOIN temp.psa_present p ON p.ticket_number = s.ticket_number`);
  // Known in the span but not in the load: created in it, with current values from an earlier load.
  const absent = sqlite
    .prepare(`SELECT s.ticket_number FROM main.stg_tickets s WHERE s.created BETWEEN ? AND ? AND s.load_id < ?
      AND NOT EXISTS (SELECT 1 FROM temp.psa_present p WHERE p.ticket_number = s.ticket_number)`)
    .pluck();
  const isDecided = sqlite.prepare('SELECT 1 FROM temp.psa_decided WHERE ticket_number = ?').pluck();
  const decide = sqlite.prepare('INSERT OR IGNORE INTO temp.psa_decided VALUES (?)');
  // A load's tickets as the loader recorded them (migration 0013): none for a load made before it, or by a pull.
  const recorded = sqlite.prepare('SELECT EXISTS (SELECT 1 FROM main.raw_load_tickets WHERE load_id = ?)').pluck();
  const heldNow = sqlite
    .prepare('SELECT count(*) FROM main.raw_load_tickets r JOIN main.stg_tickets s ON s.ticket_number BETWEEN r.first_ticket AND r.last_ticket WHERE r.load_id = ?')
    .pluck();
  const held = sqlite.prepare(`INSERT OR IGNORE INTO temp.psa_present SELECT s.ticket_number FROM main.raw_load_tickets r
    JOIN main.stg_tickets s ON s.ticket_number BETWEEN r.first_ticket AND r.last_ticket WHERE r.load_id = ?`);
  // Counted once, and only when a load has ranges to count against.
  let ticketCount = knownTicketCount;
  try {
    for (const loadId of loads) {
      if (recorded.get(loadId) === 1) {
        // A load that holds every ticket (the usual monthly export) is a full export that leaves none out, and its
        // span reaches back to the oldest ticket: it decides alone. Told by counting, without gathering its tickets.
        ticketCount ??= sqlite.prepare('SELECT count(*) FROM main.stg_tickets').pluck().get() as number;
        if (ticketCount > 0 && heldNow.get(loadId) === ticketCount) {
          fullExports.push(loadId);
          break;
        }
        sqlite.exec('DELETE FROM temp.psa_present');
        // Only the current tickets it holds: every later use of psa_present starts from stg_tickets.
        held.run(loadId);
      } else {
        sqlite.exec('DELETE FROM temp.psa_present');
        stored.run(loadId);
        repeated.run(loadId);
      }
      const span = spanOf.get() as { tickets: number; present: number; first: string | null; last: string | null; oldest: string | null };
      if (span.first === null || span.last === null) continue;
      // A load that holds every ticket (the usual monthly export) leaves none out: no need to look.
      const known = span.present === span.tickets ? [] : (absent.all(span.first, span.last, loadId) as number[]);
      if (span.present < FULL_EXPORT_SHARE * (span.present + known.length)) continue;
      fullExports.push(loadId);
      const finding: MissingFinding = {
        message: findingMessages.missingFromExport(loadId),
        details: JSON.stringify({ loadId, exportSpan: [span.first, span.last], present: span.present, known: span.present + known.length }),
      };
      for (const t of known) {
        if (isDecided.get(t) !== undefined) continue;
        missing.set(t, finding);
        decide.run(t);
      }
      if (span.oldest !== null && span.first <= span.oldest) break;
      sqlite.exec('INSERT OR IGNORE INTO temp.psa_decided SELECT ticket_number FROM temp.psa_present');
    }
    return { fullExports, missing };
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.psa_present; DROP TABLE IF EXISTS temp.psa_decided;');
  }
}

/**
 * Deletes the given tickets (STATUS-3): counted = 0 in their facts, and
 * their MISSING_FROM_EXPORT finding. Their facts must be in fct_tickets.
 */
export function applyMissingFromExport(sqlite: PsaDatabase['sqlite'], missing: Iterable<[number, MissingFinding]>): { missing: number; uncounted: number } {
  const result = { missing: 0, uncounted: 0 };
  const uncount = sqlite.prepare('UPDATE fct_tickets SET counted = 0 WHERE ticket_number = ? AND counted = 1');
  const finding = sqlite.prepare("INSERT INTO fct_findings (ticket_number, rule, message, details) VALUES (?, 'MISSING_FROM_EXPORT', ?, ?)");
  for (const [ticket, f] of missing) {
    result.missing++;
    result.uncounted += uncount.run(ticket).changes;
    finding.run(ticket, f.message, f.details);
  }
  return result;
}
