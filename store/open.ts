/**
 * Opening the psa database: one better-sqlite3 connection shared by Kysely
 * (typed queries) and the ingest hot path (prepared statements), in WAL mode
 * so an analyst can read while a load runs, migrated to the latest schema,
 * with the views its caller gives (store/views.ts).
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { PsaError, type ErrorCode } from '../core/errors.ts';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { replaceViews, type View } from './views.ts';
import { PSA_VERSION } from './version.ts';

export interface PsaDatabase {
  /** Typed queries. */
  readonly db: Kysely<Database>;
  /** The same connection, for prepared statements on hot paths and explicit transactions. */
  readonly sqlite: SQLite.Database;
  readonly path: string;
  close(): Promise<void>;
}

/** A database psa cannot use; `code` says why (damaged by default). */
export class DatabaseError extends PsaError {
  override name = 'DatabaseError';
  constructor(message: string, code: ErrorCode = 'damaged') {
    super(code, message);
  }
}

export interface OpenOptions {
  /**
   * For a new file that nobody else can see yet: no journal and no syncs
   * while it is built. The caller syncs it and moves it into place; if the
   * process dies, the file is thrown away.
   */
  readonly bulk?: boolean;
  /**
   * Views to create or replace once the schema is current (store/views.ts):
   * psa's commands give the metrics' analyst views (metrics/views.ts
   * `METRIC_VIEWS`). None by default: the store knows no figure.
   */
  readonly views?: readonly View[];
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

/** How long a command waits for another process's write lock before it gives up (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 5000;

/** A database psa cannot use as it is: damaged, truncated, not SQLite, or from a newer psa. */
export class DatabaseUnusableError extends DatabaseError {}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * What the database file's header says, checked without reading the rest
 * (a command must not pay for a scan of a large file on every open): a file
 * that is not SQLite, or one shorter than the pages its header counts (cut
 * off by a full disk or a bad copy). `PRAGMA quick_check` looks deeper after
 * a failure (cli/failures.ts).
 */
function checkHeader(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // SQLite's own open says what is wrong
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return; // an empty file is an empty database
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    if (read < SQLITE_MAGIC.length || header.toString('latin1', 0, SQLITE_MAGIC.length) !== SQLITE_MAGIC) {
      throw new DatabaseUnusableError(`${path} is not a SQLite database (it does not start with SQLite's header): is --db the right file?`);
    }
    if (read < 100) throw new DatabaseUnusableError(`${path} is truncated: ${size} bytes, less than SQLite's 100-byte header`);
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    // The page count in the header is valid when its change counter matches (SQLite 3.7.0 on).
    const pages = header.readUInt32BE(24) === header.readUInt32BE(92) ? header.readUInt32BE(28) : 0;
    // A write-ahead log beside it may hold the pages a checkpoint is still copying: only a file without one is judged.
    if (pages * pageSize > size && !existsSync(`${path}-wal`)) {
      throw new DatabaseUnusableError(
        `${path} is truncated: its header counts ${pages} pages of ${pageSize} bytes (${pages * pageSize} bytes) but the file has ${size}; restore it from a backup, or build it again from the exports with psa ingest`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** Refuses a database whose schema has migrations this psa does not know: a newer psa made it. */
function checkNotNewer(sqlite: SQLite.Database, path: string, known: readonly string[]): void {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'").get();
  if (table === undefined) return;
  const names = (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]).filter((n) => !known.includes(n));
  if (names.length === 0) return;
  const hasLoads = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'raw_loads'").get() !== undefined;
  const newest = hasLoads ? (sqlite.prepare('SELECT psa_version FROM raw_loads ORDER BY load_id DESC LIMIT 1').pluck().get() as string | undefined) : undefined;
  throw new DatabaseUnusableError(
    `${path} was made by a newer psa${newest !== undefined && newest !== PSA_VERSION ? ` (${newest})` : ''}: its schema has ${names.length === 1 ? 'migration' : 'migrations'} ${names.join(', ')}, which psa ${PSA_VERSION} does not know; use that psa or a newer one (nothing was changed)`,
    'newer-schema',
  );
}

/** Opens (creating when missing) the database at `path` and brings its schema up to date. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<PsaDatabase> {
  if (path !== ':memory:') {
    createPrivately(path);
    checkHeader(path);
  }
  const sqlite = new SQLite(path, { timeout: BUSY_TIMEOUT_MS });
  let db: Kysely<Database>;
  try {
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
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // 8 MiB of page cache: loads append, so a larger cache buys little speed
    // and costs twice its size in resident memory.
    sqlite.pragma('cache_size = -8192');
    checkNotNewer(sqlite, path, Object.keys(await migrationProvider.getMigrations()));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const { error, results } = await new Migrator({
    db,
    provider: migrationProvider,
    // Migrations were numbered ahead for work landing in parallel (0006 ran before 0004 existed): run a missing earlier one too.
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    // A SQLite failure (busy, read-only, full, damaged) is what it is; cli/failures.ts says so.
    if (typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_')) throw error;
    const failed = results?.find((r) => r.status === 'Error');
    throw new DatabaseError(
      `cannot bring ${path} to the current schema${failed ? ` (migration ${failed.migrationName})` : ''}: ${(error as Error).message}`,
    );
  }
  try {
    // The analyst's views are code, not migrations: replaced here when the caller's differ from the stored ones.
    replaceViews(sqlite, options.views ?? []);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    sqlite,
    path,
    close: () => db.destroy(),
  };
}
