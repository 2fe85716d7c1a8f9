/**
 * Loading several exports into a database file: the whole ingest stage as
 * one function, used by `psa ingest` and `psa run`.
 *
 * Each file is its own transaction. When the database does not exist yet,
 * the first file is loaded into a new file beside it, without a journal
 * (nobody else can see it), which is then synced and moved into place in one
 * step: a crash leaves no database rather than a half-written one, and the
 * usual first load of a large history skips the write-ahead log's second
 * copy of every page.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { openDatabase, type PsaDatabase } from '../store/open.ts';
import { IngestError, ingestFile, type IngestOptions, type IngestSummary } from './load.ts';
import { isProcessAlive } from '../core/process.ts';

export type FileOutcome =
  | ({ readonly ok: true } & IngestSummary)
  | { readonly ok: false; readonly file: string; readonly path: string; readonly error: string; readonly line: number | null };

export interface IngestRun {
  readonly database: string;
  readonly files: readonly FileOutcome[];
}

export async function ingestFiles(databasePath: string, files: readonly string[], options: IngestOptions = {}): Promise<IngestRun> {
  const database = databasePath === ':memory:' ? databasePath : resolve(databasePath);
  const outcomes: FileOutcome[] = [];
  let rest = files;
  if (database !== ':memory:' && files.length > 0) {
    removeStaleBuilds(database);
    if (!existsSync(database)) {
      const first = await ingestIntoNewDatabase(database, files[0]!, options);
      if (first !== null) {
        outcomes.push(first);
        rest = files.slice(1);
      }
    }
  }
  if (rest.length > 0 || outcomes.length === 0) {
    const store = await openDatabase(database, { views: options.views ?? [] });
    try {
      for (const file of rest) outcomes.push(await ingestOne(store, file, options));
    } finally {
      await store.close();
    }
  }
  return { database, files: outcomes };
}

async function ingestOne(store: PsaDatabase, file: string, options: IngestOptions): Promise<FileOutcome> {
  try {
    return { ok: true, ...(await ingestFile(store, file, options)) };
  } catch (error) {
    if (error instanceof IngestError) {
      return { ok: false, file: basename(file), path: resolve(file), error: error.reason, line: error.line ?? null };
    }
    throw error;
  }
}

/**
 * Loads `file` into a new database at `database`. Null when the database
 * appeared meanwhile (another psa created it): the caller loads into that
 * one instead.
 */
async function ingestIntoNewDatabase(database: string, file: string, options: IngestOptions): Promise<FileOutcome | null> {
  const building = join(dirname(database), `.${basename(database)}.${process.pid}-${randomBytes(4).toString('hex')}.building`);
  let outcome: FileOutcome;
  try {
    const store = await openDatabase(building, { bulk: true, views: options.views ?? [] });
    try {
      outcome = await ingestOne(store, file, options);
      store.sqlite.pragma('journal_mode = WAL');
    } finally {
      await store.close();
    }
    if (!outcome.ok) return outcome; // nothing worth keeping: no database is created for a file that failed
    const fd = openSync(building, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(building, database); // fails if the database exists: never replaces one
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw error;
    }
    syncDirectory(dirname(database));
    return outcome;
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(building + suffix, { force: true });
  }
}

function syncDirectory(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can sync a directory; the link is still in place.
  }
}

/** Removes new-database builds left by a psa process that no longer runs. */
function removeStaleBuilds(database: string): void {
  const prefix = `.${basename(database)}.`;
  let entries: string[];
  try {
    entries = readdirSync(dirname(database));
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = entry.startsWith(prefix) ? /^(\d+)-[0-9a-f]+\.building(-wal|-shm|-journal)?$/.exec(entry.slice(prefix.length)) : null;
    if (match === null || isProcessAlive(Number(match[1]))) continue;
    rmSync(join(dirname(database), entry), { force: true });
  }
}
