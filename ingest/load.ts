/**
 * Loading one Pureservice export into the database.
 *
 * 1. Identify: a file whose SHA-256 matches an earlier load is not loaded
 *    again (sizes are compared first, so only a possible repeat is hashed
 *    before loading).
 * 2. Detect the encoding from the first MiB (the delimiter is detected from
 *    the header line by the parser).
 * 3. In one transaction: parse the file into row batches (in a worker thread
 *    for large files, so parsing and SQLite writes run side by side) and
 *    store each row: loaded (`raw_rows` as received, `stg_tickets` upserted
 *    unless it holds a newer `modified`) or quarantined (`raw_rejects`). A
 *    row that is the same text as the stored row its ticket's values came
 *    from, read the same way, is loaded unchanged without being written
 *    again (row-store.ts; `raw_rows` still shows it, migration 0009).
 * 4. Write the load log with the counts, which the database checks add up
 *    (read = loaded + rejected; loaded = inserted + updated + unchanged), and
 *    commit.
 *
 * Any failure rolls the whole load back: the database is exactly as before.
 * A file whose bytes, over the whole file, turn out to be in another
 * encoding than its first MiB suggested (decode.ts) is read again from the
 * start in that one. An Excel workbook (.xlsx) is read by workbook.ts into
 * the same rows.
 */
import type { View } from '../store/views.ts';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { exportDateOf } from '../core/export-date.ts';
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { PsaDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { detectFile, UnsupportedEncodingError, type Encoding } from './detect.ts';
import type { ColumnOverrides } from './headers.ts';
import type { RejectCode } from './messages.ts';
import { CHUNK_BYTES, EncodingRestart, ParseError, parseExport, type ParseOptions, type ParseSink } from './parse-export.ts';
import { parseWorkbook, WorkbookError } from './workbook.ts';
import { runBatchWorker } from '../core/batch-worker.ts';
import { PsaError } from '../core/errors.ts';
import { deserialiseError, type ParseWorkerData, type WorkerMessage } from './parse-worker-protocol.ts';
import { countTickets, insertLoad, loadsOfSize, loadWithHash, nextLoadId } from './load-log.ts';
import type { LoadCounts, RejectSample } from './load-counts.ts';
import { RowStore, type ReadingContext } from './row-store.ts';
import type { KnownRowsSource } from './known-rows.ts';
import { DEFAULT_ZONE, formatUtc } from '../core/timestamps.ts';

export interface IngestProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
}

export interface IngestOptions {
  /** Header → field overrides (a columns file). */
  readonly columns?: ColumnOverrides;
  /** Zone of timestamps without an offset. Default Europe/Oslo (TIME-2). */
  readonly zone?: string;
  /** Called as the file is read. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /** How many rejected rows the summary lists (all are in `raw_rejects`). Default 20. */
  readonly rejectSampleSize?: number;
  /** Parse in a worker thread: always, never, or (default) for files over 8 MiB. */
  readonly parallel?: boolean | 'auto';
  /** Views to create or replace when the database is opened (store/open.ts `views`). */
  readonly views?: readonly View[];
  /** The sheet of an .xlsx workbook to read (default: the first). */
  readonly sheet?: string;
  /**
   * Skip rows that are the same text as the stored row their ticket's values
   * came from, read the same way (default true): they are counted as loaded
   * and unchanged, and recorded in `raw_same_rows` instead of written again.
   * False writes every row again; raw_rows, stg_tickets and the counts come
   * out the same either way.
   */
  readonly skipUnchanged?: boolean;
}

export type { RejectSample };

export interface IngestSummary extends LoadCounts {
  readonly file: string;
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Null when the file was already loaded; `xlsx` for a workbook. */
  readonly encoding: Encoding | 'xlsx' | null;
  readonly delimiter: string | null;
  /** The load this file became, or (when already loaded) the earlier one. */
  readonly loadId: number;
  readonly alreadyLoaded: boolean;
  /** When already loaded: the file name of the earlier load. */
  readonly alreadyLoadedAs: string | null;
  /** Headers psa does not know; their values stay in `raw_rows.raw_text`. */
  readonly ignoredColumns: readonly string[];
  readonly rejectsByCode: Readonly<Partial<Record<RejectCode, number>>>;
  /** The first rejected rows, in line order (see `rejectSampleSize`). */
  readonly rejects: readonly RejectSample[];
  /**
   * What psa decided about the file that the user should know: lines
   * skipped above the header, a delimiter hint, an encoding judgement, line
   * ends, tickets replaced without a newer timestamp. Never row text.
   */
  readonly notices: readonly string[];
}

/** A file that cannot be loaded at all; nothing of it is in the database. */
export class IngestError extends PsaError {
  override readonly name = 'IngestError';
  constructor(
    file: string,
    readonly reason: string,
    line?: number,
  ) {
    super('input', `${file}${line === undefined ? '' : `:${line}`}: ${reason}`, { file, line });
  }
}

const PARALLEL_THRESHOLD_BYTES = 8 << 20;
const BATCH_ROWS = 100;
const MAX_BATCHES_IN_FLIGHT = 128;

export async function ingestFile(store: PsaDatabase, path: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const absolute = resolve(path);
  const file = basename(path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    throw new IngestError(path, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!stat.isFile()) throw new IngestError(path, 'cannot read the file (not a regular file)');
  const size = stat.size;

  const sameSize = await loadsOfSize(store.db, size);
  if (sameSize.length > 0) {
    const sha256 = await hashFile(absolute);
    const earlier = sameSize.find((load) => load.sha256 === sha256);
    if (earlier) return alreadyLoaded(file, absolute, sha256, size, earlier.load_id, earlier.file_name);
  }

  let kind;
  try {
    kind = detectFile(readHead(absolute, CHUNK_BYTES), file);
  } catch (error) {
    if (error instanceof UnsupportedEncodingError) throw new IngestError(path, error.message);
    throw error;
  }
  if (options.sheet !== undefined && kind.kind !== 'workbook') throw new IngestError(path, `--sheet ${JSON.stringify(options.sheet)} is for .xlsx workbooks; this file is text`);
  try {
    if (kind.kind === 'workbook') return await loadFile(store, file, absolute, size, stat.mtimeMs, { workbook: true }, options);
    const source = { encoding: kind.encoding, crOnly: kind.crOnly };
    try {
      return await loadFile(store, file, absolute, size, stat.mtimeMs, source, options);
    } catch (error) {
      if (!(error instanceof EncodingRestart)) throw error;
      return await loadFile(store, file, absolute, size, stat.mtimeMs, { encoding: error.encoding, crOnly: kind.crOnly, settled: true }, options);
    }
  } catch (error) {
    if (error instanceof ParseError || error instanceof WorkbookError) throw new IngestError(path, error.message, error.line);
    throw error;
  }
}

type Source = { readonly workbook: true } | { readonly workbook?: false; readonly encoding: Encoding; readonly crOnly: boolean; readonly settled?: boolean };

function readHead(path: string, bytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function alreadyLoaded(file: string, path: string, sha256: string, sizeBytes: number, loadId: number, earlierFile: string): IngestSummary {
  return {
    file,
    path,
    sha256,
    sizeBytes,
    encoding: null,
    delimiter: null,
    loadId,
    alreadyLoaded: true,
    alreadyLoadedAs: earlierFile,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    ticketsInserted: 0,
    ticketsUpdated: 0,
    ticketsUnchanged: 0,
    blankLines: 0,
    ignoredColumns: [],
    rejectsByCode: {},
    rejects: [],
    notices: [],
  };
}

async function loadFile(
  store: PsaDatabase,
  file: string,
  path: string,
  size: number,
  modifiedMs: number,
  source: Source,
  options: IngestOptions,
): Promise<IngestSummary> {
  const { sqlite } = store;
  const zone = options.zone ?? DEFAULT_ZONE;
  const started = Date.now();
  const startedAt = formatUtc(started);
  const exportDate = exportDateOf(file, modifiedMs, started, zone);
  const encoding = source.workbook ? 'xlsx' : source.encoding;
  const parseOptions: ParseOptions = source.workbook
    ? { encoding: 'utf-8', zone, columns: options.columns ?? {}, batchRows: BATCH_ROWS }
    : { encoding: source.encoding, crOnly: source.crOnly, settled: source.settled ?? false, zone, columns: options.columns ?? {}, batchRows: BATCH_ROWS };
  const parallel = options.parallel ?? 'auto';

  // The loader writes a load's log row and its rows in one transaction and is
  // their only writer; checking every row's load_id against raw_loads on
  // the way costs a look-up per row for nothing. Enforcement is back on
  // for everything else.
  sqlite.pragma('foreign_keys = OFF');
  let rowsForCleanup: RowStore | null = null;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    // The load's id is taken under the write lock; its log row is written
    // last, with the final counts.
    const loadId = await nextLoadId(store.db);
    const ticketsBefore = await countTickets(store.db);
    const reading = options.skipUnchanged === false ? null : { encoding, zone };
    const rows = new RowStore(
      store,
      loadId,
      options.rejectSampleSize ?? 20,
      (rowsRead, bytesRead) => options.onProgress?.({ file, bytesRead, totalBytes: size, rowsRead }),
      reading,
      true,
    );
    rowsForCleanup = rows;
    rows.begin();
    const end = source.workbook
      ? await parseWorkbook(path, { ...parseOptions, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) }, sinkFor(rows))
      : parallel === true || (parallel === 'auto' && size > PARALLEL_THRESHOLD_BYTES)
        ? await parseInWorker(path, parseOptions, rows, knownRowsSource(store, loadId, reading))
        : parseInThread(path, parseOptions, rows);

    const earlier = await loadWithHash(store.db, end.sha256);
    if (earlier) {
      // The same bytes were loaded meanwhile by another process: keep that load.
      sqlite.exec('ROLLBACK');
      return alreadyLoaded(file, path, end.sha256, size, earlier.load_id, earlier.file_name);
    }

    rows.flush();
    rows.writeTickets();
    const notices = [...end.notices, ...rows.notices()];
    const counts = rows.counts((await countTickets(store.db)) - ticketsBefore, end.blankLines);
    const mapping = rows.mapping;
    await insertLoad(store.db, {
      load_id: loadId,
      file_name: file,
      file_path: path,
      sha256: end.sha256,
      size_bytes: size,
      encoding,
      delimiter: rows.delimiter,
      headers: JSON.stringify(mapping.headers),
      column_map: JSON.stringify(mapping.used),
      time_zone: zone,
      rows_read: counts.rowsRead,
      rows_loaded: counts.rowsLoaded,
      rows_rejected: counts.rowsRejected,
      tickets_inserted: counts.ticketsInserted,
      tickets_updated: counts.ticketsUpdated,
      tickets_unchanged: counts.ticketsUnchanged,
      blank_lines: counts.blankLines,
      started_at: startedAt,
      finished_at: formatUtc(Date.now()),
      psa_version: PSA_VERSION,
      export_date: exportDate.instant,
      export_date_source: exportDate.source,
    });
    sqlite.exec('COMMIT');
    return {
      file,
      path,
      sha256: end.sha256,
      sizeBytes: size,
      encoding,
      delimiter: rows.delimiter,
      loadId,
      alreadyLoaded: false,
      alreadyLoadedAs: null,
      ...counts,
      ignoredColumns: mapping.unknown.map((u) => u.header),
      rejectsByCode: rows.rejectsByCode,
      rejects: rows.rejectSamples,
      notices,
    };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  } finally {
    rowsForCleanup?.end();
    sqlite.pragma('foreign_keys = ON');
  }
}

interface ParseEnd {
  readonly sha256: string;
  readonly blankLines: number;
  readonly notices: readonly string[];
}

function sinkFor(rows: RowStore): Omit<ParseSink, 'end'> {
  return {
    header: (info) => rows.header(info.mapping, info.delimiter),
    batch: (batch) => rows.batch(batch),
  };
}

function parseInThread(path: string, options: ParseOptions, rows: RowStore): ParseEnd {
  let end: ParseEnd | null = null;
  const sink: ParseSink = {
    ...sinkFor(rows),
    end: (info) => {
      end = info;
    },
  };
  parseExport(path, options, sink);
  if (end === null) throw new Error('parseExport returned without reaching the end of the file');
  return end;
}

/**
 * Where the parse worker may read the rows loaded already, to recognise them
 * before typing (known-rows.ts): a database file in WAL mode, whose readers
 * see it as it was before this load's open transaction, with earlier loads
 * to recognise rows of. Null otherwise: the writer alone checks.
 */
function knownRowsSource(store: PsaDatabase, loadId: number, reading: ReadingContext | null): KnownRowsSource | null {
  if (reading === null || loadId === 1 || store.path === ':memory:') return null;
  if (String(store.sqlite.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  return { databasePath: store.path, loadId, reading };
}

function parseInWorker(path: string, options: ParseOptions, rows: RowStore, known: KnownRowsSource | null): Promise<ParseEnd> {
  return runBatchWorker<WorkerMessage, ParseEnd, ParseWorkerData>(
    {
      url: new URL('./parse-worker.js', import.meta.url),
      workerData: { path, options, known },
      maxInFlight: MAX_BATCHES_IN_FLIGHT,
      exitMessage: (code) => `the parse worker stopped before the end of the file (exit code ${code})`,
    },
    (message, control) => {
      switch (message.type) {
        case 'header':
          rows.header(message.mapping, message.delimiter);
          break;
        case 'batch':
          rows.batch(message.batch);
          control.release();
          break;
        case 'end':
          control.finish(message);
          break;
        case 'error':
          control.fail(deserialiseError(message.error));
          break;
      }
    },
  );
}
