/**
 * The columns of `fct_tickets` as the transform writes them, and a compact
 * form of a page of facts for passing from the worker thread to the writer:
 * the text values joined into one string with their end offsets, and the
 * numbers in a Float64Array. Structured cloning a page of row objects costs
 * more than classifying it; this costs a join and a slice per value.
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

const NUMBER_COLUMNS: ReadonlySet<FactColumn> = new Set<NumberColumn>([
  'ticket_number', 'counted', 'resolution_hours', 'resolution_service_hours', 'is_old_case', 'response_hours',
  'response_service_hours', 'response_met', 'resolution_met',
]);
/** For each column in FACT_COLUMNS order: true when it holds numbers. */
const IS_NUMBER: readonly boolean[] = FACT_COLUMNS.map((c) => NUMBER_COLUMNS.has(c));
const TEXT_PER_ROW = IS_NUMBER.filter((n) => !n).length;
const NUMBERS_PER_ROW = FACT_COLUMNS.length - TEXT_PER_ROW;

/** A page of facts and its findings, encoded. */
export interface FactBatch {
  readonly rows: number;
  /** Every text value of every row, in column order, joined. */
  readonly text: string;
  /** End offset in `text` of each text value; -1 for null. */
  readonly ends: Int32Array;
  /** Every number value of every row, in column order; NaN for null. */
  readonly numbers: Float64Array;
  readonly findings: readonly Finding[];
}

export function encodeFacts(facts: readonly TicketFacts[], findings: readonly Finding[]): FactBatch {
  const parts: string[] = [];
  const ends = new Int32Array(facts.length * TEXT_PER_ROW);
  const numbers = new Float64Array(facts.length * NUMBERS_PER_ROW);
  let length = 0;
  let e = 0;
  let n = 0;
  const text = (value: string | null) => {
    if (value === null) {
      ends[e++] = -1;
    } else {
      parts.push(value);
      length += value.length;
      ends[e++] = length;
    }
  };
  const number = (value: number | null) => {
    numbers[n++] = value === null ? NaN : value;
  };
  // Column by column, each kind in FACT_COLUMNS order (checked below and by
  // the tests); written out because a loop over column names reads the
  // properties by name and costs several times more.
  for (const f of facts) {
    number(f.ticket_number);
    text(f.ticket_class);
    text(f.status_class);
    number(f.counted);
    text(f.priority);
    text(f.report_category);
    text(f.municipality);
    text(f.municipality_source);
    text(f.former_municipality);
    text(f.security_alert_source);
    text(f.created_month);
    text(f.resolved);
    text(f.resolved_source);
    text(f.resolved_month);
    text(f.naive_resolved_month);
    number(f.resolution_hours);
    number(f.resolution_service_hours);
    number(f.is_old_case);
    number(f.response_hours);
    number(f.response_service_hours);
    number(f.response_met);
    number(f.resolution_met);
    text(f.resolution_due);
  }
  return { rows: facts.length, text: parts.join(''), ends, numbers, findings };
}

/** Appends the rows of a batch, column by column in FACT_COLUMNS order, to `values`; calls `rowDone` after each row. */
export function decodeFacts(batch: FactBatch, values: unknown[], rowDone: () => void): void {
  const { text, ends, numbers } = batch;
  let position = 0;
  let e = 0;
  let n = 0;
  for (let r = 0; r < batch.rows; r++) {
    for (let c = 0; c < IS_NUMBER.length; c++) {
      if (IS_NUMBER[c]) {
        const x = numbers[n++]!;
        values.push(Number.isNaN(x) ? null : x);
      } else {
        const end = ends[e++]!;
        if (end < 0) {
          values.push(null);
        } else {
          values.push(text.slice(position, end));
          position = end;
        }
      }
    }
    rowDone();
  }
}

// encodeFacts names the columns one by one: check once that it follows FACT_COLUMNS.
{
  const expected = FACT_COLUMNS.map((c, i) => (NUMBER_COLUMNS.has(c) ? i : c));
  const probe = Object.fromEntries(FACT_COLUMNS.map((c, i) => [c, expected[i]])) as unknown as TicketFacts;
  const decoded: unknown[] = [];
  decodeFacts(encodeFacts([probe], []), decoded, () => {});
  if (decoded.some((v, i) => v !== expected[i])) throw new Error('encodeFacts does not follow FACT_COLUMNS');
}
