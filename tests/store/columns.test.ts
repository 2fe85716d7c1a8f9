/**
 * The staging and fact tables as the migrations make them have exactly the
 * columns store/columns.ts declares, in its order, with its types,
 * nullability, primary keys and CHECK constraints: the migrations keep
 * their literal SQL, and this ties them to the one declaration everything
 * else derives from.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnInfo, FCT_FINDINGS, FCT_TICKETS, STG_TICKETS_INFO, type ColumnInfo } from '../../store/columns.ts';
import { openDatabase, type PsaDatabase } from '../../store/open.ts';
import { tempDir } from '../helpers.ts';

interface PragmaColumn {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

/** A table's columns as SQLite describes them, in the ColumnInfo form. */
function migrated(store: PsaDatabase, table: string): ColumnInfo[] {
  const sql = (store.sqlite.prepare('SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?').get('table', table) as { sql: string }).sql;
  const checks = new Map([...sql.matchAll(/\bcheck \((\w+) in \(([^)]*)\)\)/gi)].map((m) => [m[1]!, [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!)]));
  const columns = store.sqlite.prepare(`PRAGMA table_info(${table})`).all() as PragmaColumn[];
  return columns.map((c) => ({
    name: c.name,
    type: c.type.toLowerCase() as ColumnInfo['type'],
    // An INTEGER PRIMARY KEY is the rowid: never null, whether or not it says NOT NULL.
    notNull: c.notnull === 1 || (c.pk > 0 && c.type.toLowerCase() === 'integer'),
    primaryKey: c.pk > 0,
    checkedValues: checks.get(c.name) ?? null,
  }));
}

let store: PsaDatabase;
beforeAll(async () => {
  store = await openDatabase(join(tempDir(), 'psa.sqlite'));
});
afterAll(async () => {
  await store.close();
});

describe('the declared columns (store/columns.ts) against the migrated tables', () => {
  it('stg_tickets: FIELDS, then load_id and source_line', () => {
    expect(migrated(store, 'stg_tickets')).toEqual(STG_TICKETS_INFO);
  });

  it('fct_tickets: FCT_TICKETS, with the CHECK constraints of ticket_class and status_class', () => {
    expect(migrated(store, 'fct_tickets')).toEqual(columnInfo(FCT_TICKETS));
    expect(columnInfo(FCT_TICKETS).filter((c) => c.checkedValues !== null).map((c) => c.name)).toEqual(['ticket_class', 'status_class']);
  });

  it('fct_findings: FCT_FINDINGS, keyed by ticket and rule', () => {
    expect(migrated(store, 'fct_findings')).toEqual(columnInfo(FCT_FINDINGS));
  });

  it('notices a declaration that differs from the table', () => {
    const declared = columnInfo({ ...FCT_TICKETS, made_up: { type: 'real', nullable: true } });
    expect(migrated(store, 'fct_tickets')).not.toEqual(declared);
    const retyped = columnInfo({ ...FCT_TICKETS, counted: { type: 'integer', nullable: true } });
    expect(migrated(store, 'fct_tickets')).not.toEqual(retyped);
  });
});
