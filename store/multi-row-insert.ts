/**
 * Inserting many rows fast with better-sqlite3: binding is where the time
 * goes, so rows are buffered and written 32 at a time by one prepared
 * multi-row INSERT (and one by one for the rest at the end).
 */
import type Database from 'better-sqlite3';

/** Rows per INSERT statement. */
const ROWS_PER_STATEMENT = 32;

export class MultiRowInsert {
  readonly values: unknown[] = [];
  changes = 0;
  private rows = 0;
  private readonly full: Database.Statement<unknown[]>;
  private readonly single: Database.Statement<unknown[]>;

  constructor(
    sqlite: Database.Database,
    head: string,
    private readonly width: number,
    tail: string,
  ) {
    const row = `(${new Array(width).fill('?').join(', ')})`;
    this.full = sqlite.prepare(`${head} ${new Array(ROWS_PER_STATEMENT).fill(row).join(', ')} ${tail}`);
    this.single = sqlite.prepare(`${head} ${row} ${tail}`);
  }

  /** Adds a row of four values (the raw-row shape) without building an array. */
  add4(a: unknown, b: unknown, c: unknown, d: unknown): void {
    this.values.push(a, b, c, d);
    this.rowAdded();
  }

  /** Call after pushing one row's values onto `values`. */
  rowAdded(): void {
    if (++this.rows === ROWS_PER_STATEMENT) {
      this.changes += this.full.run(...this.values).changes;
      this.values.length = 0;
      this.rows = 0;
    }
  }

  flush(): void {
    for (let r = 0; r < this.rows; r++) {
      this.changes += this.single.run(this.values.slice(r * this.width, (r + 1) * this.width)).changes;
    }
    this.values.length = 0;
    this.rows = 0;
  }
}
