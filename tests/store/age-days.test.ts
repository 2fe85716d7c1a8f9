/**
 * Migration 0010 gives every fact `age_from_day` (AGE-1: the local day of
 * the first local midnight at or after its creation). Facts transformed
 * before it get it from their `created` instant in the time zone of the
 * rules they were made with, exactly as the transform writes it, so AGE-1
 * is the same without a new transform.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, runPsa, tempDir } from '../helpers.ts';

type Day = { ticket_number: number; age_from_day: number | null };

/** The facts' age_from_day after a transform, and after the database is taken back to before migration 0010 and opened again. */
async function beforeAndAfter(rulesZone?: string): Promise<{ written: Day[]; migrated: Day[]; metricsBefore: string; metricsAfter: string }> {
  const dir = tempDir();
  const db = join(dir, 'psa.sqlite');
  const rulesArgs: string[] = [];
  if (rulesZone !== undefined) {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, readFileSync(join(ROOT, 'transform/default-rules.yaml'), 'utf8').replace('timeZone: Europe/Oslo', `timeZone: ${rulesZone}`));
    rulesArgs.push('--rules', rules);
  }
  expect((await runPsa(['ingest', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--db', db])).code).toBe(0);
  const transform = await runPsa(['transform', '--db', db, ...rulesArgs]);
  expect(transform.code, transform.stderr).toBe(0);
  const before = await runPsa(['metrics', '--db', db, '--out', '-']);
  expect(before.code, before.stderr).toBe(0);
  const read = (sqlite: SQLite.Database) => sqlite.prepare('SELECT ticket_number, age_from_day FROM fct_tickets ORDER BY ticket_number').all() as Day[];
  const sqlite = new SQLite(db);
  let written: Day[];
  try {
    written = read(sqlite);
    sqlite.exec(
      "DROP VIEW v_open_age_by_month; DROP VIEW v_reopened_by_month; DROP VIEW v_response_by_month; DROP INDEX fct_tickets_by_created_month; DROP INDEX fct_tickets_by_resolved_month;" +
        "ALTER TABLE fct_tickets DROP COLUMN age_from_day; DELETE FROM kysely_migration WHERE name = '0010-age-days';" +
        'CREATE INDEX fct_tickets_by_created_month ON fct_tickets (counted, created_month, ticket_class, municipality, resolved_month, naive_resolved_month, report_category, security_alert_source);' +
        'CREATE INDEX fct_tickets_by_resolved_month ON fct_tickets (counted, resolved_month, ticket_class, priority, resolution_hours, resolution_service_hours, is_old_case, resolution_met, response_met);' +
        'CREATE INDEX fct_tickets_backlog ON fct_tickets (counted, resolved_month); CREATE INDEX fct_tickets_with_response ON fct_tickets (counted, resolved_month)',
    );
  } finally {
    sqlite.close();
  }
  const after = await runPsa(['metrics', '--db', db, '--out', '-']);
  expect(after.code, after.stderr).toBe(0);
  const reopened = new SQLite(db, { readonly: true });
  try {
    const indexes = reopened.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'fct_tickets' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['fct_tickets_by_created_month', 'fct_tickets_by_resolved_month', 'fct_tickets_with_resolution_target']);
    return { written, migrated: read(reopened), metricsBefore: before.stdout, metricsAfter: after.stdout };
  } finally {
    reopened.close();
  }
}

describe('migration 0010: age_from_day in fct_tickets (AGE-1)', () => {
  it('fills it in a database transformed before it as the transform writes it, and AGE-1 stays the same', async () => {
    const { written, migrated, metricsBefore, metricsAfter } = await beforeAndAfter();
    expect(written.length).toBeGreaterThan(17_000);
    expect(written.every((d) => d.age_from_day !== null)).toBe(true);
    expect(migrated).toEqual(written);
    expect(JSON.parse(metricsAfter)).toEqual(JSON.parse(metricsBefore));
  }, 120_000);

  it('reads the local days in the time zone of the rules the facts were made with', async () => {
    const { written, migrated } = await beforeAndAfter('America/New_York');
    expect(migrated).toEqual(written);
    // Some ticket's first midnight differs from Oslo's: the zone was not ignored.
    const oslo = await beforeAndAfter();
    expect(oslo.written.some((d, i) => d.age_from_day !== written[i]!.age_from_day)).toBe(true);
  }, 180_000);
});
