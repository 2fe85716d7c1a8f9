/**
 * The parser in a worker thread, for large files: the main thread only
 * writes to SQLite while this one reads, decodes, parses and types. Given a
 * database to read, it recognises rows loaded already (known-rows.ts) and
 * does not type them.
 *
 * Flow control (`reserveBatch`, see batch-worker.ts) keeps memory flat
 * however far the parser could run ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reserveBatch, type FlowControl } from '../core/batch-worker.ts';
import { parseExport } from './parse-export.ts';
import { KnownRows } from './known-rows.ts';
import { serialiseError, type ParseWorkerData, type WorkerMessage } from './parse-worker-protocol.ts';

const input = workerData as ParseWorkerData & FlowControl;
const { path, options } = input;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

/** The stored rows to recognise rows by; none when the database cannot be opened for reading (the writer then checks every row). */
function knownRows(source: ParseWorkerData['known']): KnownRows | null {
  if (source === null) return null;
  try {
    return new KnownRows(source);
  } catch {
    return null;
  }
}

const known = knownRows(input.known);
try {
  parseExport(path, options, {
    header: (info) => post({ type: 'header', ...info }),
    batch: (batch) => {
      reserveBatch(input);
      parentPort!.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [
        batch.ends.buffer as ArrayBuffer,
        batch.numbers.buffer as ArrayBuffer,
        batch.same.buffer as ArrayBuffer,
      ]);
    },
    end: (info) => post({ type: 'end', ...info }),
  }, known);
} catch (error) {
  post({ type: 'error', error: serialiseError(error) });
} finally {
  known?.close();
}
