/**
 * Writing parsed rows to the database: the consumer side of the ingest
 * pipeline, always on the thread that owns the connection, inside the
 * load's transaction.
 */
import type Database from 'better-sqlite3';
import type { PsaDatabase } from '../store/open.ts';
import { STG_TICKET_SOURCE_COLUMNS } from '../store/columns.ts';
import { CodedColumns, MultiRowInsert } from '../store/multi-row-insert.ts';
import { CsvReader } from './csv-reader.ts';
import { FIELDS, type FieldName } from './fields.ts';
import type { ColumnMapping } from './headers.ts';
import { messages, type RejectCode } from './messages.ts';
import type { LoadCounts, RejectSample } from './load-counts.ts';
import { TicketRanges } from './ticket-ranges.ts';
import { sameReadingLoads, storedSourcesSql, type ReadingContext } from './known-rows.ts';
import {
  BatchReader,
  CODED_SLOTS,
  HASH_SLOT,
  LINE_SLOT,
  LINE_SPAN_SLOT,
  RAW_TEXT_SLOT,
  NUMBER_SLOTS,
  STRING_SLOTS,
  REPEAT_SLOT,
  SAME_LINE,
  SAME_LINE_SPAN,
  SAME_SOURCE_LINE,
  SAME_SOURCE_LOAD,
  SAME_TICKET,
  SAME_WIDTH,
  VALUE_SLOT_OF_FIELD,
  type RejectedRow,
  type RowBatch,
} from './row-batch.ts';

export type { LoadCounts, ReadingContext };

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

/** The position in TICKET_COLUMNS (FIELDS order) of each string slot's field; -1 for the raw text. */
const COLUMN_OF_STRING_SLOT: readonly number[] = Array.from({ length: STRING_SLOTS }, (_, slot) => VALUE_SLOT_OF_FIELD.indexOf(slot));

/** Tickets looked up per statement when checking for rows loaded again unchanged. */
const LOOKUP_TICKETS = 100;

/**
 * Rows the parse worker recognised as loaded already (known-rows.ts), in this
 * process so far: lets a test or the bench see that the shortcut was taken.
 */
export const recognisedByParser = { rows: 0 };

/** A run of rows loaded unchanged, open while rows keep following their source rows line for line. */
interface SameRun {
  firstLine: number;
  lastLine: number;
  /** Where the next row must start to extend the run (the last row's line + its span). */
  nextLine: number;
  readonly sourceLoad: number;
  readonly sourceFirstLine: number;
}

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
  /** The stg_tickets columns whose values come coded from the parser (row-batch.ts), and are bound coded. */
  private readonly coded: CodedColumns;
  /**
   * Per string slot, what to bind for each of the parser's codes: the same
   * code from `coded`, which is given the parser's values in the parser's order.
   */
  private readonly bound: (number | string)[][] = Array.from({ length: STRING_SLOTS }, () => []);
  private readonly sameRuns: MultiRowInsert;
  private readonly insertReject: Database.Statement<unknown[]>;
  /** Earlier loads read the same way as this one (null: rows are never skipped). */
  private sameReading: ReadonlySet<number> | null = null;
  private storedRows: Database.Statement<unknown[], [number, number, number, number | null]> | null = null;
  private storedRange: Database.Statement<unknown[], [number, number, number, number | null]> | null = null;
  private run: SameRun | null = null;
  /** The tickets of the rows loaded, when this load records them (migration 0013). */
  private readonly held: TicketRanges | null;

  /**
   * With `reading`, a row whose text is the same as the stored row its
   * ticket's values came from, read the same way, is counted as loaded and
   * unchanged but not written again: it goes into a run of `raw_same_rows`
   * (migration 0009), so `raw_rows` still shows it. Without (the API pull),
   * every row is written. With `recordTickets`, the tickets of the rows
   * loaded are gathered for `raw_load_tickets` (writeTickets()): a load
   * whose rows all go through this one store (a file, not a pull's pages).
   */
  constructor(
    private readonly store: PsaDatabase,
    private readonly loadId: number,
    private readonly rejectSampleSize: number,
    private readonly onProgress: (rowsRead: number, bytesRead: number) => void,
    private readonly reading: ReadingContext | null = null,
    recordTickets = false,
  ) {
    const { sqlite } = store;
    this.held = recordTickets ? new TicketRanges() : null;
    this.raw = new MultiRowInsert(sqlite, 'INSERT INTO raw_rows_stored (load_id, line, ticket_number, raw_text, raw_hash) VALUES', 5, '');
    this.sameRuns = new MultiRowInsert(sqlite, 'INSERT INTO raw_same_rows (load_id, first_line, last_line, source_load_id, source_first_line) VALUES', 5, '');
    // A row replaces the stored one only when it is newer: an older export
    // never overwrites newer data. Newer means a later version instant, the
    // newest of the row's timestamps (`modified` when the export has it,
    // else created, responded, resolved or closed, whichever is latest). On
    // the same instant a row with other values replaces the stored one (the
    // later load wins: a corrected export fixes an earlier one), and the
    // summary counts those replacements; the same values change nothing.
    this.coded = new CodedColumns(TICKET_COLUMNS.length, CODED_SLOTS.map((slot) => COLUMN_OF_STRING_SLOT[slot]!));
    this.tickets = new MultiRowInsert(
      sqlite,
      `INSERT INTO stg_tickets (${TICKET_COLUMNS.join(', ')}) VALUES`,
      TICKET_COLUMNS.length,
      `ON CONFLICT (ticket_number) DO UPDATE SET ${UPDATABLE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE ${versionOf('excluded')} > ${versionOf('stg_tickets')}
          OR (${versionOf('excluded')} = ${versionOf('stg_tickets')} AND (${VALUE_COLUMNS.map((c) => `stg_tickets.${c} IS NOT excluded.${c}`).join(' OR ')}))`,
      this.coded,
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
    if (this.reading !== null) {
      const loads = sameReadingLoads(this.store.sqlite, this.loadId, mapping, delimiter, this.reading);
      this.sameReading = loads.size === 0 ? null : loads;
    }
  }

  batch(batch: RowBatch): void {
    for (const [slot, word] of batch.words) this.bound[slot]!.push(this.coded.code(COLUMN_OF_STRING_SLOT[slot]!, word));
    // The parse worker checked the batch's rows already when it says so (known-rows.ts).
    const stored = this.sameReading === null || batch.checked ? null : this.storedSources(batch);
    const reader = new BatchReader(batch);
    const { rejects, same } = batch;
    let nextReject = 0;
    let nextSame = 0;
    // Rejects, rows the parser recognised and typed rows are taken in line order,
    // so the summary's sample is the first rejects and runs of unchanged rows form as they would.
    const takeBefore = (limit: number) => {
      for (;;) {
        const rejectLine = nextReject < rejects.length ? rejects[nextReject]!.line : Infinity;
        const sameLine = nextSame < same.length ? same[nextSame + SAME_LINE]! : Infinity;
        if (rejectLine < limit && rejectLine < sameLine) this.reject(rejects[nextReject++]!);
        else if (sameLine < limit) {
          this.recognised(same, nextSame);
          nextSame += SAME_WIDTH;
        } else return;
      }
    };
    while (reader.next()) {
      const { strings, numbers } = reader;
      const line = numbers[LINE_SLOT]!;
      takeBefore(line);
      const ticket = numbers[TICKET_NUMBER_SLOT]!;
      const hash = numbers[HASH_SLOT]!;
      const source = stored?.get(ticket);
      if (source !== undefined && source.hash === hash && numbers[REPEAT_SLOT] === 0) {
        // The same text as the row the stored values came from: loading it would change nothing.
        this.same(line, numbers[LINE_SPAN_SLOT]!, source.load, source.line);
        this.held?.add(ticket);
        this.rowsLoaded++;
        continue;
      }
      const rawText = strings[RAW_TEXT_SLOT] as string;
      if (numbers[REPEAT_SLOT] === 1) {
        this.flush(); // the earlier row must be in the database to compare with
        const difference = this.differenceFromFirst(ticket, rawText);
        if (difference !== null) {
          this.reject({ line, lineSpan: numbers[LINE_SPAN_SLOT]!, column: difference.column, code: 'DUPLICATE_TICKET', message: difference.message, raw: rawText });
          continue;
        }
      }
      this.raw.values.push(this.loadId, line, ticket, rawText, hash);
      this.raw.rowAdded();
      const values = this.tickets.values;
      for (let k = 0; k < VALUE_SLOT_OF_FIELD.length; k++) {
        const source = VALUE_SLOT_OF_FIELD[k]!;
        if (source < 0) {
          values.push(numbers[-1 - source]);
        } else {
          const value = strings[source]!;
          values.push(typeof value === 'number' ? this.bound[source]![value] : value);
        }
      }
      values.push(this.loadId, line);
      this.tickets.rowAdded();
      this.held?.add(ticket);
      this.rowsLoaded++;
    }
    takeBefore(Infinity);
    this.rowsRead = batch.rowsRead;
    this.onProgress(batch.rowsRead, batch.bytesRead);
  }

  /** A row the parser recognised as the same text again as a stored row of a load read the same way. */
  private recognised(same: Float64Array, at: number): void {
    const load = same[at + SAME_SOURCE_LOAD]!;
    if (this.sameReading?.has(load) !== true) throw new Error(`RowStore: the parser recognised line ${same[at + SAME_LINE]} as a row of load ${load}, which was not read the same way`);
    this.same(same[at + SAME_LINE]!, same[at + SAME_LINE_SPAN]!, load, same[at + SAME_SOURCE_LINE]!);
    this.held?.add(same[at + SAME_TICKET]!);
    this.rowsLoaded++;
    recognisedByParser.rows++;
  }

  /** Writes rows still waiting for a full statement, and closes the open run of unchanged rows. */
  flush(): void {
    this.raw.flush();
    this.tickets.flush();
    this.closeRun();
    this.sameRuns.flush();
  }

  /** Writes the ranges of the tickets the loaded rows hold (raw_load_tickets); call once, after the last batch. */
  writeTickets(): void {
    if (this.held === null) return;
    const insert = new MultiRowInsert(this.store.sqlite, 'INSERT INTO raw_load_tickets (load_id, first_ticket, last_ticket) VALUES', 3, '');
    for (const [first, last] of this.held.ranges()) {
      insert.values.push(this.loadId, first, last);
      insert.rowAdded();
    }
    insert.flush();
  }

  /**
   * The stored source row (load, line, text hash) of each ticket of the
   * batch seen for the first time in this file, when it was read the same
   * way as this load.
   */
  private storedSources(batch: RowBatch): Map<number, { load: number; line: number; hash: number }> {
    const sql = (where: string) => this.store.sqlite.prepare<unknown[], [number, number, number, number | null]>(storedSourcesSql(where)).raw();
    this.storedRows ??= sql(`s.ticket_number IN (${new Array(LOOKUP_TICKETS).fill('?').join(', ')})`);
    this.storedRange ??= sql('s.ticket_number BETWEEN ? AND ?');
    const found = new Map<number, { load: number; line: number; hash: number }>();
    const keep = (rows: Iterable<[number, number, number, number | null]>) => {
      for (const [ticket, load, line, hash] of rows) {
        if (hash !== null && this.sameReading!.has(load)) found.set(ticket, { load, line, hash });
      }
    };
    const { numbers, rowCount } = batch;
    const tickets: number[] = [];
    let low = Infinity;
    let high = -Infinity;
    for (let r = 0; r < rowCount; r++) {
      if (numbers[r * NUMBER_SLOTS + REPEAT_SLOT] !== 0) continue;
      const ticket = numbers[r * NUMBER_SLOTS + TICKET_NUMBER_SLOT]!;
      tickets.push(ticket);
      if (ticket < low) low = ticket;
      if (ticket > high) high = ticket;
    }
    if (tickets.length === 0) return found;
    // An export sorted by ticket number gives batches of nearly consecutive tickets: one range scan
    // reads them (and the few between them, not asked for and never looked up) for less than a look-up each.
    if (high - low < 2 * tickets.length) {
      keep(this.storedRange.all(low, high));
      return found;
    }
    const list: (number | null)[] = [];
    for (const ticket of tickets) {
      list.push(ticket);
      if (list.length === LOOKUP_TICKETS) {
        keep(this.storedRows.all(...list));
        list.length = 0;
      }
    }
    if (list.length > 0) {
      while (list.length < LOOKUP_TICKETS) list.push(null);
      keep(this.storedRows.all(...list));
    }
    return found;
  }

  /**
   * Adds an unchanged row to the open run, or starts a new one. A run only
   * grows while rows follow each other with no line between them (no
   * reject, no blank line) and their sources do the same in one earlier
   * load, so every stored row in the run's source range is one of its rows.
   */
  private same(line: number, span: number, sourceLoad: number, sourceLine: number): void {
    const run = this.run;
    if (run !== null && line === run.nextLine && sourceLoad === run.sourceLoad && sourceLine - run.sourceFirstLine === line - run.firstLine) {
      run.lastLine = line;
      run.nextLine = line + span;
      return;
    }
    this.closeRun();
    this.run = { firstLine: line, lastLine: line, nextLine: line + span, sourceLoad, sourceFirstLine: sourceLine };
  }

  private closeRun(): void {
    const run = this.run;
    if (run === null) return;
    this.sameRuns.values.push(this.loadId, run.firstLine, run.lastLine, run.sourceLoad, run.sourceFirstLine);
    this.sameRuns.rowAdded();
    this.run = null;
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
