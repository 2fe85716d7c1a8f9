/**
 * The columns of the staging and fact tables, declared once. From these
 * declarations come:
 * - the Kysely table types in schema.ts (`StgTicketsTable`,
 *   `FctTicketsTable`, `FctFindingsTable`), and with them classify's output
 *   type (`TicketFacts` is a row of `fct_tickets`);
 * - ingest's fields and row batches (ingest/fields.ts, ingest/row-batch.ts)
 *   and its `stg_tickets` upsert (ingest/row-store.ts);
 * - the transform's input columns and row objects (transform/classify-pages.ts),
 *   its fact batches between threads (transform/fact-batch.ts) and its
 *   inserts (transform/transform-database.ts).
 *
 * The migrations are history and keep their literal SQL; a test
 * (tests/store/columns.test.ts) checks that the migrated tables have
 * exactly these columns, in this order, with these types, nullability and
 * CHECK constraints. A new column goes last here, in the order its
 * migration's ALTER TABLE … ADD COLUMN puts it.
 */

/** The SQLite column types psa uses. */
export type SqlType = 'integer' | 'real' | 'text';

/** One column as the database sees it (what `PRAGMA table_info` tells). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  /** The values a CHECK constraint allows (`column IN (...)`), if the table has one for it. */
  readonly checkedValues: readonly string[] | null;
}

// ---------------------------------------------------------------------------
// stg_tickets: one column per export field, then where the values came from.

/** How a field's text is turned into a typed value. */
export const FieldKind = {
  /** Whole number identifying the ticket (Saksnummer / requestNumber). */
  ticketNumber: 'ticketNumber',
  text: 'text',
  integer: 'integer',
  boolean: 'boolean',
  timestamp: 'timestamp',
} as const;
export type FieldKind = keyof typeof FieldKind;

/** The column type each kind is stored in; boolean is 1 or 0, a timestamp UTC text (TIME-1). */
export const SQL_TYPE_OF_KIND = {
  ticketNumber: 'integer',
  text: 'text',
  integer: 'integer',
  boolean: 'integer',
  timestamp: 'text',
} as const satisfies Record<FieldKind, SqlType>;

export interface FieldSpec {
  /** Canonical name: Pureservice's API field name. */
  readonly name: string;
  /** Column in `raw_rows` and `stg_tickets`. */
  readonly column: string;
  readonly kind: FieldKind;
  /** A file without this column cannot be loaded; its column is NOT NULL. */
  readonly required: boolean;
  /** Header names as they appear in exports (API name and Norwegian UI name first). */
  readonly aliases: readonly string[];
}

/**
 * Every field psa understands, with the names Pureservice uses for it in its
 * Norwegian user interface and in its API, in the order of the columns of
 * `stg_tickets`. Aliases are matched after `normaliseHeader`
 * (ingest/fields.ts), so case, spacing and punctuation in the export do not
 * matter.
 */
export const FIELDS = [
  { name: 'requestNumber', column: 'ticket_number', kind: 'ticketNumber', required: true, aliases: ['requestNumber', 'Saksnummer', 'Saksnr', 'Sak nr', 'Ticket number'] },
  { name: 'subject', column: 'subject', kind: 'text', required: false, aliases: ['subject', 'Emne', 'Tittel'] },
  { name: 'ticketType', column: 'ticket_type', kind: 'text', required: true, aliases: ['ticketType', 'Sakstype', 'Type'] },
  { name: 'status', column: 'status', kind: 'text', required: true, aliases: ['status', 'Status'] },
  { name: 'coreStatus', column: 'core_status', kind: 'integer', required: false, aliases: ['coreStatus', 'Kjernestatus'] },
  { name: 'priority', column: 'priority', kind: 'text', required: false, aliases: ['priority', 'Prioritet'] },
  { name: 'category1', column: 'category1', kind: 'text', required: false, aliases: ['category1', 'Kategori 1', 'Kategori'] },
  { name: 'category2', column: 'category2', kind: 'text', required: false, aliases: ['category2', 'Kategori 2', 'Underkategori'] },
  { name: 'category3', column: 'category3', kind: 'text', required: false, aliases: ['category3', 'Kategori 3'] },
  { name: 'source', column: 'source', kind: 'text', required: false, aliases: ['source', 'Kilde'] },
  { name: 'user', column: 'requester', kind: 'text', required: false, aliases: ['user', 'Sluttbruker', 'Bruker', 'Innmelder'] },
  { name: 'emailAddress', column: 'requester_email', kind: 'text', required: false, aliases: ['emailAddress', 'E-post', 'E-postadresse', 'Epost', 'email'] },
  { name: 'company', column: 'company', kind: 'text', required: false, aliases: ['company', 'Firma', 'Kunde'] },
  { name: 'department', column: 'department', kind: 'text', required: false, aliases: ['department', 'Avdeling'] },
  { name: 'assignedDepartment', column: 'assigned_department', kind: 'text', required: false, aliases: ['assignedDepartment', 'Sone'] },
  { name: 'assignedTeam', column: 'assigned_team', kind: 'text', required: false, aliases: ['assignedTeam', 'Team'] },
  { name: 'assignedAgent', column: 'assigned_agent', kind: 'text', required: false, aliases: ['assignedAgent', 'Saksbehandler', 'Ansvarlig'] },
  { name: 'created', column: 'created', kind: 'timestamp', required: true, aliases: ['created', 'Opprettet', 'Opprettet dato', 'Registrert'] },
  { name: 'modified', column: 'modified', kind: 'timestamp', required: false, aliases: ['modified', 'Endret', 'Sist endret'] },
  { name: 'responded', column: 'responded', kind: 'timestamp', required: false, aliases: ['responded', 'Første respons', 'Første svar'] },
  { name: 'resolved', column: 'resolved', kind: 'timestamp', required: false, aliases: ['resolved', 'Løst', 'Løst dato'] },
  { name: 'closed', column: 'closed', kind: 'timestamp', required: false, aliases: ['closed', 'Lukket', 'Lukket dato'] },
  { name: 'reopenedCount', column: 'reopened_count', kind: 'integer', required: false, aliases: ['reopenedCount', 'Gjenåpnet', 'Antall gjenåpninger'] },
  // 1 marked for deletion, 0 not, null when the export does not say.
  { name: 'isMarkedForDeletion', column: 'marked_for_deletion', kind: 'boolean', required: false, aliases: ['isMarkedForDeletion', 'Merket for sletting', 'Slettet'] },
] as const satisfies readonly FieldSpec[];

/** The columns of `stg_tickets` after the fields: the load and line a ticket's values came from. */
export const STG_TICKET_SOURCE_COLUMNS = ['load_id', 'source_line'] as const;

type Field = (typeof FIELDS)[number];
type ValueOfKind<K extends FieldKind> = (typeof SQL_TYPE_OF_KIND)[K] extends 'text' ? string : number;

/** The Kysely type of `stg_tickets`, from FIELDS. */
export type StgTicketColumns = {
  -readonly [F in Field as F['column']]: F['required'] extends true ? ValueOfKind<F['kind']> : ValueOfKind<F['kind']> | null;
} & { [C in (typeof STG_TICKET_SOURCE_COLUMNS)[number]]: number };

/** `stg_tickets` as the database should have it. */
export const STG_TICKETS_INFO: readonly ColumnInfo[] = [
  ...FIELDS.map((f): ColumnInfo => ({ name: f.column, type: SQL_TYPE_OF_KIND[f.kind], notNull: f.required, primaryKey: f.kind === 'ticketNumber', checkedValues: null })),
  ...STG_TICKET_SOURCE_COLUMNS.map((name): ColumnInfo => ({ name, type: 'integer', notNull: true, primaryKey: false, checkedValues: null })),
];

// ---------------------------------------------------------------------------
// The fact tables.

/**
 * How a fact column's values cross from a transform worker to the writer
 * (transform/fact-batch.ts): `number` in a Float64Array; `word` as a code
 * into a dictionary both sides build (for text with few distinct values);
 * `instant` joined into one string (for text distinct in nearly every row).
 */
export type Codec = 'number' | 'word' | 'instant';

export interface FactColumnSpec {
  readonly type: SqlType;
  readonly nullable: boolean;
  /** The values the column holds (its TypeScript type is their union). */
  readonly values?: readonly string[];
  /** The table has a CHECK constraint allowing `values` only. */
  readonly checked?: boolean;
  readonly primaryKey?: boolean;
  /** For text: `instant` for values distinct in nearly every row; `word` (the default) otherwise. Numbers travel as numbers. */
  readonly codec?: 'word' | 'instant';
}

/**
 * `fct_tickets`: what the transform derived for each ticket in
 * `stg_tickets` (same `ticket_number`; what the export said stays there,
 * and the view `v_tickets` shows both side by side). Instants are UTC text;
 * months are local `YYYY-MM` in the rules' time zone (TIME-3); hours are
 * unrounded.
 */
export const FCT_TICKETS = {
  ticket_number: { type: 'integer', nullable: false, primaryKey: true },
  /** CLASS-1: from the ticket type; an unmapped type is `other`. */
  ticket_class: { type: 'text', nullable: false, values: ['incident', 'request', 'other'], checked: true },
  /** STATUS-1: from the status (and coreStatus where present). */
  status_class: { type: 'text', nullable: false, values: ['open', 'resolved', 'closed'], checked: true },
  /** 1 when metrics count the ticket: class incident or request and not marked for deletion (STATUS-2). */
  counted: { type: 'integer', nullable: false },
  /** The priority's name in the rules; the export's text when the rules do not know it. */
  priority: { type: 'text', nullable: true },
  report_category: { type: 'text', nullable: false },
  /** Today's municipality, or the rules' name for unknown ("Ukjent"). */
  municipality: { type: 'text', nullable: false },
  /** Where the municipality came from: `company`, `email` or `department`; null when unknown. */
  municipality_source: { type: 'text', nullable: true, values: ['company', 'email', 'department'] },
  /** The pre-2020 municipality the ticket named (Midsund, Fræna, Eide), if any. */
  former_municipality: { type: 'text', nullable: true },
  /** NEW-2: the security-alert source that matched (e.g. "Atea SOC"); null for other tickets. */
  security_alert_source: { type: 'text', nullable: true },
  /** Local month of `stg_tickets.created`. */
  created_month: { type: 'text', nullable: false },
  /** RESOLVED-1: the effective resolution instant; null while open. */
  resolved: { type: 'text', nullable: true, codec: 'instant' },
  /** `export` (the resolved date), or a repair: `closed`, `modified`, `created`. */
  resolved_source: { type: 'text', nullable: true, values: ['export', 'closed', 'modified', 'created'] },
  resolved_month: { type: 'text', nullable: true },
  /** RESOLVED-3: local month of the export's resolved date alone, whatever the status (what the old extract used). */
  naive_resolved_month: { type: 'text', nullable: true },
  /** DUR-1: resolved − created in calendar hours; null while open or when resolved before created. */
  resolution_hours: { type: 'real', nullable: true },
  /** DUR-1: the same interval's overlap with service hours (HOURS-1). */
  resolution_service_hours: { type: 'real', nullable: true },
  /** DUR-2: 1 when older than the rules' oldCaseDays when resolved. */
  is_old_case: { type: 'integer', nullable: true },
  /** First response − created, calendar and service hours. */
  response_hours: { type: 'real', nullable: true },
  response_service_hours: { type: 'real', nullable: true },
  /** SLA-1, against the priority's targets (dim_priorities): 1 met, 0 breached, null when there is no target or nothing to measure. */
  response_met: { type: 'integer', nullable: true },
  resolution_met: { type: 'integer', nullable: true },
  /** The last instant the resolution target is still met; a ticket open after it has breached. */
  resolution_due: { type: 'text', nullable: true, codec: 'instant' },
  /** `stg_tickets.created`, the exact instant (SLA-4's lists; migration 0007). */
  created: { type: 'text', nullable: false, codec: 'instant' },
  /** `stg_tickets.status`, the export's status text (SLA-4's lists; migration 0007). */
  status: { type: 'text', nullable: false },
  /** REOPEN-1: 1 when the export's reopen count is above 0 or an open ticket keeps a resolved date, 0 when the count is 0, null when the export has none (migration 0008). */
  reopened: { type: 'integer', nullable: true },
  /**
   * AGE-1: the local day (days since 1970-01-01) of the first local midnight
   * at or after `created`; the ticket's age at a month end is that day's
   * number minus this (migration 0010; null only in facts a transform has not
   * yet rewritten).
   */
  age_from_day: { type: 'integer', nullable: true },
  /** QUALITY-1 (MASS_CLOSURE): `stg_tickets.closed`, the export's closed instant (`Lukket`), as given (migration 0011). */
  closed: { type: 'text', nullable: true, codec: 'instant' },
} as const satisfies Record<string, FactColumnSpec>;

/** `fct_findings`: one row per ticket and finding rule that fired: why a ticket was repaired or is doubtful. */
export const FCT_FINDINGS = {
  ticket_number: { type: 'integer', nullable: false, primaryKey: true },
  /** Rule code, e.g. MISSING_RESOLVED_DATE (see FINDING_RULES). */
  rule: { type: 'text', nullable: false, primaryKey: true },
  /** Readable explanation; never quotes names, e-mail addresses or subjects. */
  message: { type: 'text', nullable: false },
  /** JSON object of the values involved. */
  details: { type: 'text', nullable: false },
} as const satisfies Record<string, FactColumnSpec>;

type ValueOf<C extends FactColumnSpec> = C extends { readonly values: readonly (infer V)[] } ? V : C['type'] extends 'text' ? string : number;

/** The Kysely type of a table declared like FCT_TICKETS (keeps each column's comment). */
export type ColumnsOf<T extends Record<string, FactColumnSpec>> = {
  -readonly [K in keyof T]: T[K]['nullable'] extends true ? ValueOf<T[K]> | null : ValueOf<T[K]>;
};

/** A declared table's column names, in declaration order. */
export function columnNames<T extends Record<string, FactColumnSpec>>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

/** How each column of a declared table travels in a batch, in declaration order. */
export function codecs(table: Record<string, FactColumnSpec>): Codec[] {
  return Object.values(table).map((c) => (c.type === 'text' ? (c.codec ?? 'word') : 'number'));
}

/** A declared table as the database should have it. */
export function columnInfo(table: Record<string, FactColumnSpec>): ColumnInfo[] {
  return Object.entries(table).map(([name, c]) => ({
    name,
    type: c.type,
    notNull: !c.nullable,
    primaryKey: c.primaryKey === true,
    checkedValues: c.checked === true ? (c.values ?? null) : null,
  }));
}
