/** Messages between the transform's writer (main thread) and its classifying worker. */
import { TicketInputError } from './classify.ts';
import type { Share, TallyCounts } from './classify-pages.ts';
import type { FactBatch } from './fact-batch.ts';

/** The transform worker's workerData, besides its flow control. */
export interface TransformWorkerData {
  /** The database file; the worker opens its own read-only connection. */
  readonly databasePath: string;
  /** The rules' text and file name, compiled again in the worker. */
  readonly rulesText: string;
  readonly rulesFile: string;
  /** The pages this worker classifies. */
  readonly share: Share;
}

export type TransformWorkerMessage =
  | { readonly type: 'batch'; readonly page: number; readonly batch: FactBatch }
  | { readonly type: 'end'; readonly tally: TallyCounts }
  | { readonly type: 'error'; readonly kind: 'TicketInputError' | 'Error'; readonly message: string; readonly stack: string | undefined };

export function errorMessage(error: unknown): TransformWorkerMessage {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'error', kind: e instanceof TicketInputError ? 'TicketInputError' : 'Error', message: e.message, stack: e.stack };
}

export function errorFrom(message: Extract<TransformWorkerMessage, { type: 'error' }>): Error {
  const error = message.kind === 'TicketInputError' ? new TicketInputError(message.message) : new Error(message.message);
  error.stack = message.stack;
  return error;
}
