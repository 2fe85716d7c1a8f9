/**
 * Recording a publication: when `psa run` writes a report month, the
 * metrics document it published and the per-ticket snapshot behind it are
 * kept in `pub_publications` and `pub_tickets`, and its restatements (with
 * their tickets) in `pub_restatements` and `pub_restatement_tickets`.
 *
 * Publishing the same figures again (the same inputs give the same
 * document, so the same hash) changes nothing and gives back the stored
 * document. Other figures for a month already published add its next
 * version; every earlier version stays.
 */
import { formatUtc } from '../core/timestamps.ts';
import type { Report } from '../metrics/compute.ts';
import type { MetricsDocument } from '../metrics/document.ts';
import { stableJson } from '../core/stable-json.ts';
import type { PsaDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { latestVersion, type PublicationRow } from './restate.ts';
import { writeSnapshot } from './snapshot.ts';
import { PsaError } from '../core/errors.ts';

export interface Publication {
  readonly pubId: number;
  readonly reportMonth: string;
  readonly version: number;
  /** False when these figures were already the month's latest version: nothing was written. */
  readonly isNew: boolean;
  /** The document as published (for an existing publication, the stored one). */
  readonly document: MetricsDocument;
  /** metrics.json's text as published. */
  readonly documentText: string;
}

export class PublicationError extends PsaError {
  override name = 'PublicationError';
  constructor(message: string) {
    super('failure', message);
  }
}

const publicationsOf = (store: PsaDatabase) =>
  store.sqlite
    .prepare('SELECT pub_id, report_month, version, as_of, window_start, window_end, rules_sha256, figures_sha256 FROM pub_publications ORDER BY pub_id')
    .all() as PublicationRow[];

/** The publication `report` would be if published now: the stored one when its figures are the month's latest version, else null (a new one). */
export function existingPublication(store: PsaDatabase, report: Report): Publication | null {
  const latest = latestVersion(publicationsOf(store), report.doc.reportMonth);
  if (latest === undefined || latest.figures_sha256 !== report.figuresSha256) return null;
  const { document } = store.sqlite.prepare('SELECT document FROM pub_publications WHERE pub_id = ?').get(latest.pub_id) as { document: string };
  return { pubId: latest.pub_id, reportMonth: latest.report_month, version: latest.version, isNew: false, document: JSON.parse(document) as MetricsDocument, documentText: document };
}

/**
 * Records `report` as a publication, in one transaction: its document, the
 * snapshot of the facts it was computed from, and its restatements. Refuses
 * when the facts changed since the report was computed (another transform
 * ran in between), since the snapshot would not be what the figures say.
 */
export function publish(store: PsaDatabase, report: Report): Publication {
  const { sqlite } = store;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const existing = existingPublication(store, report);
    if (existing !== null) {
      sqlite.exec('COMMIT');
      return existing;
    }
    const run = sqlite.prepare('SELECT max(run_id) AS id FROM transform_runs').get() as { id: number | null };
    if (run.id !== report.transformRunId) {
      throw new PublicationError(`the facts changed while the report was made (transform run ${run.id} after ${report.transformRunId}): run again`);
    }
    const doc = report.doc;
    const latest = latestVersion(publicationsOf(store), doc.reportMonth);
    const version = (latest?.version ?? 0) + 1;
    const documentText = stableJson(doc);
    const { lastInsertRowid } = sqlite
      .prepare(
        `INSERT INTO pub_publications (report_month, version, as_of, window_start, window_end, exports, rules_sha256, transform_run_id,
           figures_sha256, document, tickets, published_at, psa_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(
        doc.reportMonth,
        version,
        doc.asOf,
        doc.window[0]!,
        doc.window[doc.window.length - 1]!,
        JSON.stringify(doc.provenance.exports),
        doc.provenance.rulesSha256,
        report.transformRunId,
        report.figuresSha256,
        documentText,
        formatUtc(Date.now()),
        PSA_VERSION,
      );
    const pubId = Number(lastInsertRowid);
    const tickets = writeSnapshot(store, pubId);
    sqlite.prepare('UPDATE pub_publications SET tickets = ? WHERE pub_id = ?').run(tickets, pubId);

    const restatement = sqlite.prepare(
      `INSERT INTO pub_restatements (pub_id, baseline_pub_id, month, figure, published_value, new_value, difference, rules_changed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ticket = sqlite.prepare('INSERT INTO pub_restatement_tickets (restatement_id, ticket_number, contribution, reason, detail) VALUES (?, ?, ?, ?, ?)');
    for (const d of report.restatementDetails) {
      const f = d.figure;
      const id = restatement.run(pubId, d.baselinePubId, f.month, f.figure, f.published, f.value, f.difference, f.rulesChanged ? 1 : 0).lastInsertRowid;
      for (const t of d.tickets) ticket.run(id, t.ticketNumber, t.contribution, t.reason, t.detail);
    }
    sqlite.exec('COMMIT');
    return { pubId, reportMonth: doc.reportMonth, version, isNew: true, document: doc, documentText };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** Every publication, newest report month first, then newest version first. */
export interface PublicationSummary {
  readonly pubId: number;
  readonly reportMonth: string;
  readonly version: number;
  readonly asOf: string;
  readonly exports: readonly { readonly file: string; readonly sha256: string; readonly rows: number }[];
  readonly rulesSha256: string;
  readonly restatedFigures: number;
}

export function listPublications({ sqlite }: PsaDatabase): PublicationSummary[] {
  const rows = sqlite
    .prepare(
      `SELECT p.pub_id, p.report_month, p.version, p.as_of, p.exports, p.rules_sha256,
              (SELECT count(*) FROM pub_restatements r WHERE r.pub_id = p.pub_id) AS restated
       FROM pub_publications p ORDER BY p.report_month DESC, p.version DESC`,
    )
    .all() as { pub_id: number; report_month: string; version: number; as_of: string; exports: string; rules_sha256: string; restated: number }[];
  return rows.map((r) => ({
    pubId: r.pub_id,
    reportMonth: r.report_month,
    version: r.version,
    asOf: r.as_of,
    exports: JSON.parse(r.exports),
    rulesSha256: r.rules_sha256,
    restatedFigures: r.restated,
  }));
}
