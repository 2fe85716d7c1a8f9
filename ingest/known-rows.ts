/**
 * Rows the database already holds, as the parser sees them: next month's
 * export is mostly the same text again, and a row whose text is the same as
 * the stored row its ticket's values came from, read the same way, loads as
 * nothing new (row-store.ts). The parse worker recognises such a row from its
 * ticket number and the hash of its text before typing its fields, which is
 * most of a row's parsing, and sends only where it is and where it came from.
 *
 * It reads through its own read-only connection. The load's write
 * transaction is open on the main thread meanwhile; in WAL mode this
 * connection reads the database as it was before the load, which is what the
 * check needs: only a ticket's first row in the file is recognised, and the
 * load has written nothing for that ticket yet. A row it does not recognise
 * is typed and checked by the writer as before, so this is a shortcut that
 * never decides anything the writer would not.
 */
import SQLite from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { PSA_VERSION } from '../store/version.ts';
import type { ColumnMapping } from './headers.ts';

/**
 * What, besides a row's text, decides the values it loads as: a row is the
 * same as a stored one only when it is the same text read the same way.
 */
export interface ReadingContext {
  readonly encoding: string;
  readonly zone: string;
}

/** Where the parse worker may read the stored rows: set only for a database in WAL mode. */
export interface KnownRowsSource {
  readonly databasePath: string;
  /** This load's id: only earlier loads count. */
  readonly loadId: number;
  readonly reading: ReadingContext;
}

/** Earlier loads read the same way as this one: the only ones a row can be the same text again of. */
export function sameReadingLoads(sqlite: Database.Database, loadId: number, mapping: ColumnMapping, delimiter: string, reading: ReadingContext): Set<number> {
  const loads = sqlite
    .prepare<unknown[], { load_id: number }>(
      `SELECT load_id FROM raw_loads WHERE source = 'file' AND load_id < ? AND headers = ? AND column_map = ? AND delimiter = ? AND encoding = ? AND time_zone = ? AND psa_version = ?`,
    )
    .all(loadId, JSON.stringify(mapping.headers), JSON.stringify(mapping.used), delimiter, reading.encoding, reading.zone, PSA_VERSION);
  return new Set(loads.map((l) => l.load_id));
}

/**
 * SQL for the stored source rows of the tickets a WHERE clause on `s`
 * (stg_tickets) picks: by default each one's ticket number, load, line and
 * text hash (`r`, raw_rows_stored).
 */
export function storedSourcesSql(where: string, columns = 's.ticket_number, s.load_id, s.source_line, r.raw_hash'): string {
  return `SELECT ${columns} FROM stg_tickets s
    JOIN raw_rows_stored r ON r.load_id = s.load_id AND r.line = s.source_line
    WHERE ${where}`;
}

/** Tickets whose stored rows one read brings in (a window of ticket numbers). */
const WINDOW = 2048;
/**
 * Stored rows read per row asked about, beyond which the parser stops
 * asking: an export in no ticket order would read a window for each row.
 */
const MAX_READ_PER_ASKED = 4;

/**
 * The stored source rows of the tickets near the one asked about, read a
 * window of ticket numbers at a time: an export sorted by ticket number (up
 * or down) reads each stored row about once. One in no such order soon reads
 * far more rows than it asks about, and then this gives up (`same` answers
 * false from then on): the writer checks those rows instead, as it does
 * for in-thread parsing.
 */
export class KnownRows {
  /** After `same` answered true: the load and line of the stored row. */
  load = 0;
  line = 0;
  private readonly sqlite: Database.Database;
  private readonly read: Database.Statement<[number, number], [string, string, string, string]>;
  private sameReading: ReadonlySet<number> = new Set();
  /** The window's stored source rows by ticket − low: text hash (NaN: none), load and line. */
  private readonly hashes = new Float64Array(WINDOW);
  private readonly loads = new Float64Array(WINDOW);
  private readonly lines = new Float64Array(WINDOW);
  private low = 1;
  private high = 0;
  private asked = 0;
  private rowsRead = 0;
  private givenUp = false;

  /** False once it has given up: `same` then answers false without looking. */
  get checking(): boolean {
    return !this.givenUp;
  }

  constructor(private readonly source: KnownRowsSource) {
    this.sqlite = new SQLite(source.databasePath, { readonly: true, fileMustExist: true });
    this.sqlite.pragma('cache_size = -2048');
    // A window's rows as four JSON arrays: better-sqlite3 hands over one row of four texts
    // for less than 2,048 rows of four values (0.75 s against 1.2 s a million rows).
    const columns = ['s.ticket_number', 's.load_id', 's.source_line', 'r.raw_hash'].map((c) => `json_group_array(${c})`).join(', ');
    this.read = this.sqlite.prepare<[number, number], [string, string, string, string]>(storedSourcesSql('s.ticket_number BETWEEN ? AND ?', columns)).raw();
  }

  /** Call with the file's header: rows are recognised only when an earlier load read the same columns the same way. */
  start(mapping: ColumnMapping, delimiter: string): void {
    try {
      this.sameReading = sameReadingLoads(this.sqlite, this.source.loadId, mapping, delimiter, this.source.reading);
    } catch {
      // Unreadable: give up, as in same().
    }
    if (this.sameReading.size === 0) this.givenUp = true;
  }

  /**
   * Whether `ticket`'s stored source row, from a load read the same way, has
   * the text hash `hash`; if so, `load` and `line` say which row it is.
   */
  same(ticket: number, hash: number): boolean {
    if (this.givenUp) return false;
    this.asked++;
    if (ticket < this.low || ticket > this.high) {
      if (this.rowsRead > MAX_READ_PER_ASKED * this.asked + 2 * WINDOW) {
        this.givenUp = true;
        return false;
      }
      // Up from a ticket past the window, down from one before it; around the first.
      try {
        this.fill(this.high < this.low ? ticket - WINDOW / 2 : ticket > this.high ? ticket : ticket - WINDOW + 1);
      } catch {
        // A shortcut that cannot read (the file busy or damaged) gives up: the writer checks every row, and reports what is wrong.
        this.givenUp = true;
        return false;
      }
    }
    const i = ticket - this.low;
    if (this.hashes[i] !== hash) return false;
    this.load = this.loads[i]!;
    this.line = this.lines[i]!;
    return true;
  }

  private fill(low: number): void {
    const [tickets, loads, lines, hashes] = this.read.get(low, low + WINDOW - 1)!.map((json) => JSON.parse(json) as (number | null)[]) as [number[], number[], number[], (number | null)[]];
    this.hashes.fill(NaN);
    for (let k = 0; k < tickets.length; k++) {
      const i = tickets[k]! - low;
      const load = loads[k]!;
      const hash = hashes[k] ?? null;
      if (hash === null || !this.sameReading.has(load)) continue;
      this.hashes[i] = hash;
      this.loads[i] = load;
      this.lines[i] = lines[k]!;
    }
    this.rowsRead += tickets.length;
    this.low = low;
    this.high = low + WINDOW - 1;
  }

  close(): void {
    this.sqlite.close();
  }
}
