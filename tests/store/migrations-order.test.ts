/**
 * Migrations are numbered by branch of work and may land out of order: a
 * database made by a psa that had 0006 but not yet 0005 opens with one that
 * has both, and gets 0005 then.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../store/migrations/index.ts';
import { openDatabase } from '../../store/open.ts';
import { tempDir } from '../helpers.ts';

describe('migrations that landed out of order', () => {
  it('applies a lower-numbered migration to a database that already ran a higher one', async () => {
    const path = join(tempDir(), 'psa.sqlite');
    const all = await migrationProvider.getMigrations();
    const without = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '0005-publications')) as Record<string, Migration>;
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => without } }).migrateToLatest();
    expect(error).toBeUndefined();
    await db.destroy();

    const store = await openDatabase(path);
    try {
      const names = (store.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(Object.keys(all).sort());
      expect(store.sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'pub_publications'").get()).toEqual({ n: 1 });
    } finally {
      await store.close();
    }
  });
});
