/**
 * What a load reports about its rows, shared by the loader (load.ts), the
 * row writer (row-store.ts) and the API pull: plain types, no behaviour, so
 * none of them imports another for them.
 */
import type { RejectCode } from './messages.ts';

export interface LoadCounts {
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** Tickets new to `stg_tickets`. */
  readonly ticketsInserted: number;
  /** Tickets whose stored values a newer row replaced. */
  readonly ticketsUpdated: number;
  /** Loaded rows that changed nothing: not newer than what was stored, or a repeat. */
  readonly ticketsUnchanged: number;
  /** Empty lines skipped; they are not rows. */
  readonly blankLines: number;
}

/** One rejected row as the summary lists it (every reject is in `raw_rejects`). */
export interface RejectSample {
  readonly line: number;
  readonly column: number | null;
  readonly columnName: string | null;
  readonly code: RejectCode;
  readonly message: string;
}
