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
 * less garbage. The two instants
 * (`resolved`, `resolution_due`), distinct for nearly every ticket, are
 * joined into one string with their end offsets, and the numbers go in a
 * Float64Array.
 */
import type { Finding, TicketFacts } from './classify.ts';

export const FACT_COLUMNS = [
  'ticket_number', 'ticket_class', 'status_class', 'counted', 'priority', 'report_category', 'municipality',
  'municipality_source', 'former_municipality', 'security_alert_source', 'created_month', 'resolved', 'resolved_source',
  'resolved_month', 'naive_resolved_month', 'resolution_hours', 'resolution_service_hours', 'is_old_case',
  'response_hours', 'response_service_hours', 'response_met', 'resolution_met', 'resolution_due',
] as const satisfies readonly (keyof TicketFacts)[];

type FactColumn = (typeof FACT_COLUMNS)[number];
type NumberColumn = { [C in FactColumn]: TicketFacts[C] extends number | null ? C : never }[FactColumn];
type TextColumn = Exclude<FactColumn, NumberColumn>;

const NUMBER_COLUMNS: ReadonlySet<FactColumn> = new Set<NumberColumn>([
  'ticket_number', 'counted', 'resolution_hours', 'resolution_service_hours', 'is_old_case', 'response_hours',
  'response_service_hours', 'response_met', 'resolution_met',
]);
/** Text columns whose values are (nearly) all distinct: joined, not coded. */
const INSTANT_COLUMNS: ReadonlySet<FactColumn> = new Set<TextColumn>(['resolved', 'resolution_due']);

const NUMBER = 0;
const WORD = 1;
const INSTANT = 2;
/** For each column in FACT_COLUMNS order: how its values travel. */
const KIND: readonly number[] = FACT_COLUMNS.map((c) => (NUMBER_COLUMNS.has(c) ? NUMBER : INSTANT_COLUMNS.has(c) ? INSTANT : WORD));
const NUMBERS_PER_ROW = KIND.filter((k) => k === NUMBER).length;
const WORDS_PER_ROW = KIND.filter((k) => k === WORD).length;
const INSTANTS_PER_ROW = KIND.filter((k) => k === INSTANT).length;

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
    // Column by column in FACT_COLUMNS order (checked below and by the
    // tests); written out because a loop over column names reads the
    // properties by name and costs several times more.
    for (const f of facts) {
      number(f.ticket_number);
      word(f.ticket_class);
      word(f.status_class);
      number(f.counted);
      word(f.priority);
      word(f.report_category);
      word(f.municipality);
      word(f.municipality_source);
      word(f.former_municipality);
      word(f.security_alert_source);
      word(f.created_month);
      instant(f.resolved);
      word(f.resolved_source);
      word(f.resolved_month);
      word(f.naive_resolved_month);
      number(f.resolution_hours);
      number(f.resolution_service_hours);
      number(f.is_old_case);
      number(f.response_hours);
      number(f.response_service_hours);
      number(f.response_met);
      number(f.resolution_met);
      instant(f.resolution_due);
    }
    return { rows: facts.length, numbers, codes, newWords, instants: parts.join(''), ends, findings };
  }
}

/** The writer's side: decodes the batches of one FactEncoder, in the order they were encoded. */
export class FactDecoder {
  private readonly words: string[] = [];

  /** Appends the rows of a batch, column by column in FACT_COLUMNS order, to `values`; calls `rowDone` after each row. */
  decode(batch: FactBatch, values: unknown[], rowDone: () => void): void {
    const { words } = this;
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
          values.push(code < 0 ? null : words[code]);
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

// FactEncoder names the columns one by one: check once that it follows FACT_COLUMNS.
{
  const expected = FACT_COLUMNS.map((c, i) => (NUMBER_COLUMNS.has(c) ? i : c));
  const probe = Object.fromEntries(FACT_COLUMNS.map((c, i) => [c, expected[i]])) as unknown as TicketFacts;
  const decoded: unknown[] = [];
  new FactDecoder().decode(new FactEncoder().encode([probe], []), decoded, () => {});
  if (decoded.some((v, i) => v !== expected[i])) throw new Error('FactEncoder does not follow FACT_COLUMNS');
}
