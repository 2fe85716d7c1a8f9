/**
 * Publications and restatements (issue 15). A publication freezes what a
 * report said: its metrics document and a per-ticket snapshot of the facts
 * its figures depend on. A restatement is a figure of an earlier published
 * month that a later report gives differently, with the tickets behind the
 * difference and why each changed.
 *
 * The snapshot table is WITHOUT ROWID, keyed by (publication, ticket), so a
 * publication's tickets are stored together in ticket order and two
 * snapshots compare by a merge along the key.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pub_publications (
      pub_id INTEGER PRIMARY KEY,
      report_month TEXT NOT NULL,
      version INTEGER NOT NULL,
      as_of TEXT NOT NULL,
      window_start TEXT NOT NULL,
      window_end TEXT NOT NULL,
      exports TEXT NOT NULL,
      rules_sha256 TEXT NOT NULL,
      transform_run_id INTEGER,
      figures_sha256 TEXT NOT NULL,
      document TEXT NOT NULL,
      tickets INTEGER NOT NULL,
      published_at TEXT NOT NULL,
      psa_version TEXT NOT NULL,
      UNIQUE (report_month, version)
    )`.execute(db);

  await sql`
    CREATE TABLE pub_tickets (
      pub_id INTEGER NOT NULL REFERENCES pub_publications (pub_id),
      ticket_number INTEGER NOT NULL,
      ticket_class TEXT NOT NULL,
      status_class TEXT NOT NULL,
      counted INTEGER NOT NULL,
      deletion TEXT,
      created TEXT NOT NULL,
      created_month TEXT NOT NULL,
      resolved TEXT,
      resolved_month TEXT,
      naive_resolved TEXT,
      naive_resolved_month TEXT,
      report_category TEXT NOT NULL,
      municipality TEXT NOT NULL,
      priority TEXT,
      security_alert_source TEXT,
      resolution_hours REAL,
      resolution_service_hours REAL,
      is_old_case INTEGER,
      response_hours REAL,
      response_service_hours REAL,
      resolution_met INTEGER,
      response_met INTEGER,
      resolution_due TEXT,
      reopened_count INTEGER,
      PRIMARY KEY (pub_id, ticket_number)
    ) WITHOUT ROWID`.execute(db);

  await sql`
    CREATE TABLE pub_restatements (
      restatement_id INTEGER PRIMARY KEY,
      pub_id INTEGER NOT NULL REFERENCES pub_publications (pub_id),
      baseline_pub_id INTEGER NOT NULL REFERENCES pub_publications (pub_id),
      month TEXT NOT NULL,
      figure TEXT NOT NULL,
      published_value REAL,
      new_value REAL,
      difference REAL,
      rules_changed INTEGER NOT NULL,
      UNIQUE (pub_id, month, figure)
    )`.execute(db);

  await sql`
    CREATE TABLE pub_restatement_tickets (
      restatement_id INTEGER NOT NULL REFERENCES pub_restatements (restatement_id),
      ticket_number INTEGER NOT NULL,
      contribution INTEGER,
      reason TEXT NOT NULL,
      detail TEXT NOT NULL,
      PRIMARY KEY (restatement_id, ticket_number)
    ) WITHOUT ROWID`.execute(db);

  await sql`
    CREATE VIEW v_restatements AS
    SELECT p.report_month, p.version, b.report_month AS baseline_report_month, b.version AS baseline_version,
           r.month, r.figure, r.published_value, r.new_value, r.difference, r.rules_changed,
           t.ticket_number, t.contribution, t.reason, t.detail
    FROM pub_restatements r
    JOIN pub_publications p ON p.pub_id = r.pub_id
    JOIN pub_publications b ON b.pub_id = r.baseline_pub_id
    LEFT JOIN pub_restatement_tickets t ON t.restatement_id = r.restatement_id`.execute(db);
}
