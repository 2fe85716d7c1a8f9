/**
 * Opening the psa database: one better-sqlite3 connection shared by Kysely
 * (typed queries) and the ingest hot path (prepared statements), in WAL mode
 * so an analyst can read while a load runs, migrated to the latest schema.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export interface PsaDatabase {
  /** Typed queries. */
  readonly db: Kysely<Database>;
  /** The same connection, for prepared statements on hot paths and explicit transactions. */
  readonly sqlite: SQLite.Database;
  readonly path: string;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
}

export interface OpenOptions {
  /**
   * For a new file that nobody else can see yet: no journal and no syncs
   * while it is built. The caller syncs it and moves it into place; if the
   * process dies, the file is thrown away.
   */
  readonly bulk?: boolean;
}

/** Folders psa makes for a database: only their owner may enter them. */
export const DATABASE_FOLDER_MODE = 0o700;
/** A database psa creates (and SQLite's -wal and -shm files beside it, which take its mode): only its owner may read it. */
export const DATABASE_FILE_MODE = 0o600;

/**
 * Creates a missing database file empty (an empty file is an empty SQLite
 * database) with mode 0600, and its missing folders with mode 0700, before
 * SQLite writes a byte: the database holds names, e-mail addresses and
 * subjects. Existing files and folders keep their modes.
 */
function createPrivately(path: string): void {
  if (existsSync(path)) return;
  const folder = dirname(path);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: DATABASE_FOLDER_MODE });
  let fd: number;
  try {
    fd = openSync(path, 'wx', DATABASE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // another psa created it meanwhile
    throw error;
  }
  try {
    chmodSync(path, DATABASE_FILE_MODE); // whatever the umask
  } finally {
    closeSync(fd);
  }
}

/** Opens (creating when missing) the database at `path` and brings its schema up to date. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<PsaDatabase> {
  let sqlite: SQLite.Database;
  try {
    if (path !== ':memory:') createPrivately(path);
    sqlite = new SQLite(path);
  } catch (error) {
    throw new DatabaseError(`cannot open database ${path}: ${(error as Error).message}`);
  }
  // 16 KiB pages for a new file (fixed once it exists): fewer, fuller pages
  // make bulk loads and full scans faster than SQLite's default 4 KiB.
  sqlite.pragma('page_size = 16384');
  if (options.bulk) {
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
  } else {
    sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL: a crash of psa loses nothing committed; a power cut may
    // lose the last transaction but never corrupts the file.
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 8 MiB of page cache: loads append, so a larger cache buys little speed
  // and costs twice its size in resident memory.
  sqlite.pragma('cache_size = -8192');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error');
    throw new DatabaseError(
      `cannot bring ${path} to the current schema${failed ? ` (migration ${failed.migrationName})` : ''}: ${(error as Error).message}`,
    );
  }
  return {
    db,
    sqlite,
    path,
    close: () => db.destroy(),
  };
}
