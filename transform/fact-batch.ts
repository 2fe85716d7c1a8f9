/**
 * The columns of `fct_tickets` as the transform writes them, and a compact
 * form of a page of facts for passing from the worker thread to the writer.
 * Structured cloning a page of row objects costs more than classifying it.
 *
 * Most text columns hold a handful of distinct values (classes, priorities,
 * categories, municipalities, months), so they travel as codes into a
 * dictionary that both sides build up as the batches go by: each batch
 * carries only the words new since the previous one. The writer then binds
 * the same string object for every ticket of a month or municipality instead
 * of a fresh slice of a long string, and the worker joins two strings a row
 * instead of a dozen: encoding a page takes half as long, and both sides make
 * less garbage. The instants (`resolved`, `resolution_due`: declared
 * `codec: 'instant'`), distinct for nearly every ticket, are joined into one
 * string with their end offsets, and the numbers go in a Float64Array. Which
 * column travels how comes from the declaration (store/columns.ts).
 */
import { codecs, columnNames, FCT_TICKETS, type Codec } from '../store/columns.ts';
import type { CodedColumns } from '../store/multi-row-insert.ts';
import type { Finding, TicketFacts } from './classify.ts';

/** The columns of `fct_tickets`, in table order (declared in store/columns.ts). */
export const FACT_COLUMNS = columnNames(FCT_TICKETS);

const CODECS: readonly Codec[] = codecs(FCT_TICKETS);
const NUMBER = 0;
const WORD = 1;
const INSTANT = 2;
/** For each column in FACT_COLUMNS order: how its values travel. */
const KIND: readonly number[] = CODECS.map((c) => (c === 'number' ? NUMBER : c === 'word' ? WORD : INSTANT));
const NUMBERS_PER_ROW = KIND.filter((k) => k === NUMBER).length;
const WORDS_PER_ROW = KIND.filter((k) => k === WORD).length;
const INSTANTS_PER_ROW = KIND.filter((k) => k === INSTANT).length;

type Put<T> = (value: T | null) => void;
type EncodeRows = (facts: readonly TicketFacts[], number: Put<number>, word: Put<string>, instant: Put<string>) => void;

/**
 * The row loop of FactEncoder.encode, written out column by column from the
 * declaration once when the module loads: `number(f.ticket_number);
 * word(f.ticket_class); …`. A loop over the column names would read the
 * properties by name and cost several times more.
 */
const encodeRows = ((): EncodeRows => {
  for (const c of FACT_COLUMNS) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`fct_tickets column ${JSON.stringify(c)} is not a plain name`);
  const body = FACT_COLUMNS.map((c, i) => `    ${CODECS[i]}(f.${c});`).join('\n');
  return new Function('facts', 'number', 'word', 'instant', `'use strict';\n  for (const f of facts) {\n${body}\n  }`) as EncodeRows;
})();

/** A page of facts and its findings, encoded. */
export interface FactBatch {
  readonly rows: number;
  /** Every number value of every row, in column order; NaN for null. */
  readonly numbers: Float64Array;
  /** Every coded text value of every row, in column order: an index into the dictionary, -1 for null. */
  readonly codes: Int32Array;
  /** The dictionary's words added by this batch, in code order (they follow the earlier batches' words). */
  readonly newWords: readonly string[];
  /** Every instant value of every row, in column order, joined. */
  readonly instants: string;
  /** End offset in `instants` of each instant value; -1 for null. */
  readonly ends: Int32Array;
  readonly findings: readonly Finding[];
}

/** The worker's side: encodes pages, one after the other, for one FactDecoder. */
export class FactEncoder {
  /**
   * Word → code. Bounded by the rules (classes, categories, municipalities,
   * alert sources), the months of the data and the export's distinct
   * priority texts, so it stays small.
   */
  private readonly dictionary = new Map<string, number>();

  encode(facts: readonly TicketFacts[], findings: readonly Finding[]): FactBatch {
    const { dictionary } = this;
    const numbers = new Float64Array(facts.length * NUMBERS_PER_ROW);
    const codes = new Int32Array(facts.length * WORDS_PER_ROW);
    const ends = new Int32Array(facts.length * INSTANTS_PER_ROW);
    const newWords: string[] = [];
    const parts: string[] = [];
    let length = 0;
    let n = 0;
    let w = 0;
    let e = 0;
    const number = (value: number | null) => {
      numbers[n++] = value === null ? NaN : value;
    };
    const word = (value: string | null) => {
      if (value === null) {
        codes[w++] = -1;
        return;
      }
      let code = dictionary.get(value);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(value, code);
        newWords.push(value);
      }
      codes[w++] = code;
    };
    const instant = (value: string | null) => {
      if (value === null) {
        ends[e++] = -1;
      } else {
        parts.push(value);
        length += value.length;
        ends[e++] = length;
      }
    };
    encodeRows(facts, number, word, instant);
    return { rows: facts.length, numbers, codes, newWords, instants: parts.join(''), ends, findings };
  }
}

/** The writer's side: decodes the batches of one FactEncoder, in the order they were encoded. */
export class FactDecoder {
  private readonly words: string[] = [];
  /** Per column, what to bind for each of this worker's word codes when the insert codes the column (coded.code()). */
  private readonly bound: (number | string)[][] = FACT_COLUMNS.map(() => []);

  /**
   * Appends the rows of a batch, column by column in FACT_COLUMNS order, to
   * `values`; calls `rowDone` after each row. With `coded`, a word is given
   * as what the insert binds for it (its code, for a column the insert
   * codes).
   */
  decode(batch: FactBatch, values: unknown[], rowDone: () => void, coded: CodedColumns | null = null): void {
    const { words, bound } = this;
    for (const word of batch.newWords) words.push(word);
    const { numbers, codes, instants, ends } = batch;
    let position = 0;
    let n = 0;
    let w = 0;
    let e = 0;
    for (let r = 0; r < batch.rows; r++) {
      for (let c = 0; c < KIND.length; c++) {
        const kind = KIND[c];
        if (kind === NUMBER) {
          const x = numbers[n++]!;
          values.push(Number.isNaN(x) ? null : x);
        } else if (kind === WORD) {
          const code = codes[w++]!;
          if (code < 0) {
            values.push(null);
          } else if (coded === null) {
            values.push(words[code]);
          } else {
            const column = bound[c]!;
            let value = column[code];
            if (value === undefined) column[code] = value = coded.code(c, words[code]!);
            values.push(value);
          }
        } else {
          const end = ends[e++]!;
          if (end < 0) {
            values.push(null);
          } else {
            values.push(instants.slice(position, end));
            position = end;
          }
        }
      }
      rowDone();
    }
  }
}

// The encoder and the decoder each follow the declaration their own way: check once that they agree.
{
  const expected = FACT_COLUMNS.map((c, i) => (KIND[i] === NUMBER ? i : c));
  const probe = Object.fromEntries(FACT_COLUMNS.map((c, i) => [c, expected[i]])) as unknown as TicketFacts;
  const decoded: unknown[] = [];
  new FactDecoder().decode(new FactEncoder().encode([probe], []), decoded, () => {});
  if (decoded.some((v, i) => v !== expected[i])) throw new Error('FactEncoder does not follow FACT_COLUMNS');
}
