/**
 * Migration 0007 adds the created instant and the status text to
 * fct_tickets (SLA-4's lists read them from the facts, not from staging).
 * A database transformed before it gets them from stg_tickets when it is
 * opened, so its metrics are the same without a new transform.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, runPsa, tempDir } from '../helpers.ts';

describe('migration 0007: created and status in fct_tickets', () => {
  it('fills them from stg_tickets in a database transformed before it, and metrics stay the same', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    expect((await runPsa(['ingest', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--db', db])).code).toBe(0);
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    const before = await runPsa(['metrics', '--db', db, '--out', '-', '--include-subjects']);
    expect(before.code, before.stderr).toBe(0);

    const sqlite = new SQLite(db);
    try {
      const differing = 'SELECT count(*) AS n FROM fct_tickets f JOIN stg_tickets s USING (ticket_number) WHERE f.created IS NOT s.created OR f.status IS NOT s.status';
      // The transform wrote them.
      expect(sqlite.prepare(differing).get()).toEqual({ n: 0 });
      // The database as it was before migration 0007.
      // (Migrations 0010 and 0008 came after it: their indexes, views and columns go first.)
      sqlite.exec(
        "DROP VIEW v_open_age_by_month; DROP VIEW v_reopened_by_month; DROP VIEW v_response_by_month; DROP INDEX fct_tickets_by_created_month; DROP INDEX fct_tickets_by_resolved_month; ALTER TABLE fct_tickets DROP COLUMN age_from_day; DELETE FROM kysely_migration WHERE name = '0010-age-days';" +
          "CREATE INDEX fct_tickets_by_created_month ON fct_tickets (counted, created_month, ticket_class, municipality, resolved_month, naive_resolved_month, report_category, security_alert_source);" +
          "CREATE INDEX fct_tickets_by_resolved_month ON fct_tickets (counted, resolved_month, ticket_class, priority, resolution_hours, resolution_service_hours, is_old_case, resolution_met, response_met);" +
          "CREATE INDEX fct_tickets_backlog ON fct_tickets (counted); CREATE INDEX fct_tickets_with_response ON fct_tickets (counted)",
      );
      sqlite.exec(
        "DROP INDEX fct_tickets_backlog; DROP INDEX fct_tickets_with_response; ALTER TABLE fct_tickets DROP COLUMN reopened; DELETE FROM kysely_migration WHERE name = '0008-backlog'",
      );
      sqlite.exec("ALTER TABLE fct_tickets DROP COLUMN created; ALTER TABLE fct_tickets DROP COLUMN status; DELETE FROM kysely_migration WHERE name = '0007-fact-created-status'");
    } finally {
      sqlite.close();
    }

    const after = await runPsa(['metrics', '--db', db, '--out', '-', '--include-subjects']);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    const reopened = new SQLite(db, { readonly: true });
    try {
      expect(reopened.prepare('SELECT count(*) AS n FROM fct_tickets f JOIN stg_tickets s USING (ticket_number) WHERE f.created IS NOT s.created OR f.status IS NOT s.status').get()).toEqual({ n: 0 });
      expect((reopened.prepare("SELECT count(*) AS n FROM fct_tickets WHERE created = '' OR status = ''").get() as { n: number }).n).toBe(0);
      // The SLA-4 lists of the sample are not empty, so the comparison above covered them.
      expect((JSON.parse(after.stdout) as { criticalAndHigh: unknown[] }).criticalAndHigh.length).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
  }, 120_000);
});
