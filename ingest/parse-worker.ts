/**
 * The parser in a worker thread, for large files: the main thread only
 * writes to SQLite while this one reads, decodes, parses and types.
 *
 * Flow control: the main thread counts batches it has not finished in a
 * shared Int32; the worker waits while too many are in flight, so memory
 * stays flat however far the parser could run ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseExport, type ParseOptions } from './parse-export.ts';
import { serialiseError, type WorkerMessage } from './parse-worker-protocol.ts';

interface WorkerInput {
  readonly path: string;
  readonly options: ParseOptions;
  readonly inFlight: SharedArrayBuffer;
  readonly maxInFlight: number;
}

const { path, options, inFlight, maxInFlight } = workerData as WorkerInput;
const counter = new Int32Array(inFlight);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

try {
  parseExport(path, options, {
    header: (info) => post({ type: 'header', ...info }),
    batch: (batch) => {
      for (;;) {
        const current = Atomics.load(counter, 0);
        if (current < maxInFlight) break;
        Atomics.wait(counter, 0, current);
      }
      Atomics.add(counter, 0, 1);
      parentPort!.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [batch.ends.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer]);
    },
    end: (info) => post({ type: 'end', ...info }),
  });
} catch (error) {
  post({ type: 'error', error: serialiseError(error) });
}
