/**
 * The analyst's views, from the families' `views.ts`: created or replaced
 * when the database is opened (store/open.ts), never by a migration, so a
 * view always has this psa's definition of its figures. Migrations keep
 * only tables and indexes (migration 0003 created these views in databases
 * made before; they are replaced like any other outdated view).
 *
 * A view whose stored SQL is already this one is left alone: an open takes
 * no write lock for them (a reader beside a running load does not wait),
 * and a read-only database whose views are current opens as before. One
 * whose views are outdated and that cannot be written keeps the views it
 * has.
 */
import type SQLite from 'better-sqlite3';
import type { View } from './view-sql.ts';
import { VIEWS as WINDOW } from './window/views.ts';
import { VIEWS as VOLUMES } from './volumes/views.ts';
import { VIEWS as OPEN_CASES } from './open-cases/views.ts';
import { VIEWS as SLA } from './sla/views.ts';
import { VIEWS as RESOLUTION } from './resolution/views.ts';
import { VIEWS as DATA_QUALITY } from './data-quality/views.ts';
import { VIEWS as AGE } from './age/views.ts';
import { VIEWS as REOPEN } from './reopen/views.ts';
import { VIEWS as RESPONSE } from './response/views.ts';

/** Every analyst view of the metrics, in an order in which each comes after the views it reads. */
export const METRIC_VIEWS: readonly View[] = [...WINDOW, ...VOLUMES, ...OPEN_CASES, ...SLA, ...RESOLUTION, ...DATA_QUALITY, ...AGE, ...REOPEN, ...RESPONSE];

/** The views whose stored SQL differs from this psa's (missing ones included). */
export function outdatedViews(sqlite: SQLite.Database, views: readonly View[] = METRIC_VIEWS): View[] {
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
export function replaceViews(sqlite: SQLite.Database, views: readonly View[] = METRIC_VIEWS): string[] {
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
