/**
 * Rows on their way from the parser to the database, in batches.
 *
 * A batch is built to cross a thread boundary cheaply: every string value of
 * every row is concatenated into one string, with a Uint32Array of end
 * offsets, and every numeric value goes into a Float64Array. Cloning one
 * long string and two typed arrays costs a fraction of cloning thousands of
 * small arrays, and the receiver takes values out with `slice`.
 *
 * Per loaded row:
 * - string slots: the record's text as received, then each text and
 *   timestamp field in FIELDS order (timestamps already as UTC ISO text);
 * - number slots: the line, the line span, 1 when the ticket number was seen
 *   earlier in the file (else 0), the hash of the record's text (row-hash.ts,
 *   made here so a worker thread does it), then each ticket-number, integer
 *   and boolean field in FIELDS order. NaN stands for null.
 *
 * The fields whose values repeat from row to row (CODED_COLUMNS: the ticket
 * type, status, priority, categories, company...) travel as codes: the
 * first MAX_CODED distinct values of each (the cap of the writer's
 * CodedColumns, store/multi-row-insert.ts) get a small number, sent once
 * (`words`) and then in the slot's end offset instead of the text. The
 * writer binds the codes, which costs better-sqlite3 a fraction of binding
 * text.
 *
 * A row the parser recognised as the same text again as a stored row
 * (known-rows.ts) is not typed: it travels in `same` as five numbers, its
 * line, line span, ticket number, and the load and line of the stored row.
 */
import { SQL_TYPE_OF_KIND } from '../store/columns.ts';
import { FIELDS } from './fields.ts';
import type { RejectCode } from './messages.ts';
import { rowHash } from './row-hash.ts';
import { MAX_CODED } from '../store/multi-row-insert.ts';

/** FIELDS indexes whose typed value travels as a string: those stored as text. */
export const STRING_FIELD_INDEXES: readonly number[] = FIELDS.flatMap((f, i) => (SQL_TYPE_OF_KIND[f.kind] === 'text' ? [i] : []));
/** FIELDS indexes whose typed value travels as a number: the others. */
export const NUMBER_FIELD_INDEXES: readonly number[] = FIELDS.flatMap((f, i) => (SQL_TYPE_OF_KIND[f.kind] === 'text' ? [] : [i]));

/** String slot of the record's raw text; field values follow it. */
export const RAW_TEXT_SLOT = 0;
const FIRST_FIELD_STRING_SLOT = 1;
/** Number slots before the field values: line, line span, repeat flag, hash of the raw text. */
export const LINE_SLOT = 0;
export const LINE_SPAN_SLOT = 1;
export const REPEAT_SLOT = 2;
export const HASH_SLOT = 3;
const FIRST_FIELD_NUMBER_SLOT = 4;

export const STRING_SLOTS = FIRST_FIELD_STRING_SLOT + STRING_FIELD_INDEXES.length;
export const NUMBER_SLOTS = FIRST_FIELD_NUMBER_SLOT + NUMBER_FIELD_INDEXES.length;

/**
 * Where the typed value of FIELDS[k] travels in a batch row: a string slot
 * (≥ 0), or a number slot encoded as −1 − slot.
 */
export const VALUE_SLOT_OF_FIELD: readonly number[] = FIELDS.map((_, k) => {
  const s = STRING_FIELD_INDEXES.indexOf(k);
  return s >= 0 ? FIRST_FIELD_STRING_SLOT + s : -1 - (FIRST_FIELD_NUMBER_SLOT + NUMBER_FIELD_INDEXES.indexOf(k));
});
/** Marks a null string slot in `ends`. */
export const NULL_BIT = 0x8000_0000;
/** Marks a coded string slot in `ends`: the low bits are the code (no text in the batch). */
export const CODE_BIT = 0x4000_0000;

/** The text fields whose values repeat: they travel as codes. */
const CODED_COLUMNS: ReadonlySet<string> = new Set([
  'ticket_type', 'status', 'priority', 'category1', 'category2', 'category3', 'source', 'company', 'department', 'assigned_department', 'assigned_team',
]);

/** String slots of the coded fields, in slot order. */
export const CODED_SLOTS: readonly number[] = STRING_FIELD_INDEXES.flatMap((k, s) => (CODED_COLUMNS.has(FIELDS[k]!.column) ? [FIRST_FIELD_STRING_SLOT + s] : []));

/** A row the parser could not load, with where and why. */
export interface RejectedRow {
  readonly line: number;
  readonly lineSpan: number;
  /** 1-based column of the first problem; null for the whole row. */
  readonly column: number | null;
  readonly code: RejectCode;
  readonly message: string;
  readonly raw: string;
}

export interface RowBatch {
  readonly rowCount: number;
  readonly text: string;
  readonly ends: Uint32Array;
  readonly numbers: Float64Array;
  readonly rejects: readonly RejectedRow[];
  /** Rows read (loaded or rejected) up to the end of this batch. */
  readonly rowsRead: number;
  /** Bytes of the file read up to the end of this batch. */
  readonly bytesRead: number;
  /** The codes this batch gives first: [string slot, value], in code order per slot (earlier batches gave the earlier codes). */
  readonly words: readonly (readonly [number, string])[];
  /** Rows recognised as stored already, SAME_WIDTH numbers each (SAME_LINE…), in line order. */
  readonly same: Float64Array;
  /**
   * Every row of `numbers` was checked against the stored rows by the parser
   * (known-rows.ts) and is not the same text again: the writer need not look
   * their stored rows up.
   */
  readonly checked: boolean;
}

/** Numbers per recognised row in RowBatch.same, and their positions. */
export const SAME_WIDTH = 5;
export const SAME_LINE = 0;
export const SAME_LINE_SPAN = 1;
export const SAME_TICKET = 2;
export const SAME_SOURCE_LOAD = 3;
export const SAME_SOURCE_LINE = 4;
/** A recognised row fills this share of a typed row's place in a batch: they are five numbers, not a row's text and values. */
const SAME_ROWS_PER_ROW = 8;

/** Collects rows into batches of a fixed number of rows. */
export class BatchBuilder {
  /** String values so far; joined once in take(), which is cheaper than growing one string. */
  private pieces: string[] = [];
  private textLength = 0;
  private ends: Uint32Array;
  private numbers: Float64Array;
  private rows = 0;
  private slot = 0;
  private numberSlot = 0;
  private rejects: RejectedRow[] = [];
  /** Per string slot, its coded values (value → code); undefined for a slot that is not coded. */
  private readonly codes: (Map<string, number> | undefined)[] = new Array(STRING_SLOTS).fill(undefined);
  private words: [number, string][] = [];
  private same: Float64Array;
  private sameSlot = 0;
  private checked = true;

  constructor(readonly capacity: number) {
    this.same = new Float64Array(capacity * SAME_ROWS_PER_ROW * SAME_WIDTH);
    for (const slot of CODED_SLOTS) this.codes[slot] = new Map();
    this.ends = new Uint32Array(capacity * STRING_SLOTS);
    this.numbers = new Float64Array(capacity * NUMBER_SLOTS);
  }

  get full(): boolean {
    // Offsets stay below CODE_BIT.
    return this.rows + this.sameSlot / (SAME_WIDTH * SAME_ROWS_PER_ROW) >= this.capacity || this.textLength > 0x2000_0000;
  }

  get isEmpty(): boolean {
    return this.rows === 0 && this.sameSlot === 0 && this.rejects.length === 0;
  }

  /**
   * Adds a loaded row in the slot layout described above: `typed` holds each
   * field's typed value in FIELDS order, `hash` is rowHash(raw); `checked`
   * when the parser found it is not the same text again as a stored row.
   */
  addRow(raw: string, line: number, lineSpan: number, repeated: boolean, typed: readonly (string | number | null)[], hash: number = rowHash(raw), checked = false): void {
    if (!checked) this.checked = false;
    this.pushString(raw);
    for (const k of STRING_FIELD_INDEXES) this.pushString(typed[k] as string | null);
    this.pushNumber(line);
    this.pushNumber(lineSpan);
    this.pushNumber(repeated ? 1 : 0);
    this.pushNumber(hash);
    for (const k of NUMBER_FIELD_INDEXES) this.pushNumber(typed[k] as number | null);
    this.rows++;
  }

  private pushString(value: string | null): void {
    if (value === null) {
      this.ends[this.slot++] = this.textLength | NULL_BIT;
      return;
    }
    const codes = this.codes[this.slot % STRING_SLOTS];
    let code = codes?.get(value);
    if (code === undefined && codes !== undefined && codes.size < MAX_CODED) {
      code = codes.size;
      codes.set(value, code);
      this.words.push([this.slot % STRING_SLOTS, value]);
    }
    if (code !== undefined) {
      this.ends[this.slot++] = CODE_BIT | code;
    } else {
      this.pieces.push(value);
      this.textLength += value.length;
      this.ends[this.slot++] = this.textLength;
    }
  }

  private pushNumber(value: number | null): void {
    this.numbers[this.numberSlot++] = value === null ? NaN : value;
  }

  /** Adds a row recognised as the same text again as the stored row at `sourceLoad`, `sourceLine`. */
  addSame(line: number, lineSpan: number, ticket: number, sourceLoad: number, sourceLine: number): void {
    if (this.sameSlot + SAME_WIDTH > this.same.length) {
      const grown = new Float64Array(this.same.length * 2);
      grown.set(this.same);
      this.same = grown;
    }
    const same = this.same;
    const at = this.sameSlot;
    same[at + SAME_LINE] = line;
    same[at + SAME_LINE_SPAN] = lineSpan;
    same[at + SAME_TICKET] = ticket;
    same[at + SAME_SOURCE_LOAD] = sourceLoad;
    same[at + SAME_SOURCE_LINE] = sourceLine;
    this.sameSlot = at + SAME_WIDTH;
  }

  reject(row: RejectedRow): void {
    this.rejects.push(row);
  }

  /** Hands out the batch and starts a new one. */
  take(rowsRead: number, bytesRead: number): RowBatch {
    const batch: RowBatch = {
      rowCount: this.rows,
      text: this.pieces.join(''),
      ends: this.ends.slice(0, this.slot),
      numbers: this.numbers.slice(0, this.numberSlot),
      rejects: this.rejects,
      rowsRead,
      bytesRead,
      words: this.words,
      same: this.same.slice(0, this.sameSlot),
      checked: this.checked,
    };
    this.checked = true;
    this.words = [];
    this.pieces = [];
    this.textLength = 0;
    this.rows = 0;
    this.slot = 0;
    this.numberSlot = 0;
    this.sameSlot = 0;
    this.rejects = [];
    return batch;
  }
}

/** Reads the rows of a batch back, one at a time, into reusable arrays. */
export class BatchReader {
  private row = -1;
  private start = 0;
  /** The row's string slots: text, null, or the code of a coded value (RowBatch.words). */
  readonly strings: (string | number | null)[] = new Array(STRING_SLOTS).fill(null);
  readonly numbers: (number | null)[] = new Array(NUMBER_SLOTS).fill(null);

  constructor(private readonly batch: RowBatch) {}

  /** Moves to the next row; false after the last. */
  next(): boolean {
    if (++this.row >= this.batch.rowCount) return false;
    const { text, ends, numbers } = this.batch;
    const stringBase = this.row * STRING_SLOTS;
    for (let k = 0; k < STRING_SLOTS; k++) {
      const end = ends[stringBase + k]!;
      if (end & NULL_BIT) {
        this.strings[k] = null;
        this.start = end & ~NULL_BIT;
      } else if (end & CODE_BIT) {
        this.strings[k] = end & ~CODE_BIT;
      } else {
        this.strings[k] = text.slice(this.start, end);
        this.start = end;
      }
    }
    const numberBase = this.row * NUMBER_SLOTS;
    for (let k = 0; k < NUMBER_SLOTS; k++) {
      const value = numbers[numberBase + k]!;
      this.numbers[k] = Number.isNaN(value) ? null : value;
    }
    return true;
  }
}
