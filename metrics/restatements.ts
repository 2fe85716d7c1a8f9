/**
 * The shape of metrics.json's `restatements`: the figures a later
 * computation gives differently from a publication, and why. A leaf module:
 * the metrics document (document.ts) and the restating
 * (publications/restate.ts) both import it, neither the other.
 */

export const REASONS = [
  'rules_changed',
  'registered_late',
  'deleted',
  'restored',
  'reopened',
  'resolution_added',
  'resolution_moved',
  'resolution_removed',
  'reclassified',
  'created_moved',
  'other',
] as const;
export type Reason = (typeof REASONS)[number];

export interface ReasonCount {
  readonly reason: Reason;
  /** Tickets with this reason behind the figure's change. */
  readonly tickets: number;
  /** Their contributions summed (count figures); null for a mean or a compliance. */
  readonly contribution: number | null;
}

export interface RestatedFigure {
  readonly month: string;
  /** The figure's path in the month's entry of `monthly`, dot-joined. */
  readonly figure: string;
  readonly path: readonly string[];
  readonly published: number | null;
  readonly value: number | null;
  /** value − published; null when either is null. */
  readonly difference: number | null;
  /** A count figure: the tickets' contributions sum to `difference`. */
  readonly count: boolean;
  readonly publishedIn: { readonly reportMonth: string; readonly version: number };
  readonly rulesChanged: boolean;
  readonly reasons: readonly ReasonCount[];
}

export interface RestatementBaseline {
  readonly reportMonth: string;
  readonly version: number;
  readonly asOf: string;
  readonly rulesChanged: boolean;
  /** The window months this publication is the baseline of. */
  readonly months: readonly string[];
}

/** metrics.json's `restatements`. */
export interface Restatements {
  readonly against: readonly RestatementBaseline[];
  readonly figures: readonly RestatedFigure[];
}
