/**
 * store/multi-row-insert.ts: rows written 32 to a statement, and coded
 * columns (CodedColumns), whose repeating values are bound as small integers
 * and spelled out by the INSERT. Whatever is coded, the table must hold
 * exactly what binding every value as it is gives: the same values, of the
 * same SQLite types.
 */
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodedColumns, MultiRowInsert } from '../../store/multi-row-insert.ts';

const COLUMNS = ['id', 'kind', 'place', 'note', 'n'];

function table(): SQLite.Database {
  const db = new SQLite(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, kind TEXT, place TEXT, note TEXT, n REAL)');
  return db;
}

const rowsOf = (db: SQLite.Database) => db.prepare('SELECT id, kind, typeof(kind), place, typeof(place), note, typeof(note), n, typeof(n) FROM t ORDER BY id').raw().all();

/** Writes the rows binding every value as it is, or with kind and place coded. */
function write(rows: readonly (readonly [number, string | null, string | null, string | null, number | null])[], codedWrite: boolean, tail = ''): SQLite.Database {
  const db = table();
  const coded = codedWrite ? new CodedColumns(COLUMNS.length, [1, 2]) : null;
  const insert = new MultiRowInsert(db, `INSERT INTO t (${COLUMNS.join(', ')}) VALUES`, COLUMNS.length, tail, coded);
  for (const [id, kind, place, note, n] of rows) {
    insert.values.push(id, kind === null || coded === null ? kind : coded.code(1, kind), place === null || coded === null ? place : coded.code(2, place), note, n);
    insert.rowAdded();
  }
  insert.flush();
  return db;
}

describe('MultiRowInsert with coded columns', () => {
  it('stores what binding the text stores, over rows of repeating and unique values (property)', () => {
    const word = fc.oneof(
      fc.constantFrom('Feil', 'Forespørsel', "O'Brien", 'Å "sitat"', '', '0', '1', 'Molde kommune'),
      fc.string({ maxLength: 6 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word, fc.option(fc.string({ maxLength: 4 })), fc.option(fc.double({ noNaN: true }))), { maxLength: 120 }),
        (values) => {
          const rows = values.map(([kind, place, note, n], i) => [i + 1, kind, place, note, n] as const);
          expect(rowsOf(write(rows, true))).toEqual(rowsOf(write(rows, false)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('codes the first 16 values of a column, binds the rest as text, and a NUL as text', () => {
    const coded = new CodedColumns(3, [1]);
    const codes = Array.from({ length: 20 }, (_, i) => coded.code(1, `verdi ${i}`));
    expect(codes.slice(0, 16)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(codes.slice(16)).toEqual(['verdi 16', 'verdi 17', 'verdi 18', 'verdi 19']);
    expect(coded.code(1, 'verdi 3')).toBe(3);
    expect(coded.code(0, 'ukodet')).toBe('ukodet');
    expect(new CodedColumns(3, [1]).code(1, 'a\u0000b')).toBe('a\u0000b');
    // A value coded after rows were buffered is in the statement they are written with.
    const rows = Array.from({ length: 40 }, (_, i) => [i + 1, `type ${i % 20}`, i % 3 === 0 ? null : `sted ${i}`, null, i] as const);
    expect(rowsOf(write(rows, true))).toEqual(rowsOf(write(rows, false)));
  });

  it('keeps an upsert working: ON CONFLICT after the coded SELECT', () => {
    const tail = 'ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, place = excluded.place';
    const rows = [...Array.from({ length: 33 }, (_, i) => [i + 1, 'Ny', 'Molde', null, null] as const), [5, 'Løst', 'Rauma', null, null] as const];
    const db = write(rows, true, tail);
    expect(db.prepare('SELECT kind, place FROM t WHERE id = 5').get()).toEqual({ kind: 'Løst', place: 'Rauma' });
    expect(rowsOf(db)).toEqual(rowsOf(write(rows, false, tail)));
  });
});
