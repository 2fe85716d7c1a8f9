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
