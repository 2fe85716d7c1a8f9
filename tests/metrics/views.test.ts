/**
 * The analyst's views come from code (metrics/views.ts), not from a
 * migration: created when a database is opened, replaced when the stored SQL
 * is another psa's, left alone when current (no write on open) and when the
 * database cannot be written.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { outdatedViews, replaceViews } from '../../store/views.ts';
import { migrationProvider } from '../../store/migrations/index.ts';
import { openDatabase } from '../../store/open.ts';
import { fixture, runPsa, tempDir } from '../helpers.ts';

// The views the migrations make (v_tickets, v_restatements, and raw_rows, migration 0009) are not metric views.
const viewSql = (sqlite: SQLite.Database): Record<string, string> =>
  Object.fromEntries((sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'view' AND name NOT IN ('v_tickets', 'v_restatements', 'raw_rows') ORDER BY name").all() as { name: string; sql: string }[]).map((v) => [v.name, v.sql]));

const wanted = (): Record<string, string> => Object.fromEntries(METRIC_VIEWS.map((v) => [v.name, v.sql]));

/** A database the migrations alone made, then an outdated v_months as an older psa might have left it. */
async function migratedOnly(path: string): Promise<void> {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL'); // as psa makes its databases
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateToLatest();
  expect(error).toBeUndefined();
  expect(viewSql(sqlite), 'the migrations create none of the metric views').toEqual({});
  sqlite.exec("CREATE VIEW v_months AS SELECT '2024-01' AS month");
  await db.destroy();
}

describe('the metric views are created from code when the database is opened', () => {
  it('a new database gets every view of metrics/views.ts, each one selectable', async () => {
    const store = await openDatabase(join(tempDir(), 'psa.sqlite'), { views: METRIC_VIEWS });
    try {
      expect(viewSql(store.sqlite)).toEqual(wanted());
      for (const v of METRIC_VIEWS) expect(() => store.sqlite.prepare(`SELECT * FROM ${v.name}`).all(), v.name).not.toThrow();
      expect(replaceViews(store.sqlite, METRIC_VIEWS), 'current views are left alone').toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("an older database's outdated or missing views are replaced on open, in one go", async () => {
    const path = join(tempDir(), 'psa.sqlite');
    await migratedOnly(path);
    const before = new SQLite(path);
    expect(outdatedViews(before, METRIC_VIEWS).map((v) => v.name)).toEqual(METRIC_VIEWS.map((v) => v.name));
    before.close();
    const store = await openDatabase(path, { views: METRIC_VIEWS });
    try {
      expect(viewSql(store.sqlite)).toEqual(wanted());
      expect(store.sqlite.prepare('SELECT count(*) AS n FROM v_months').get()).toEqual({ n: 0 });
    } finally {
      await store.close();
    }
  });

  it('the store creates only the views its caller gives: it knows no figure (store/views.ts)', async () => {
    const store = await openDatabase(join(tempDir(), 'psa.sqlite'));
    try {
      expect(viewSql(store.sqlite)).toEqual({});
    } finally {
      await store.close();
    }
  });

  it('every psa command that opens the database gives it the metric views', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const ingest = await runPsa(['ingest', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--db', db]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const sqlite = new SQLite(db, { readonly: true });
    try {
      expect(viewSql(sqlite)).toEqual(wanted());
    } finally {
      sqlite.close();
    }
  });

  it('a database that cannot be written keeps the views it has, and opens', async () => {
    const path = join(tempDir(), 'psa.sqlite');
    await migratedOnly(path);
    const readonly = new SQLite(path, { readonly: true });
    try {
      expect(replaceViews(readonly, METRIC_VIEWS)).toEqual([]);
      expect(viewSql(readonly)).toEqual({ v_months: "CREATE VIEW v_months AS SELECT '2024-01' AS month" });
    } finally {
      readonly.close();
    }
    if (process.getuid?.() === 0) return; // root may write a file without write permission
    chmodSync(path, 0o444);
    const store = await openDatabase(path, { views: METRIC_VIEWS });
    try {
      expect(viewSql(store.sqlite)).toEqual({ v_months: "CREATE VIEW v_months AS SELECT '2024-01' AS month" });
    } finally {
      await store.close();
    }
  });
});
