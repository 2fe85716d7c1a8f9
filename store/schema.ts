/**
 * The one typed picture of the psa database. Every table the stages read or
 * write is here; timestamps are UTC ISO-8601 text `YYYY-MM-DDTHH:MM:SSZ`
 * (METRICS.md TIME-1), nullable columns are `T | null`.
 *
 * Layers (dbt-style): `raw_*` keeps what the export said, `stg_*` holds the
 * typed current state of each ticket.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** One load of one export file: written in the same transaction as its rows. */
export interface RawLoadsTable {
  load_id: Generated<number>;
  /** The file name as given on the command line, without its folder. */
  file_name: string;
  /** The absolute path the file was read from. */
  file_path: string;
  /** SHA-256 of the file's bytes, hex; a file with the same hash is never loaded twice. */
  sha256: string;
  size_bytes: number;
  /** `utf-8`, `utf-8-bom` or `windows-1252`. */
  encoding: string;
  /** `;`, `,` or a tab. */
  delimiter: string;
  /** JSON array of the header row as received. */
  headers: string;
  /** JSON object: header as received → psa field name, for the headers psa used. */
  column_map: string;
  /** Time zone naive timestamps were read in. */
  time_zone: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Tickets new to the database. */
  tickets_inserted: number;
  /** Tickets whose stored values this load replaced (its row was newer). */
  tickets_updated: number;
  /** Loaded rows that changed nothing in `stg_tickets` (not newer than what was there). */
  tickets_unchanged: number;
  /** Empty lines skipped; they are not rows. */
  blank_lines: number;
  started_at: string;
  finished_at: string;
  psa_version: string;
}

/** One row per loaded line, with its values exactly as received. */
export interface RawRowsTable {
  load_id: number;
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  ticket_number: number;
  /**
   * The record's text exactly as in the file (decoded to UTF-8, without its
   * line end): its fields in the file's column order, which
   * `raw_loads.headers` names. Quoted fields keep their quotes.
   */
  raw_text: string;
}

/** A row that could not be loaded, with why and where. */
export interface RawRejectsTable {
  load_id: number;
  line: number;
  /** How many physical lines the record spans. */
  line_span: number;
  /** 1-based column (field position) of the first problem, null when it concerns the whole row. */
  column_number: number | null;
  /** Header of that column as received. */
  column_name: string | null;
  /** Machine-readable reason, see `RejectCode`. */
  code: string;
  /** Every problem found in the row, readable. */
  message: string;
  /** The record's text as received (without its line end). */
  raw_text: string;
}

/** The current state of each ticket: one row per ticket number, typed. */
export interface StgTicketsTable {
  ticket_number: number;
  subject: string | null;
  ticket_type: string;
  status: string;
  core_status: number | null;
  priority: string | null;
  category1: string | null;
  category2: string | null;
  category3: string | null;
  source: string | null;
  requester: string | null;
  requester_email: string | null;
  company: string | null;
  department: string | null;
  assigned_department: string | null;
  assigned_team: string | null;
  assigned_agent: string | null;
  created: string;
  modified: string | null;
  responded: string | null;
  resolved: string | null;
  closed: string | null;
  reopened_count: number | null;
  /** 1 marked for deletion, 0 not, null when the export does not say. */
  marked_for_deletion: number | null;
  /** The load and line these values came from. */
  load_id: number;
  source_line: number;
}

export interface Database {
  raw_loads: RawLoadsTable;
  raw_rows: RawRowsTable;
  raw_rejects: RawRejectsTable;
  stg_tickets: StgTicketsTable;
}

export type RawLoad = Selectable<RawLoadsTable>;
export type NewRawLoad = Insertable<RawLoadsTable>;
export type RawReject = Selectable<RawRejectsTable>;
export type StgTicket = Selectable<StgTicketsTable>;
