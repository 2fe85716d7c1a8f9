/**
 * The transform's classifying half in worker threads, for large databases:
 * each reads its share of the pages of `stg_tickets` on its own read-only
 * connection and classifies, while the main thread only writes. The main thread holds the write lock
 * for the whole run, so what this connection reads is what the run started
 * with.
 * Flow control (`reserveBatch`) keeps memory flat however far ahead it
 * could run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { reserveBatch, type FlowControl } from '../core/batch-worker.ts';
import { classifyPages, Tally } from './classify-pages.ts';
import { FactEncoder } from './fact-batch.ts';
import { parseRules } from './rules.ts';
import { errorMessage, type TransformWorkerData, type TransformWorkerMessage } from './transform-worker-protocol.ts';

const input = workerData as TransformWorkerData & FlowControl;
const post = (message: TransformWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  // The main thread has checked these rules against the schema; compiling them is enough.
  const rules = parseRules(input.rulesText, input.rulesFile, { schemaChecked: true });
  const sqlite = new SQLite(input.databasePath, { readonly: true, fileMustExist: true });
  // Pages are read in key order, each once: 2 MB holds a page of tickets many times over. Each worker's cache stays
  // in its thread's malloc arena after the worker ends, resident for the rest of the run (`psa run`'s later stages).
  sqlite.pragma('cache_size = -2048');
  const tally = new Tally();
  const encoder = new FactEncoder();
  try {
    for (const page of classifyPages(sqlite, rules, input.share)) {
      tally.add(page);
      const batch = encoder.encode(page.facts, page.findings);
      reserveBatch(input);
      post({ type: 'batch', page: page.index, batch }, [batch.numbers.buffer as ArrayBuffer, batch.codes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer]);
    }
  } finally {
    sqlite.close();
  }
  post({ type: 'end', tally: { ...tally } });
} catch (error) {
  post(errorMessage(error));
}
