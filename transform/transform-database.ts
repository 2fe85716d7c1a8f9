/**
 * `psa transform` on a database: rebuilds `fct_tickets`, `fct_findings` and
 * `dim_priorities` from `stg_tickets` and the rules, in one transaction, and
 * logs the run with the rules' hash in `transform_runs`. The same tickets
 * and rules give identical tables; a failure leaves the previous tables as
 * they were.
 *
 * 1. Take the write lock (BEGIN IMMEDIATE) and empty the derived tables.
 * 2. Classify the tickets page by page (`classifyPages`): in this thread for
 *    a small database; for a large one in two worker threads, each with its
 *    own read-only connection and every other page, while this thread only
 *    writes. Reading and classifying a page costs about half again as much
 *    as writing it, so with one worker this thread waited a third of the
 *    time; with two, the three threads keep two cores busy.
 *    The indexes on `fct_tickets` are dropped first and built again once the
 *    table is full.
 * 3. Log the run and commit.
 */
import { availableParallelism } from 'node:os';
import { runBatchWorker, type BatchWorkerControl } from '../core/batch-worker.ts';
import { columnNames, FCT_FINDINGS } from '../store/columns.ts';
import { MultiRowInsert } from '../store/multi-row-insert.ts';
import type { PsaDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { formatUtc } from '../core/timestamps.ts';
import { PsaError } from '../core/errors.ts';
import type { Finding } from './classify.ts';
import { markMissingFromExport } from './missing-from-export.ts';
import { classifyPages, Tally, type TallyCounts, type TicketPage } from './classify-pages.ts';
import { FACT_COLUMNS, FactDecoder, type FactBatch } from './fact-batch.ts';
import type { FindingRule } from './messages.ts';
import type { Rules, TicketClass } from './rules.ts';
import { errorFrom, type TransformWorkerData, type TransformWorkerMessage } from './transform-worker-protocol.ts';

/** From this many tickets on, classification runs in a worker thread (its start-up costs about 0.1 s). */
const PARALLEL_THRESHOLD_TICKETS = 50_000;
/** Pages each worker may run ahead of the writer. */
const MAX_BATCHES_IN_FLIGHT = 8;
/** Classifying workers: two where there are two cores (see above). */
const WORKERS = availableParallelism() >= 2 ? 2 : 1;

/** The columns of `fct_findings` (store/columns.ts); writeFindings pushes a finding's values in this order. */
const FINDING_COLUMNS = columnNames(FCT_FINDINGS) satisfies readonly (keyof Finding)[];
if (FINDING_COLUMNS.join() !== 'ticket_number,rule,message,details') throw new Error('writeFindings does not follow the columns of fct_findings');

export interface TransformSummary {
  readonly runId: number;
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
  /** Classify in a worker thread: always, never, or (default) for large databases. */
  readonly parallel?: boolean | 'auto';
}

/** The database holds no tickets to transform. */
export class NothingToTransformError extends PsaError {
  override readonly name = 'NothingToTransformError';
  constructor(message: string) {
    super('state', message);
  }
}

/** Rebuilds the derived tables of `store` with `rules`. */
export async function transformDatabase(store: PsaDatabase, rules: Rules, options: TransformOptions = {}): Promise<TransformSummary> {
  const { sqlite } = store;
  const started = Date.now();
  const factRows = new MultiRowInsert(sqlite, `INSERT INTO fct_tickets (${FACT_COLUMNS.join(', ')}) VALUES`, FACT_COLUMNS.length, '');
  const findingRows = new MultiRowInsert(sqlite, `INSERT INTO fct_findings (${FINDING_COLUMNS.join(', ')}) VALUES`, FINDING_COLUMNS.length, '');
  const tally = new Tally();
  let written = 0;
  const writeFindings = (findings: readonly Finding[]) => {
    for (const f of findings) {
      findingRows.values.push(f.ticket_number, f.rule, f.message, f.details);
      findingRows.rowAdded();
    }
  };

  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const total = (sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n;
    if (total === 0) throw new NothingToTransformError('the database holds no tickets: load an export with psa ingest first');
    // No WHERE clause and no triggers: SQLite empties each table in one step.
    sqlite.exec('DELETE FROM fct_findings; DELETE FROM fct_tickets; DELETE FROM dim_priorities;');
    const indexes = dropFactIndexes(sqlite);
    await writePriorities(store, rules);
    const lastLoad = sqlite.prepare('SELECT max(load_id) AS id FROM raw_loads').get() as { id: number | null };

    const parallel = options.parallel ?? 'auto';
    if (store.path !== ':memory:' && (parallel === true || (parallel === 'auto' && total >= PARALLEL_THRESHOLD_TICKETS))) {
      const counts = await classifyInWorkers(store.path, rules, WORKERS, (batch, decoder) => {
        decoder.decode(batch, factRows.values, () => factRows.rowAdded());
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
    factRows.flush();
    findingRows.flush();
    // STATUS-3: tickets a full export no longer holds are deleted.
    const deleted = markMissingFromExport(sqlite);
    if (deleted !== null) {
      tally.counted -= deleted.uncounted;
      tally.findings += deleted.missing;
      tally.findingsByRule.MISSING_FROM_EXPORT += deleted.missing;
    }
    buildIndexes(sqlite, indexes);

    const run = await store.db
      .insertInto('transform_runs')
      .values({
        rules_file: rules.source.isDefault ? 'default' : rules.source.path,
        rules_sha256: rules.source.sha256,
        rules_text: rules.source.text,
        last_load_id: lastLoad.id,
        data_until: tally.latest,
        tickets: tally.tickets,
        findings: tally.findings,
        started_at: formatUtc(started),
        finished_at: formatUtc(Date.now()),
        psa_version: PSA_VERSION,
      })
      .returning('run_id')
      .executeTakeFirstOrThrow();
    sqlite.exec('COMMIT');
    return {
      runId: run.run_id,
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
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
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
        // A larger young generation: classifying makes many short-lived objects;
        // with the default size the worker spends a tenth more time collecting them.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
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
