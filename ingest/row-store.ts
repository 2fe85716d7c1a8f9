/**
 * Writing parsed rows to the database: the consumer side of the ingest
 * pipeline, always on the thread that owns the connection, inside the
 * load's transaction.
 */
import type Database from 'better-sqlite3';
import type { PsaDatabase } from '../store/open.ts';
import { STG_TICKET_SOURCE_COLUMNS } from '../store/columns.ts';
import { MultiRowInsert } from '../store/multi-row-insert.ts';
import { CsvReader } from './csv-reader.ts';
import { FIELDS, type FieldName } from './fields.ts';
import type { ColumnMapping } from './headers.ts';
import { messages, type RejectCode } from './messages.ts';
import type { LoadCounts, RejectSample } from './load-counts.ts';
import {
  BatchReader,
  LINE_SLOT,
  LINE_SPAN_SLOT,
  RAW_TEXT_SLOT,
  REPEAT_SLOT,
  VALUE_SLOT_OF_FIELD,
  type RejectedRow,
  type RowBatch,
} from './row-batch.ts';

export type { LoadCounts };

/** Fields whose values are personal data: never quoted in messages. */
const PERSONAL_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['subject', 'user', 'emailAddress']);

/** The columns of `stg_tickets`: the fields, then the load and line (pushed in that order by batch()). */
const TICKET_COLUMNS = [...FIELDS.map((f) => f.column), ...(STG_TICKET_SOURCE_COLUMNS satisfies readonly ['load_id', 'source_line'])];
const UPDATABLE_COLUMNS = TICKET_COLUMNS.filter((c) => c !== 'ticket_number');

/** The columns holding the export's values (not where they came from). */
const VALUE_COLUMNS = FIELDS.map((f) => f.column).filter((c) => c !== 'ticket_number');

/**
 * SQL for a ticket row's version instant: the newest of its timestamps
 * (UTC text compares in time order; created is never null).
 */
export function versionOf(table: string): string {
  return `max(${table}.created, coalesce(${table}.modified, ''), coalesce(${table}.responded, ''), coalesce(${table}.resolved, ''), coalesce(${table}.closed, ''))`;
}

const TICKET_NUMBER_SLOT = -1 - VALUE_SLOT_OF_FIELD[FIELDS.findIndex((f) => f.kind === 'ticketNumber')]!;

export class RowStore {
  private rowsRead = 0;
  private rowsLoaded = 0;
  readonly rejectsByCode: Partial<Record<RejectCode, number>> = {};
  readonly rejectSamples: RejectSample[] = [];
  private mappingValue: ColumnMapping | null = null;
  delimiter = ';';
  private counting = false;
  private fieldOfColumn: (FieldName | undefined)[] = [];

  private readonly raw: MultiRowInsert;
  private readonly tickets: MultiRowInsert;
  private readonly insertReject: Database.Statement<unknown[]>;

  constructor(
    private readonly store: PsaDatabase,
    private readonly loadId: number,
    private readonly rejectSampleSize: number,
    private readonly onProgress: (rowsRead: number, bytesRead: number) => void,
  ) {
    const { sqlite } = store;
    this.raw = new MultiRowInsert(sqlite, 'INSERT INTO raw_rows (load_id, line, ticket_number, raw_text) VALUES', 4, '');
    // A row replaces the stored one only when it is newer: an older export
    // never overwrites newer data. Newer means a later version instant, the
    // newest of the row's timestamps (`modified` when the export has it,
    // else created, responded, resolved or closed, whichever is latest). On
    // the same instant a row with other values replaces the stored one (the
    // later load wins: a corrected export fixes an earlier one), and the
    // summary counts those replacements; the same values change nothing.
    this.tickets = new MultiRowInsert(
      sqlite,
      `INSERT INTO stg_tickets (${TICKET_COLUMNS.join(', ')}) VALUES`,
      TICKET_COLUMNS.length,
      `ON CONFLICT (ticket_number) DO UPDATE SET ${UPDATABLE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE ${versionOf('excluded')} > ${versionOf('stg_tickets')}
          OR (${versionOf('excluded')} = ${versionOf('stg_tickets')} AND (${VALUE_COLUMNS.map((c) => `stg_tickets.${c} IS NOT excluded.${c}`).join(' OR ')}))`,
    );
    this.insertReject = sqlite.prepare(
      `INSERT INTO raw_rejects (load_id, line, line_span, column_number, column_name, code, message, raw_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * Starts counting the tickets this load replaces on an equal version
   * instant (a temporary trigger on this connection, dropped by end()).
   */
  begin(): void {
    const { sqlite } = this.store;
    sqlite.exec(`DROP TRIGGER IF EXISTS temp.psa_same_version_update;
      DROP TABLE IF EXISTS temp.psa_same_version;
      CREATE TEMP TABLE psa_same_version (ticket_number INTEGER NOT NULL);
      CREATE TEMP TRIGGER psa_same_version_update AFTER UPDATE ON main.stg_tickets
      WHEN ${versionOf('OLD')} = ${versionOf('NEW')}
      BEGIN INSERT INTO psa_same_version (ticket_number) VALUES (NEW.ticket_number); END;`);
    this.counting = true;
  }

  /** What the summary should say about this load's writes; ends the counting begin() started. */
  notices(): string[] {
    if (!this.counting) return [];
    const { sqlite } = this.store;
    const rows = sqlite.prepare<[], { ticket_number: number }>('SELECT DISTINCT ticket_number FROM temp.psa_same_version ORDER BY ticket_number').all();
    this.end();
    return rows.length === 0 ? [] : [messages.replacedOnSameVersion(rows.length, rows.slice(0, 10).map((r) => r.ticket_number))];
  }

  /** Drops the counting trigger (safe to call twice). */
  end(): void {
    if (!this.counting) return;
    this.counting = false;
    this.store.sqlite.exec('DROP TRIGGER IF EXISTS temp.psa_same_version_update; DROP TABLE IF EXISTS temp.psa_same_version;');
  }

  get mapping(): ColumnMapping {
    if (this.mappingValue === null) throw new Error('RowStore: rows arrived before the header');
    return this.mappingValue;
  }

  header(mapping: ColumnMapping, delimiter: string): void {
    this.mappingValue = mapping;
    this.delimiter = delimiter;
    this.fieldOfColumn = mapping.headers.map((h) => mapping.used[h]);
  }

  batch(batch: RowBatch): void {
    const reader = new BatchReader(batch);
    const { rejects } = batch;
    let nextReject = 0;
    while (reader.next()) {
      const { strings, numbers } = reader;
      const line = numbers[LINE_SLOT]!;
      // Rejects and rows are stored in line order, so the summary's sample is the first ones.
      while (nextReject < rejects.length && rejects[nextReject]!.line < line) this.reject(rejects[nextReject++]!);
      const rawText = strings[RAW_TEXT_SLOT]!;
      const ticket = numbers[TICKET_NUMBER_SLOT]!;
      if (numbers[REPEAT_SLOT] === 1) {
        this.flush(); // the earlier row must be in the database to compare with
        const difference = this.differenceFromFirst(ticket, rawText);
        if (difference !== null) {
          this.reject({ line, lineSpan: numbers[LINE_SPAN_SLOT]!, column: difference.column, code: 'DUPLICATE_TICKET', message: difference.message, raw: rawText });
          continue;
        }
      }
      this.raw.add4(this.loadId, line, ticket, rawText);
      const values = this.tickets.values;
      for (let k = 0; k < VALUE_SLOT_OF_FIELD.length; k++) {
        const source = VALUE_SLOT_OF_FIELD[k]!;
        values.push(source >= 0 ? strings[source] : numbers[-1 - source]);
      }
      values.push(this.loadId, line);
      this.tickets.rowAdded();
      this.rowsLoaded++;
    }
    while (nextReject < rejects.length) this.reject(rejects[nextReject++]!);
    this.rowsRead = batch.rowsRead;
    this.onProgress(batch.rowsRead, batch.bytesRead);
  }

  /** Writes rows still waiting for a full statement. */
  flush(): void {
    this.raw.flush();
    this.tickets.flush();
  }

  /** The counts for the load log, given how many tickets are new to the table; call after flush(). */
  counts(ticketsInserted: number, blankLines: number): LoadCounts {
    return {
      rowsRead: this.rowsRead,
      rowsLoaded: this.rowsLoaded,
      rowsRejected: this.rowsRead - this.rowsLoaded,
      ticketsInserted,
      ticketsUpdated: this.tickets.changes - ticketsInserted,
      ticketsUnchanged: this.rowsLoaded - this.tickets.changes,
      blankLines,
    };
  }

  /**
   * For a ticket seen earlier in this file: null when this row has the same
   * values as the loaded one (a harmless repeat), or when the earlier row was
   * rejected; otherwise the first column where they differ.
   */
  private differenceFromFirst(ticket: number, rawText: string): { column: number; message: string } | null {
    const { sqlite } = this.store;
    const current = sqlite
      .prepare<[number], { load_id: number; source_line: number }>('SELECT load_id, source_line FROM stg_tickets WHERE ticket_number = ?')
      .get(ticket);
    // The stored ticket points at its row in this load unless that row lost to
    // newer data already in the database; then find the row by number.
    const first =
      current !== undefined && current.load_id === this.loadId
        ? sqlite
            .prepare<[number, number], { line: number; raw_text: string }>('SELECT line, raw_text FROM raw_rows WHERE load_id = ? AND line = ?')
            .get(this.loadId, current.source_line)
        : sqlite
            .prepare<[number, number], { line: number; raw_text: string }>(
              'SELECT line, raw_text FROM raw_rows WHERE load_id = ? AND ticket_number = ? ORDER BY line LIMIT 1',
            )
            .get(this.loadId, ticket);
    if (first === undefined || first.raw_text === rawText) return null;
    const before = this.splitRecord(first.raw_text);
    const now = this.splitRecord(rawText);
    const index = now.findIndex((value, i) => value !== before[i]);
    if (index === -1) return null; // the same values, quoted differently
    const header = this.mapping.headers[index] ?? `column ${index + 1}`;
    const field = this.fieldOfColumn[index];
    const shown = field !== undefined && PERSONAL_FIELDS.has(field) ? null : { first: before[index] ?? '', again: now[index] ?? '' };
    return { column: index + 1, message: messages.duplicateTicket(ticket, first.line, header, shown) };
  }

  private splitRecord(text: string): string[] {
    let fields: string[] = [];
    const reader = new CsvReader({ delimiter: this.delimiter });
    reader.push(text, (f) => {
      fields = f;
    });
    reader.end((f) => {
      fields = f;
    });
    return fields;
  }

  private reject(row: RejectedRow): void {
    const columnName = row.column !== null ? (this.mapping.headers[row.column - 1] ?? null) : null;
    this.insertReject.run(this.loadId, row.line, row.lineSpan, row.column, columnName, row.code, row.message, row.raw);
    this.rejectsByCode[row.code] = (this.rejectsByCode[row.code] ?? 0) + 1;
    if (this.rejectSamples.length < this.rejectSampleSize) {
      this.rejectSamples.push({ line: row.line, column: row.column, columnName, code: row.code, message: row.message });
    }
  }
}

/**
 * One INSERT for up to ROWS_PER_STATEMENT rows: values are pushed flat and
 * written when a statement's worth has gathered (or on flush).
 */
