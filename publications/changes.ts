/** What `psa changes` reads: a publication's restatements and the tickets behind each, from the database. */
import type { PsaDatabase } from '../store/open.ts';
import type { Reason } from '../metrics/restatements.ts';

export interface ChangesReport {
  readonly publication: { readonly reportMonth: string; readonly version: number; readonly asOf: string; readonly rulesSha256: string };
  readonly restatements: readonly {
    readonly month: string;
    readonly figure: string;
    readonly published: number | null;
    readonly value: number | null;
    readonly difference: number | null;
    readonly publishedIn: { readonly reportMonth: string; readonly version: number };
    readonly rulesChanged: boolean;
    readonly tickets: readonly { readonly ticketNumber: number; readonly contribution: number | null; readonly reason: Reason; readonly detail: string }[];
  }[];
}

/** The latest publication of `reportMonth` (or the latest of all), with its restatements; null when there is none. */
export function readChanges({ sqlite }: PsaDatabase, reportMonth?: string): ChangesReport | null {
  const p = (
    reportMonth === undefined
      ? sqlite.prepare('SELECT pub_id, report_month, version, as_of, rules_sha256 FROM pub_publications ORDER BY pub_id DESC LIMIT 1').get()
      : sqlite.prepare('SELECT pub_id, report_month, version, as_of, rules_sha256 FROM pub_publications WHERE report_month = ? ORDER BY version DESC LIMIT 1').get(reportMonth)
  ) as { pub_id: number; report_month: string; version: number; as_of: string; rules_sha256: string } | undefined;
  if (p === undefined) return null;
  const rows = sqlite
    .prepare(
      `SELECT r.restatement_id, r.month, r.figure, r.published_value, r.new_value, r.difference, r.rules_changed, b.report_month AS b_month, b.version AS b_version
       FROM pub_restatements r JOIN pub_publications b ON b.pub_id = r.baseline_pub_id WHERE r.pub_id = ? ORDER BY r.restatement_id`,
    )
    .all(p.pub_id) as {
    restatement_id: number;
    month: string;
    figure: string;
    published_value: number | null;
    new_value: number | null;
    difference: number | null;
    rules_changed: number;
    b_month: string;
    b_version: number;
  }[];
  const tickets = sqlite.prepare('SELECT ticket_number, contribution, reason, detail FROM pub_restatement_tickets WHERE restatement_id = ? ORDER BY ticket_number');
  return {
    publication: { reportMonth: p.report_month, version: p.version, asOf: p.as_of, rulesSha256: p.rules_sha256 },
    restatements: rows.map((r) => ({
      month: r.month,
      figure: r.figure,
      published: r.published_value,
      value: r.new_value,
      difference: r.difference,
      publishedIn: { reportMonth: r.b_month, version: r.b_version },
      rulesChanged: r.rules_changed === 1,
      tickets: (tickets.all(r.restatement_id) as { ticket_number: number; contribution: number | null; reason: Reason; detail: string }[]).map((t) => ({
        ticketNumber: t.ticket_number,
        contribution: t.contribution,
        reason: t.reason,
        detail: t.detail,
      })),
    })),
  };
}
