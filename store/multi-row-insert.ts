/**
 * Inserting many rows fast with better-sqlite3: binding is where the time
 * goes, so rows are buffered and written 32 at a time by one prepared
 * multi-row INSERT (and one by one for the rest at the end).
 *
 * Binding text costs better-sqlite3 several times what binding an integer
 * does (the text is converted to UTF-8 and copied, value by value). Columns
 * whose values repeat (a ticket's class, its category, its municipality)
 * can be coded (CodedColumns): each of the first few distinct values of
 * such a column gets a small integer, bound instead of the text, and the
 * INSERT spells it out itself (`INSERT … SELECT CASE column7 WHEN 0 THEN
 * 'Skriver' WHEN 1 THEN 'Nettverk' ELSE column7 END, … FROM (VALUES …)`).
 * Anything else bound there, text or null, passes through unchanged, so a
 * caller may bind the text as always.
 */
import type Database from 'better-sqlite3';

/** Rows per INSERT statement. */
const ROWS_PER_STATEMENT = 32;

/**
 * Distinct values coded per column: past these a column's values are bound
 * as text (a CASE with many branches costs more than it saves).
 */
export const MAX_CODED = 16;

/** SQL's text literal for a value. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export class CodedColumns {
  /** Per column of the insert: its coded values (text → code), or undefined for a column bound as it is. */
  private readonly lists: (Map<string, number> | undefined)[];
  /** Grows with every value coded: the statements are made again when it has. */
  version = 0;

  /** `coded`: the positions, in the insert's column list, of the columns to code. */
  constructor(width: number, coded: Iterable<number>) {
    this.lists = new Array(width).fill(undefined);
    for (const c of coded) this.lists[c] = new Map();
  }

  /** What to bind for `text` in `column`: its code, or the text itself (not a coded column, or its list is full). */
  code(column: number, text: string): number | string {
    const list = this.lists[column];
    if (list === undefined) return text;
    const code = list.get(text);
    if (code !== undefined) return code;
    // A NUL cannot be written in an SQL literal.
    if (list.size >= MAX_CODED || text.includes('\u0000')) return text;
    list.set(text, list.size);
    this.version++;
    return list.size - 1;
  }

  /** The SQL for the value of `column`, given the SQL of what was bound for it (`bound`). */
  expression(column: number, bound: string): string {
    const list = this.lists[column];
    if (list === undefined || list.size === 0) return bound;
    const cases = [...list].map(([text, code]) => `WHEN ${code} THEN ${literal(text)}`).join(' ');
    return `CASE ${bound} ${cases} ELSE ${bound} END`;
  }
}

export class MultiRowInsert {
  readonly values: unknown[] = [];
  changes = 0;
  private rows = 0;
  private full!: Database.Statement<unknown[]>;
  private single!: Database.Statement<unknown[]>;
  private version = -1;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly head: string,
    private readonly width: number,
    private readonly tail: string,
    /** With codes, the values of these columns may be bound as their codes (coded.code()). */
    private readonly coded: CodedColumns | null = null,
  ) {
    // With codes, the statements are made when first run: the codes are known by then.
    if (coded === null) this.prepare();
  }

  /** Makes the statements (again, when values have been coded since). */
  private prepare(): void {
    const version = this.coded?.version ?? 0;
    if (version === this.version) return;
    const { coded, width, tail } = this;
    // The callers' heads end with VALUES ("INSERT INTO t (a, b) VALUES").
    const head = this.head.replace(/\s*VALUES\s*$/i, '');
    const row = `(${new Array(width).fill('?').join(', ')})`;
    const statement = (rows: number) => {
      const values = `VALUES ${new Array(rows).fill(row).join(', ')}`;
      if (coded === null) return `${head} ${values} ${tail}`;
      // The values as bound, then spelled out: a column of VALUES may be named twice, a parameter only once.
      const columns = Array.from({ length: width }, (_, c) => coded.expression(c, `column${c + 1}`));
      return `${head} SELECT ${columns.join(', ')} FROM (${values})${tail === '' ? '' : ` WHERE true ${tail}`}`;
    };
    this.full = this.sqlite.prepare(statement(ROWS_PER_STATEMENT));
    this.single = this.sqlite.prepare(statement(1));
    this.version = version;
  }

  /** Call after pushing one row's values onto `values`. */
  rowAdded(): void {
    if (++this.rows === ROWS_PER_STATEMENT) {
      if (this.coded !== null) this.prepare();
      this.changes += this.full.run(...this.values).changes;
      this.values.length = 0;
      this.rows = 0;
    }
  }

  flush(): void {
    if (this.coded !== null) this.prepare();
    for (let r = 0; r < this.rows; r++) {
      this.changes += this.single.run(this.values.slice(r * this.width, (r + 1) * this.width)).changes;
    }
    this.values.length = 0;
    this.rows = 0;
  }
}
