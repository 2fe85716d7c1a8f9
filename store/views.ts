/**
 * Views kept as code, not migrations: created or replaced when the database
 * is opened (store/open.ts), with the definitions the caller gives (the
 * store knows no figure: psa's commands give the metrics' analyst views,
 * metrics/views.ts `METRIC_VIEWS`). Migrations keep only tables and indexes.
 *
 * A view whose stored SQL is already the given one is left alone: an open
 * takes no write lock for them (a reader beside a running load does not
 * wait), and a read-only database whose views are current opens as before.
 * One whose views are outdated and that cannot be written keeps the views
 * it has.
 */
import type SQLite from 'better-sqlite3';

export interface View {
  readonly name: string;
  /** `CREATE VIEW <name> AS …`, as SQLite keeps it in sqlite_schema. */
  readonly sql: string;
}

/** The views whose stored SQL differs from this psa's (missing ones included). */
export function outdatedViews(sqlite: SQLite.Database, views: readonly View[]): View[] {
  const stored = new Map(
    (sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'view'").all() as { name: string; sql: string }[]).map((v) => [v.name, v.sql]),
  );
  return views.filter((v) => stored.get(v.name) !== v.sql);
}

/**
 * Creates or replaces the outdated views in one transaction (`DROP VIEW IF
 * EXISTS` + `CREATE VIEW`): all of them, or none when it fails. A database
 * that cannot be written (SQLITE_READONLY…) keeps the views it has; any
 * other failure is thrown. Returns the names of the views it replaced.
 */
export function replaceViews(sqlite: SQLite.Database, views: readonly View[]): string[] {
  const outdated = outdatedViews(sqlite, views);
  if (outdated.length === 0) return [];
  // SQLite resolves the views a view reads by name when it is queried: each can be dropped and created on its own.
  const replace = sqlite.transaction(() => {
    for (const v of outdated) {
      sqlite.exec(`DROP VIEW IF EXISTS ${v.name}`);
      sqlite.exec(v.sql);
    }
  });
  try {
    replace();
  } catch (error) {
    if (String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')) return [];
    throw error;
  }
  return outdated.map((v) => v.name);
}
