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
import type { ColumnsOf, FCT_FINDINGS, FCT_TICKETS, StgTicketColumns } from './columns.ts';

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
   * The export's own date (core/export-date.ts): the latest instant its
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

/**
 * One row per loaded line, with its values exactly as received: a view
 * (migration 0009) of `raw_rows_stored` and the unchanged rows of
 * `raw_same_rows`.
 */
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

/** The rows written: a load's new or changed rows, with the hash of their text (ingest/row-hash.ts; null before migration 0009). */
export interface RawRowsStoredTable extends RawRowsTable {
  raw_hash: number | null;
}

/** A run of rows loaded unchanged: lines first_line..last_line of load_id are lines source_first_line.. of source_load_id. */
export interface RawSameRowsTable {
  load_id: number;
  first_line: number;
  last_line: number;
  source_load_id: number;
  source_first_line: number;
}

/**
 * A run of consecutive ticket numbers a load's loaded rows hold (migration
 * 0013): the ranges of one load are disjoint and cover exactly its tickets.
 * Loads made before the migration, and pulls, have none.
 */
export interface RawLoadTicketsTable {
  load_id: number;
  first_ticket: number;
  last_ticket: number;
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

/** The current state of each ticket: one row per ticket number, typed; its columns are declared in columns.ts (FIELDS). */
export type StgTicketsTable = StgTicketColumns;

/** What the transform derived for each ticket in `stg_tickets`; its columns are declared in columns.ts (FCT_TICKETS). */
export type FctTicketsTable = ColumnsOf<typeof FCT_TICKETS>;

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

/** One row per ticket and finding rule that fired; its columns are declared in columns.ts (FCT_FINDINGS). */
export type FctFindingsTable = ColumnsOf<typeof FCT_FINDINGS>;

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
  /** `full` (every ticket classified again) or `incremental` (only the changed ones); null for runs made before migration 0012. */
  mode: 'full' | 'incremental' | null;
  /** The tickets the run classified: every ticket in a full run, the changed ones in an incremental run (migration 0012). */
  tickets_transformed: number | null;
}

/**
 * The state the current `fct_*` tables were made in (one row, migration
 * 0012): what `psa transform` compares to choose between a full and an
 * incremental run (transform/incremental.ts).
 */
export interface TransformStateTable {
  state_id: number;
  /** The transform run that left the tables as they are. */
  run_id: number;
  rules_sha256: string;
  /** The transform's logic: a digest of psa's version and the columns it reads and writes. */
  logic: string;
  last_load_id: number | null;
  /** A digest of every load and its row count. */
  loads: string;
  /** JSON: the whole-database counts of the summary (TallyCounts without `latest`). */
  tally: string;
}

/** Tickets whose `stg_tickets` row changed since the last transform; filled by triggers (migration 0012). */
export interface TransformPendingTable {
  ticket_number: number;
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
  raw_rows_stored: RawRowsStoredTable;
  raw_same_rows: RawSameRowsTable;
  raw_load_tickets: RawLoadTicketsTable;
  raw_rejects: RawRejectsTable;
  stg_tickets: StgTicketsTable;
  fct_tickets: FctTicketsTable;
  fct_findings: FctFindingsTable;
  dim_priorities: DimPrioritiesTable;
  transform_runs: TransformRunsTable;
  transform_state: TransformStateTable;
  transform_pending: TransformPendingTable;
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
