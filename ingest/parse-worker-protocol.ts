/** Messages from the parse worker to the main thread. */
import type { ColumnMapping } from './headers.ts';
import type { Encoding } from './detect.ts';
import { EncodingRestart, ParseError, type ParseOptions } from './parse-export.ts';
import type { RowBatch } from './row-batch.ts';
import type { KnownRowsSource } from './known-rows.ts';

/** The parse worker's workerData, besides its flow control. */
export interface ParseWorkerData {
  readonly path: string;
  readonly options: ParseOptions;
  /** Where the worker reads the stored rows, to recognise rows loaded already (known-rows.ts); null: it does not. */
  readonly known: KnownRowsSource | null;
}

export type WorkerMessage =
  | { readonly type: 'header'; readonly mapping: ColumnMapping; readonly delimiter: string }
  | { readonly type: 'batch'; readonly batch: RowBatch }
  | { readonly type: 'end'; readonly sha256: string; readonly blankLines: number; readonly rowsRead: number; readonly bytesRead: number; readonly notices: string[] }
  | { readonly type: 'error'; readonly error: SerialisedError };

export interface SerialisedError {
  readonly kind: 'ParseError' | 'EncodingRestart' | 'Error';
  readonly message: string;
  readonly line: number | null;
  readonly stack: string | undefined;
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof ParseError) return { kind: 'ParseError', message: error.message, line: error.line ?? null, stack: error.stack };
  if (error instanceof EncodingRestart) return { kind: 'EncodingRestart', message: error.encoding, line: null, stack: undefined };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'Error', message: e.message, line: null, stack: e.stack };
}

export function deserialiseError(error: SerialisedError): Error | EncodingRestart {
  if (error.kind === 'ParseError') return new ParseError(error.message, error.line ?? undefined);
  if (error.kind === 'EncodingRestart') return new EncodingRestart(error.message as Encoding);
  const e = new Error(error.message);
  e.stack = error.stack;
  return e;
}
