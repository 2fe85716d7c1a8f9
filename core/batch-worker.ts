/**
 * A producer in a worker thread that posts batches to the thread that owns
 * the database connection: the ingest parser and the transform classifier.
 *
 * Flow control: the two threads share an Int32 counting batches posted and
 * not yet written. The worker waits while `maxInFlight` are outstanding
 * (`reserveBatch`), the owner releases one after writing it, so memory stays
 * flat however far ahead the producer could run.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** What a worker needs for flow control (part of its workerData). */
export interface FlowControl {
  readonly inFlight: SharedArrayBuffer;
  readonly maxInFlight: number;
}

/** In the worker, before posting a batch: waits for room, then counts the batch. */
export function reserveBatch({ inFlight, maxInFlight }: FlowControl): void {
  const counter = new Int32Array(inFlight);
  for (;;) {
    const current = Atomics.load(counter, 0);
    if (current < maxInFlight) break;
    Atomics.wait(counter, 0, current);
  }
  Atomics.add(counter, 0, 1);
}

/** What the owner's message handler may do. */
export interface BatchWorkerControl<R> {
  /** A batch has been written: the worker may post another. */
  release(): void;
  /** The worker is done: resolve with its result. */
  finish(result: R): void;
  /** Stop the worker and reject (with an Error, or a signal such as ingest's EncodingRestart). */
  fail(error: unknown): void;
}

export interface BatchWorkerOptions<D> {
  /** The worker's entry module. */
  readonly url: URL;
  /** The worker's data, without the flow-control fields (added here). */
  readonly workerData: D;
  readonly maxInFlight: number;
  readonly resourceLimits?: ResourceLimits;
  /** Stops the worker and rejects (when it runs beside others and one of them failed). */
  readonly signal?: AbortSignal;
  /** The error when the worker exits without finishing. */
  readonly exitMessage: (code: number) => string;
}

/**
 * Starts the worker and hands each message to `onMessage` on this thread.
 * Resolves when the handler calls `finish`; rejects when it calls `fail`,
 * throws, `signal` aborts, or the worker fails or exits first (the worker is
 * terminated).
 */
export function runBatchWorker<M, R, D extends object>(
  options: BatchWorkerOptions<D>,
  onMessage: (message: M, control: BatchWorkerControl<R>) => void,
): Promise<R> {
  const inFlight = new SharedArrayBuffer(4);
  const counter = new Int32Array(inFlight);
  const flow: FlowControl = { inFlight, maxInFlight: options.maxInFlight };
  const worker = new Worker(options.url, {
    workerData: { ...options.workerData, ...flow },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const control: BatchWorkerControl<R> = {
      release() {
        Atomics.sub(counter, 0, 1);
        Atomics.notify(counter, 0);
      },
      finish(result) {
        if (settled) return;
        settled = true;
        resolve(result);
      },
      fail(error) {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(error);
      },
    };
    options.signal?.addEventListener('abort', () => control.fail(new Error('stopped: another worker failed')), { once: true });
    worker.on('message', (message: M) => {
      if (settled) return;
      try {
        onMessage(message, control);
      } catch (error) {
        control.fail(error);
      }
    });
    worker.on('error', (error) => control.fail(error));
    worker.on('exit', (code) => control.fail(new Error(options.exitMessage(code))));
  });
}
