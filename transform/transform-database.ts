/**
 * `psa transform` on a database: brings `fct_tickets`, `fct_findings` and
 * `dim_priorities` up to date with `stg_tickets` and the rules, in one
 * transaction, and logs the run with the rules' hash in `transform_runs`.
 * The same tickets and rules give identical tables, whether the run was
 * full or incremental; a failure leaves the previous tables as they were.
 *
 * 1. Take the write lock (BEGIN IMMEDIATE) and decide (incremental.ts): a
 *    full rebuild when asked (`--full`), on the first transform, when the
 *    rules or psa's transform logic changed, or when more than a quarter of
 *    the tickets changed; nothing at all when nothing changed; else an
 *    incremental run.
 * 2. Full: empty the derived tables and classify every ticket page by page
 *    (`classifyPages`): in this thread for a small database; for a large one
 *    in two worker threads, each with its own read-only connection and
 *    every other page, while this thread only writes. Reading and
 *    classifying a page costs about half again as much as writing it, so
 *    with one worker this thread waited a third of the time; with two, the
 *    three threads keep two cores busy. The indexes on `fct_tickets` are
 *    dropped first and built again once the table is full.
 *    Incremental: delete the facts and findings of the changed tickets
 *    (those `transform_pending` lists, and those whose STATUS-3 decision
 *    changed) and classify them again in this thread, the indexes updated in
 *    place.
 * 3. STATUS-3 (missing-from-export.ts), the run's log and the state
 *    (`transform_state`), empty `transform_pending`, commit.
 */
import { availableParallelism } from 'node:os';
import { runBatchWorker, type BatchWorkerControl } from '../core/batch-worker.ts';
import { columnNames, FCT_FINDINGS } from '../store/columns.ts';
import { CodedColumns, MultiRowInsert } from '../store/multi-row-insert.ts';
import type { PsaDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { formatUtc } from '../core/timestamps.ts';
import { PsaError } from '../core/errors.ts';
import { TIMESTAMP_COLUMNS, type Finding } from './classify.ts';
import { applyMissingFromExport, findMissingFromExport, markMissingFromExport, type MissingFinding } from './missing-from-export.ts';
import { classifyPages, futureLimits, Tally, type TallyCounts, type TicketPage } from './classify-pages.ts';
import { adjustCounts, countsOf, decide, loadsDigest, writeState, type FullReason, type TransformState } from './incremental.ts';
import { FACT_COLUMNS, FactDecoder, type FactBatch } from './fact-batch.ts';
import type { FindingRule } from './messages.ts';
import type { Rules, TicketClass } from './rules.ts';
import { errorFrom, type TransformWorkerData, type TransformWorkerMessage } from './transform-worker-protocol.ts';

/** From this many tickets on, classification runs in a worker thread (its start-up costs about 0.1 s). */
const PARALLEL_THRESHOLD_TICKETS = 50_000;
/** Pages each worker may run ahead of the writer (a page is 1024 tickets, classify-pages.ts). */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Classifying workers: two where there are two cores (see above). */
const WORKERS = availableParallelism() >= 2 ? 2 : 1;

/** The columns of `fct_findings` (store/columns.ts); writeFindings pushes a finding's values in this order. */
const FINDING_COLUMNS = columnNames(FCT_FINDINGS) satisfies readonly (keyof Finding)[];
if (FINDING_COLUMNS.join() !== 'ticket_number,rule,message,details') throw new Error('writeFindings does not follow the columns of fct_findings');

export interface TransformSummary {
  /** The run that left the tables as they are: this one, or the last one when nothing changed. */
  readonly runId: number;
  /** `full`: every ticket classified again; `incremental`: only the changed ones (none when nothing changed). */
  readonly mode: 'full' | 'incremental';
  /** Why a full run rebuilt everything (incremental.ts FullReason); null for an incremental run. */
  readonly fullReason: FullReason | null;
  /** Tickets classified by this run: every one in a full run, the changed ones in an incremental run. */
  readonly transformed: number;
  /** False when nothing changed since the last transform and nothing was written. */
  readonly written: boolean;
  readonly tickets: number;
  /** Tickets the metrics count (incident or request, not marked for deletion). */
  readonly counted: number;
  readonly byClass: Readonly<Record<TicketClass, number>>;
  readonly markedForDeletion: number;
  /** Effective resolution instants by source (RESOLVED-1); `open` has none. */
  readonly resolution: { readonly export: number; readonly closed: number; readonly modified: number; readonly created: number; readonly open: number };
  readonly securityAlerts: number;
  readonly findings: number;
  /** Every rule, including those that found nothing. */
  readonly findingsByRule: Readonly<Record<FindingRule, number>>;
  readonly rulesFile: string;
  readonly rulesSha256: string;
  readonly seconds: number;
}

export interface TransformOptions {
  /** Called after each page is written, with the tickets done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Classify in a worker thread: always, never, or (default) for large databases (full runs only). */
  readonly parallel?: boolean | 'auto';
  /** Rebuild everything, whatever changed (`--full`). */
  readonly full?: boolean;
  /** Past this share of the tickets changed, rebuild everything (default INCREMENTAL_MAX_SHARE). */
  readonly maxChangedShare?: number;
}

/** The database holds no tickets to transform. */
export class NothingToTransformError extends PsaError {
  override readonly name = 'NothingToTransformError';
  constructor(message: string) {
    super('state', message);
  }
}

/** Brings the derived tables of `store` up to date with `rules`: a full or an incremental run (see above). */
export async function transformDatabase(store: PsaDatabase, rules: Rules, options: TransformOptions = {}): Promise<TransformSummary> {
  const { sqlite } = store;
  const started = Date.now();
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    if (sqlite.prepare('SELECT 1 FROM stg_tickets LIMIT 1').get() === undefined) {
      throw new NothingToTransformError('the database holds no tickets: load an export with psa ingest first');
    }
    const decision = decide(sqlite, rules, options);
    if (decision.kind === 'up-to-date') {
      sqlite.exec('ROLLBACK');
      return summaryOf(decision.state.runId, { ...decision.state.tally, latest: decision.state.dataUntil }, rules, started, { mode: 'incremental', fullReason: null, transformed: 0, written: false });
    }
    const loads = loadsDigest(sqlite);
    const run =
      decision.kind === 'full'
        ? { ...(await rebuildAll(store, rules, options)), fullReason: decision.reason }
        : { ...transformChanged(sqlite, rules, decision.state, options), fullReason: null };
    const { tally, transformed } = run;
    const logged = await store.db
      .insertInto('transform_runs')
      .values({
        rules_file: rules.source.isDefault ? 'default' : rules.source.path,
        rules_sha256: rules.source.sha256,
        rules_text: rules.source.text,
        last_load_id: loads.lastLoadId,
        data_until: tally.latest,
        tickets: tally.tickets,
        findings: tally.findings,
        started_at: formatUtc(started),
        finished_at: formatUtc(Date.now()),
        psa_version: PSA_VERSION,
        mode: decision.kind,
        tickets_transformed: transformed,
      })
      .returning('run_id')
      .executeTakeFirstOrThrow();
    writeState(sqlite, logged.run_id, rules, loads, tally);
    sqlite.exec('DELETE FROM transform_pending');
    sqlite.exec('COMMIT');
    return summaryOf(logged.run_id, tally, rules, started, { mode: decision.kind, fullReason: run.fullReason, transformed, written: true });
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

function summaryOf(runId: number, tally: TallyCounts, rules: Rules, started: number, run: Pick<TransformSummary, 'mode' | 'fullReason' | 'transformed' | 'written'>): TransformSummary {
  return {
    runId,
    ...run,
    tickets: tally.tickets,
    counted: tally.counted,
    byClass: tally.byClass,
    markedForDeletion: tally.findingsByRule.MARKED_FOR_DELETION,
    resolution: tally.resolution,
    securityAlerts: tally.securityAlerts,
    findings: tally.findings,
    findingsByRule: tally.findingsByRule,
    rulesFile: rules.source.isDefault ? 'default' : rules.source.path,
    rulesSha256: rules.source.sha256,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * The fact columns whose values repeat, a handful of words each (the rules'
 * classes, categories and municipalities, the export's priority and status
 * texts): bound as small integer codes by the workers' writes (CodedColumns).
 * The months and instants vary too much to gain.
 */
const CODED_FACT_COLUMNS = [
  'ticket_class', 'status_class', 'priority', 'report_category', 'municipality', 'municipality_source',
  'former_municipality', 'security_alert_source', 'resolved_source', 'status',
] as const satisfies readonly (typeof FACT_COLUMNS)[number][];

/** The inserts of facts and findings, row by row; with `replace`, a ticket's facts replace those it has. */
function factWriters(sqlite: PsaDatabase['sqlite'], replace = false) {
  const coded = new CodedColumns(FACT_COLUMNS.length, CODED_FACT_COLUMNS.map((c) => FACT_COLUMNS.indexOf(c)));
  const factRows = new MultiRowInsert(sqlite, `INSERT${replace ? ' OR REPLACE' : ''} INTO fct_tickets (${FACT_COLUMNS.join(', ')}) VALUES`, FACT_COLUMNS.length, '', coded);
  const findingRows = new MultiRowInsert(sqlite, `INSERT INTO fct_findings (${FINDING_COLUMNS.join(', ')}) VALUES`, FINDING_COLUMNS.length, '');
  const writeFindings = (findings: readonly Finding[]) => {
    for (const f of findings) {
      findingRows.values.push(f.ticket_number, f.rule, f.message, f.details);
      findingRows.rowAdded();
    }
  };
  const flush = () => {
    factRows.flush();
    findingRows.flush();
  };
  return { factRows, coded, writeFindings, flush };
}

/** A full run: every derived table emptied and made again (in the open transaction). */
async function rebuildAll(store: PsaDatabase, rules: Rules, options: TransformOptions): Promise<{ tally: TallyCounts; transformed: number }> {
  const { sqlite } = store;
  const { factRows, coded, writeFindings, flush } = factWriters(sqlite);
  const tally = new Tally();
  let written = 0;
  const total = (sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n;
  // No WHERE clause and no triggers: SQLite empties each table in one step.
  sqlite.exec('DELETE FROM fct_findings; DELETE FROM fct_tickets; DELETE FROM dim_priorities;');
  const indexes = dropFactIndexes(sqlite);
  await writePriorities(store, rules);

  const parallel = options.parallel ?? 'auto';
  if (store.path !== ':memory:' && (parallel === true || (parallel === 'auto' && total >= PARALLEL_THRESHOLD_TICKETS))) {
    const counts = await classifyInWorkers(store.path, rules, WORKERS, (batch, decoder) => {
      decoder.decode(batch, factRows.values, () => factRows.rowAdded(), coded);
      writeFindings(batch.findings);
      written += batch.rows;
      options.onProgress?.(written, total);
    });
    for (const c of counts) tally.merge(c);
  } else {
    for (const page of classifyPages(sqlite, rules)) {
      writePage(page, factRows);
      writeFindings(page.findings);
      tally.add(page);
      written += page.facts.length;
      options.onProgress?.(written, total);
    }
  }
  flush();
  // STATUS-3: tickets a full export no longer holds are deleted.
  const deleted = markMissingFromExport(sqlite, total);
  if (deleted !== null) {
    tally.counted -= deleted.uncounted;
    tally.findings += deleted.missing;
    tally.findingsByRule.MISSING_FROM_EXPORT += deleted.missing;
  }
  buildIndexes(sqlite, indexes);
  return { tally: { ...tally }, transformed: tally.tickets };
}

/**
 * An incremental run (in the open transaction): the facts and findings of
 * the changed tickets are deleted and made again, the indexes updated in
 * place. Changed: those `transform_pending` lists (their loaded values
 * changed), and those whose STATUS-3 decision differs from the finding the
 * facts hold (a later full export left them out, or holds them again, or
 * decides with other figures).
 */
function transformChanged(sqlite: PsaDatabase['sqlite'], rules: Rules, state: TransformState, options: TransformOptions): { tally: TallyCounts; transformed: number } {
  sqlite.exec(`DROP TABLE IF EXISTS temp.psa_changed; DROP TABLE IF EXISTS temp.psa_classify;
    CREATE TEMP TABLE psa_changed (ticket_number INTEGER PRIMARY KEY);
    CREATE TEMP TABLE psa_classify (ticket_number INTEGER PRIMARY KEY);
    INSERT INTO temp.psa_changed SELECT ticket_number FROM main.transform_pending;`);
  try {
    // STATUS-3 now, against what the facts say.
    const missing = findMissingFromExport(sqlite)?.missing ?? new Map<number, MissingFinding>();
    const held = new Map(
      (sqlite.prepare("SELECT ticket_number, message, details FROM fct_findings WHERE rule = 'MISSING_FROM_EXPORT'").raw().all() as [number, string, string][]).map(
        ([t, message, details]) => [t, { message, details }],
      ),
    );
    const mark = sqlite.prepare('INSERT OR IGNORE INTO temp.psa_changed VALUES (?)');
    for (const [t, f] of missing) {
      const h = held.get(t);
      if (h === undefined || h.message !== f.message || h.details !== f.details) mark.run(t);
    }
    for (const t of held.keys()) if (!missing.has(t)) mark.run(t);

    const before = countsOf(sqlite, 'temp.psa_changed');
    // The facts of a ticket still loaded are replaced as its page is written (each index page is then
    // changed once, while in the cache); those of a ticket gone from stg_tickets are deleted.
    sqlite.exec(`DELETE FROM fct_findings WHERE ticket_number IN (SELECT ticket_number FROM temp.psa_changed);
      INSERT INTO temp.psa_classify SELECT c.ticket_number FROM temp.psa_changed c CROSS JOIN main.stg_tickets s ON s.ticket_number = c.ticket_number;
      DELETE FROM fct_tickets WHERE ticket_number IN
        (SELECT ticket_number FROM temp.psa_changed c WHERE NOT EXISTS (SELECT 1 FROM temp.psa_classify k WHERE k.ticket_number = c.ticket_number));`);
    const total = (sqlite.prepare('SELECT count(*) AS n FROM temp.psa_classify').get() as { n: number }).n;
    const { factRows, writeFindings, flush } = factWriters(sqlite, true);
    const tally = new Tally();
    for (const page of classifyPages(sqlite, rules, undefined, 'temp.psa_classify')) {
      writePage(page, factRows);
      writeFindings(page.findings);
      tally.add(page);
      options.onProgress?.(tally.tickets, total);
    }
    flush();
    const changedMissing = (sqlite.prepare('SELECT ticket_number FROM temp.psa_classify').pluck().all() as number[]).flatMap((t) => {
      const f = missing.get(t);
      return f === undefined ? [] : [[t, f] as [number, MissingFinding]];
    });
    applyMissingFromExport(sqlite, changedMissing);
    const counts = adjustCounts(state.tally, before, countsOf(sqlite, 'temp.psa_changed'));
    return { tally: { ...counts, latest: latestAfterChanges(sqlite, rules, state.dataUntil, tally.latest) }, transformed: total };
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.psa_changed; DROP TABLE IF EXISTS temp.psa_classify;');
  }
}

/**
 * TIME-4's latest timestamp of every ticket after an incremental run, the
 * same as a full run's: the latest of the changed tickets' (`changed`) and
 * of the others', whose timestamps and loads did not change, so theirs is
 * at most the last run's (`before`). When the changed tickets reach
 * `before`, that is the answer without reading the others; when one of the
 * others still holds `before` (looked for until found), it is `before`;
 * only else are the others read through.
 */
function latestAfterChanges(sqlite: PsaDatabase['sqlite'], rules: Rules, before: string | null, changed: string | null): string | null {
  if (before === null || (changed !== null && changed >= before)) return changed;
  sqlite.exec('DROP TABLE IF EXISTS temp.psa_limits; CREATE TEMP TABLE psa_limits (load_id INTEGER PRIMARY KEY, after TEXT NOT NULL)');
  try {
    const limit = sqlite.prepare('INSERT INTO temp.psa_limits VALUES (?, ?)');
    for (const [loadId, l] of futureLimits(sqlite, rules.futureTimestampMarginDays)) limit.run(loadId, l.after);
    const others = `FROM main.stg_tickets s LEFT JOIN temp.psa_limits l ON l.load_id = s.load_id
      WHERE s.ticket_number NOT IN (SELECT ticket_number FROM temp.psa_changed)`;
    // From the last ticket back: the latest timestamps are mostly the newest tickets'.
    const holds = sqlite
      .prepare(`SELECT 1 ${others} AND ? IN (${TIMESTAMP_COLUMNS.map((c) => `s.${c}`).join(', ')}) AND (l.after IS NULL OR ? <= l.after) ORDER BY s.ticket_number DESC LIMIT 1`)
      .get(before, before);
    if (holds !== undefined) return before;
    const within = (c: string) => `CASE WHEN s.${c} IS NOT NULL AND (l.after IS NULL OR s.${c} <= l.after) THEN s.${c} ELSE '' END`;
    const text = sqlite.prepare(`SELECT max(max(${TIMESTAMP_COLUMNS.map(within).join(', ')})) ${others}`).pluck().get() as string | null;
    const latestOfOthers = text === null || text === '' ? null : text;
    return latestOfOthers === null ? changed : changed === null || latestOfOthers > changed ? latestOfOthers : changed;
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.psa_limits');
  }
}

/**
 * Drops the indexes on `fct_tickets` (the metrics' covering indexes, and any
 * an analyst added) and returns the statements that build them again.
 * Building an index once over the finished table sorts its entries in one
 * go; keeping it up to date row by row doubled the time of a 1M-ticket run.
 */
function dropFactIndexes(sqlite: PsaDatabase['sqlite']): string[] {
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'fct_tickets' AND sql IS NOT NULL ORDER BY name`)
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
  return indexes.map((i) => i.sql);
}

/**
 * Builds the indexes dropped by dropFactIndexes. By now the worker thread
 * has finished, so SQLite's sorter may use a second thread (a third less
 * time for a million tickets).
 */
function buildIndexes(sqlite: PsaDatabase['sqlite'], statements: readonly string[]): void {
  const threads = sqlite.pragma('threads', { simple: true }) as number;
  sqlite.pragma('threads = 2');
  try {
    for (const statement of statements) sqlite.exec(statement);
  } finally {
    sqlite.pragma(`threads = ${threads}`);
  }
}

function writePage(page: TicketPage, rows: MultiRowInsert): void {
  for (const f of page.facts) {
    for (const column of FACT_COLUMNS) rows.values.push(f[column]);
    rows.rowAdded();
  }
}

async function writePriorities(store: PsaDatabase, rules: Rules): Promise<void> {
  await store.db
    .insertInto('dim_priorities')
    .values(
      rules.priorities.map(([p], i) => ({
        priority: p.name,
        calendar: p.calendar,
        response_target_hours: p.responseHours,
        resolution_target_hours: p.resolutionHours,
        sort_order: i + 1,
      })),
    )
    .execute();
}

/**
 * Classifies in `workers` worker threads, handing each batch to `write` in
 * page order as it arrives (a page that comes before its turn waits, and
 * holds its worker's flow control until written), with the decoder of the
 * worker that encoded it; resolves with the workers' tallies. When one
 * worker fails, the others are stopped.
 */
async function classifyInWorkers(
  databasePath: string,
  rules: Rules,
  workers: number,
  write: (batch: FactBatch, decoder: FactDecoder) => void,
): Promise<TallyCounts[]> {
  const decoders = Array.from({ length: workers }, () => new FactDecoder());
  const waiting = new Map<number, { batch: FactBatch; part: number; control: BatchWorkerControl<TallyCounts> }>();
  let next = 0;
  const stop = new AbortController();
  const runs = Array.from({ length: workers }, (_, part) =>
    runBatchWorker<TransformWorkerMessage, TallyCounts, TransformWorkerData>(
      {
        url: new URL('./transform-worker.js', import.meta.url),
        workerData: { databasePath, rulesText: rules.source.text, rulesFile: rules.source.path, share: { part, of: workers } },
        maxInFlight: MAX_BATCHES_IN_FLIGHT,
        // Classifying makes many short-lived objects: a page's (classify-pages.ts
        // PAGE_SIZE) fit this young generation, a quarter of the 64 MB an
        // earlier 4096-ticket page needed (1M tickets: peak RSS of psa
        // transform 390 -> 240 MB). 32 MB measured the same time (7.86-7.98
        // against 7.70-7.97 s for psa transform --full, interleaved) for 40 MB more.
        resourceLimits: { maxYoungGenerationSizeMb: 16 },
        signal: stop.signal,
        exitMessage: (code) => `the transform worker stopped before the last ticket (exit code ${code})`,
      },
      (message, control) => {
        if (stop.signal.aborted) return;
        switch (message.type) {
          case 'batch':
            waiting.set(message.page, { batch: message.batch, part, control });
            for (let turn = waiting.get(next); turn !== undefined; turn = waiting.get(next)) {
              waiting.delete(next++);
              write(turn.batch, decoders[turn.part]!);
              turn.control.release();
            }
            break;
          case 'end':
            control.finish(message.tally);
            break;
          case 'error':
            control.fail(errorFrom(message));
            break;
        }
      },
    ),
  );
  try {
    const tallies = await Promise.all(runs);
    if (waiting.size > 0) throw new Error(`the transform workers left page ${next} out`);
    return tallies;
  } catch (error) {
    stop.abort();
    await Promise.allSettled(runs);
    throw error;
  }
}
