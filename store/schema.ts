/**
 * The one typed picture of the psa database. Every table the stages read or
 * write is here; timestamps are UTC ISO-8601 text `YYYY-MM-DDTHH:MM:SSZ`
 * (METRICS.md TIME-1), nullable columns are `T | null`.
 *
 * Layers (dbt-style): `raw_*` keeps what the export said, `stg_*` holds the
 * typed current state of each ticket, `fct_*` the facts the transform
 * derives from it (rebuilt wholesale by every `psa transform`).
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
  /** `utf-8`, `utf-8-bom`, `windows-1252`, `utf-16le`, `utf-16be`, `xlsx` for an Excel workbook, or `json` for a pull from the API. */
  encoding: string;
  /** `;`, `,` or a tab (`;` for a workbook: its rows' raw text is written with it). */
  delimiter: string;
  /** JSON array of the header row as received. */
  headers: string;
  /** JSON object: header as received → psa field name, for the headers psa used (for a pull: psa field → the path it was read by). */
  column_map: string;
  /** Time zone naive timestamps were read in. */
  time_zone: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Tickets new to the database. */
  tickets_inserted: number;
  /** Tickets whose stored values this load replaced (its row's version instant was later, or the same with other values). */
  tickets_updated: number;
  /** Loaded rows that changed nothing in `stg_tickets` (not newer than what was there). */
  tickets_unchanged: number;
  /** Empty lines skipped; they are not rows. */
  blank_lines: number;
  started_at: string;
  finished_at: string;
  psa_version: string;
  /**
   * The export's own date (ingest/export-date.ts): the latest instant its
   * timestamps can describe, UTC text. From the file name's date (the end of
   * that day), else the file's modification time, never after the load; for
   * an API pull, the instant the pull began.
   */
  export_date: string | null;
  /** Where export_date came from: `file-name`, `modified-time`, `load-time` or `pull`. */
  export_date_source: string | null;
  /** `file` for an export, `api` for a pull from the Pureservice API (`psa pull`). */
  source: Generated<string>;
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
   * `raw_loads.headers` names. Quoted fields keep their quotes. For a
   * workbook: its cells written as a `;`-separated CSV record.
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
  /**
   * The record's text as received (without its line end). BAD_ENCODING: a
   * byte that is not UTF-8 shown as its Windows-1252 character;
   * FIELD_TOO_LONG / LINE_TOO_LONG: the first 1,000 characters.
   */
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

/**
 * What the transform derived for each ticket in `stg_tickets` (same
 * `ticket_number`; what the export said stays there, and the view
 * `v_tickets` shows both side by side). Instants are UTC text; months are
 * local `YYYY-MM` in the rules' time zone (TIME-3); hours are unrounded.
 */
export interface FctTicketsTable {
  ticket_number: number;
  /** CLASS-1: from the ticket type; an unmapped type is `other`. */
  ticket_class: 'incident' | 'request' | 'other';
  /** STATUS-1: from the status (and coreStatus where present). */
  status_class: 'open' | 'resolved' | 'closed';
  /** 1 when metrics count the ticket: class incident or request and not marked for deletion (STATUS-2). */
  counted: number;
  /** The priority's name in the rules; the export's text when the rules do not know it. */
  priority: string | null;
  report_category: string;
  /** Today's municipality, or the rules' name for unknown ("Ukjent"). */
  municipality: string;
  /** Where the municipality came from: `company`, `email` or `department`; null when unknown. */
  municipality_source: 'company' | 'email' | 'department' | null;
  /** The pre-2020 municipality the ticket named (Midsund, Fræna, Eide), if any. */
  former_municipality: string | null;
  /** NEW-2: the security-alert source that matched (e.g. "Atea SOC"); null for other tickets. */
  security_alert_source: string | null;
  /** Local month of `stg_tickets.created`. */
  created_month: string;
  /** RESOLVED-1: the effective resolution instant; null while open. */
  resolved: string | null;
  /** `export` (the resolved date), or a repair: `closed`, `modified`, `created`. */
  resolved_source: 'export' | 'closed' | 'modified' | 'created' | null;
  resolved_month: string | null;
  /** RESOLVED-3: local month of the export's resolved date alone, whatever the status (what the old extract used). */
  naive_resolved_month: string | null;
  /** DUR-1: resolved − created in calendar hours; null while open or when resolved before created. */
  resolution_hours: number | null;
  /** DUR-1: the same interval's overlap with service hours (HOURS-1). */
  resolution_service_hours: number | null;
  /** DUR-2: 1 when older than the rules' oldCaseDays when resolved. */
  is_old_case: number | null;
  /** First response − created, calendar and service hours. */
  response_hours: number | null;
  response_service_hours: number | null;
  /** SLA-1, against the priority's targets (dim_priorities): 1 met, 0 breached, null when there is no target or nothing to measure. */
  response_met: number | null;
  resolution_met: number | null;
  /** The last instant the resolution target is still met; a ticket open after it has breached. */
  resolution_due: string | null;
}

/** SLA-1: each priority in the rules with its targets, as the latest transform used them. */
export interface DimPrioritiesTable {
  priority: string;
  /** `service` (targets count service hours) or `24x7`. */
  calendar: 'service' | '24x7';
  response_target_hours: number | null;
  resolution_target_hours: number | null;
  /** Order in the rules file (most urgent first). */
  sort_order: number;
}

/** One row per ticket and finding rule that fired: why a ticket was repaired or is doubtful. */
export interface FctFindingsTable {
  ticket_number: number;
  /** Rule code, e.g. MISSING_RESOLVED_DATE (see FINDING_RULES). */
  rule: string;
  /** Readable explanation; never quotes names, e-mail addresses or subjects. */
  message: string;
  /** JSON object of the values involved. */
  details: string;
}

/** One row per `psa transform` run; the latest describes the current `fct_*` tables. */
export interface TransformRunsTable {
  run_id: Generated<number>;
  /** Path of the rules file, or `default` for the shipped rules. */
  rules_file: string;
  rules_sha256: string;
  /** The rules file's text, so any figure can be traced to the rules that made it. */
  rules_text: string;
  /** The latest load the run saw: a later load means the facts are out of date. */
  last_load_id: number | null;
  /** The latest timestamp in the tickets the run read (TIME-4's as-of instant is the local midnight after it). */
  data_until: string | null;
  tickets: number;
  findings: number;
  started_at: string;
  finished_at: string;
  psa_version: string;
}

/** One row per `psa pull`. */
export interface PullRunsTable {
  run_id: Generated<number>;
  /** The API base URL (never the key). */
  base_url: string;
  /** `running`, `done`, `failed`, or `interrupted` (found `running` after its process had gone). */
  status: 'running' | 'done' | 'failed' | 'interrupted';
  pid: number;
  /** The `modified` instant the pull started from (watermark − overlap, or --since); null for a full pull. */
  from_modified: string | null;
  /** --since as given (YYYY-MM-DD), if it was. */
  since: string | null;
  pages: Generated<number>;
  requests: Generated<number>;
  retries: Generated<number>;
  tickets_read: Generated<number>;
  /** The load its tickets went into; null until its first page is applied (or when nothing changed). */
  load_id: number | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  psa_version: string;
}

/** How far pulls from one API base URL have come: the last ticket applied, in paging order. */
export interface PullWatermarksTable {
  base_url: string;
  /** `modified` of that ticket as the API wrote it. */
  modified: string;
  ticket_id: number;
  run_id: number;
  updated_at: string;
}

export interface Database {
  raw_loads: RawLoadsTable;
  raw_rows: RawRowsTable;
  raw_rejects: RawRejectsTable;
  stg_tickets: StgTicketsTable;
  fct_tickets: FctTicketsTable;
  fct_findings: FctFindingsTable;
  dim_priorities: DimPrioritiesTable;
  transform_runs: TransformRunsTable;
  pull_runs: PullRunsTable;
  pull_watermarks: PullWatermarksTable;
}

export type RawLoad = Selectable<RawLoadsTable>;
export type NewRawLoad = Insertable<RawLoadsTable>;
export type RawReject = Selectable<RawRejectsTable>;
export type StgTicket = Selectable<StgTicketsTable>;
export type FctTicket = Selectable<FctTicketsTable>;
export type FctFinding = Selectable<FctFindingsTable>;
export type TransformRun = Selectable<TransformRunsTable>;
