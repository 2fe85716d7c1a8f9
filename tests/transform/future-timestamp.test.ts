/**
 * A timestamp far in the future (issue 13, case 3): a mistyped year (2042)
 * is a FUTURE_TIMESTAMP finding and never moves the as-of instant or the
 * report month (METRICS.md TIME-4, version 2); `--as-of` sets the instant
 * by hand. The export's own date is recorded per load (raw_loads.export_date).
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dateInFileName, exportDateOf } from '../../core/export-date.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { migrationProvider } from '../../store/migrations/index.ts';
import { openDatabase } from '../../store/open.ts';
import { DEFAULT_RULES_PATH } from '../../transform/rules.ts';
import { latestReportFolder, reportFolder, runPsa, tempDir } from '../helpers.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Prioritet;Firma;Opprettet;Endret;Løst;Lukket';
const OCTOBER = [
  '1;Skriver;Feil;Løst;Kritisk;Molde kommune;01.10.2024 10:00;31.10.2024 16:00;01.10.2024 11:00;',
  '2;Tilgang;Forespørsel;Under arbeid;Normal;Aukra kommune;15.10.2024 10:00;30.10.2024 10:00;;',
];
const MISTYPED = '3;Treg PC;Feil;Løst;Normal;Rauma kommune;20.10.2024 10:00;21.10.2042 10:00;21.10.2024 09:00;';

function writeExport(dir: string, name: string, rows: readonly string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
}

function query<T>(db: string, sql: string): T[] {
  const sqlite = new SQLite(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all() as T[];
  } finally {
    sqlite.close();
  }
}

describe('the export date (raw_loads.export_date)', () => {
  const loaded = Date.parse('2026-01-05T12:00:00Z');

  it('comes from a date in the file name: the end of that day in the zone', () => {
    expect(dateInFileName('pureservice-export-2024-10-31.csv')).toEqual([2024, 10, 31]);
    expect(dateInFileName('export_20241031.xlsx')).toEqual([2024, 10, 31]);
    expect(dateInFileName('eksport 2024_10_31 (2).csv')).toEqual([2024, 10, 31]);
    expect(dateInFileName('export-2024-02-30.csv')).toBeNull();
    expect(dateInFileName('saker-123420241031999.csv')).toBeNull();
    expect(exportDateOf('pureservice-export-2024-10-31.csv', 0, loaded, 'Europe/Oslo')).toEqual({ instant: '2024-10-31T23:00:00Z', source: 'file-name' });
    expect(exportDateOf('pureservice-export-2024-06-30.csv', 0, loaded, 'Europe/Oslo')).toEqual({ instant: '2024-06-30T22:00:00Z', source: 'file-name' });
  });

  it("else from the file's modification time; never after the load", () => {
    const mtime = Date.parse('2024-11-04T07:30:00Z');
    expect(exportDateOf('saker.csv', mtime, loaded, 'Europe/Oslo')).toEqual({ instant: '2024-11-04T07:30:00Z', source: 'modified-time' });
    expect(exportDateOf('saker.csv', loaded + 1000, loaded, 'Europe/Oslo')).toEqual({ instant: '2026-01-05T12:00:00Z', source: 'load-time' });
    expect(exportDateOf('export-2030-01-01.csv', mtime, loaded, 'Europe/Oslo')).toEqual({ instant: '2026-01-05T12:00:00Z', source: 'load-time' });
  });

  it('is filled in for loads made before it was recorded (migration 0004-export-date)', async () => {
    const path = join(tempDir(), 'old.sqlite');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0003-metrics');
    expect(error).toBeUndefined();
    const load = (id: number, name: string) =>
      `INSERT INTO raw_loads (load_id, file_name, file_path, sha256, size_bytes, encoding, delimiter, headers, column_map, time_zone, rows_read, rows_loaded, rows_rejected, tickets_inserted, tickets_updated, tickets_unchanged, blank_lines, started_at, finished_at, psa_version)
       VALUES (${id}, '${name}', '/x/${name}', 'sha${id}', 1, 'utf-8', ';', '[]', '{}', 'Europe/Oslo', 0, 0, 0, 0, 0, 0, 0, '2024-11-05T10:00:00Z', '2024-11-05T10:00:01Z', '0.1.0')`;
    await db.destroy();
    const raw = new SQLite(path);
    raw.exec(`${load(1, 'pureservice-export-2024-10-31.csv')}; ${load(2, 'saker.csv')}`);
    raw.close();
    const store = await openDatabase(path);
    try {
      expect(store.sqlite.prepare('SELECT load_id, export_date, export_date_source FROM raw_loads ORDER BY load_id').all()).toEqual([
        { load_id: 1, export_date: '2024-10-31T23:00:00Z', export_date_source: 'file-name' },
        { load_id: 2, export_date: '2024-11-05T10:00:00Z', export_date_source: 'load-time' },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('FUTURE_TIMESTAMP (TIME-4)', () => {
  it('a mistyped year does not move the as-of instant or the report month, and the run says so', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'pureservice-export-2024-10-31.csv', [...OCTOBER, MISTYPED]);
    const out = join(dir, 'report');
    const result = await runPsa(['run', file, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\[2\/5\] transform {2}3 tickets \(full: first transform\), \d+ findings; 1 with a timestamp after the export's date \(FUTURE_TIMESTAMP\), left out of the as-of instant/);
    expect(result.stdout).toContain("note: 1 ticket has a timestamp more than futureTimestampMarginDays after the export's date (FUTURE_TIMESTAMP, a typing error?); left out of the as-of instant");
    const doc = JSON.parse(readFileSync(join(latestReportFolder(out), 'metrics.json'), 'utf8')) as MetricsDocument;
    expect(doc.asOf).toBe('2024-10-31T23:00:00Z');
    expect(doc.reportMonth).toBe('2024-10');
    expect(doc.provenance.metrics['TIME-4']).toBe(2);
    expect(doc.dataQuality.byRule.FUTURE_TIMESTAMP).toBe(1);
    // The ticket still counts where its other timestamps put it (created in October).
    expect(doc.monthly.at(-1)!.new.total).toBe(3);
    const db = join(out, 'psa.sqlite');
    expect(query(db, 'SELECT export_date, export_date_source FROM raw_loads')).toEqual([{ export_date: '2024-10-31T23:00:00Z', export_date_source: 'file-name' }]);
    expect(query(db, "SELECT ticket_number, message, details FROM fct_findings WHERE rule = 'FUTURE_TIMESTAMP'")).toEqual([
      {
        ticket_number: 3,
        message: "modified 2042-10-21T08:00:00Z is more than 1 day after the export's date 2024-10-31T23:00:00Z; a typing error? Left out of the as-of instant (TIME-4)",
        details: JSON.stringify({ columns: ['modified'], values: ['2042-10-21T08:00:00Z'], exportDate: '2024-10-31T23:00:00Z', marginDays: 1 }),
      },
    ]);
    expect(query(db, 'SELECT data_until FROM transform_runs')).toEqual([{ data_until: '2024-10-31T15:00:00Z' }]);
  });

  it("without a date in the file name, against the file's modification time, with the rules' margin", async () => {
    const dir = tempDir();
    const rows = [...OCTOBER, '4;Nett;Feil;Løst;Normal;Molde kommune;02.11.2024 10:00;03.11.2024 10:00;03.11.2024 10:00;', '5;Nett;Feil;Løst;Normal;Molde kommune;04.11.2024 10:00;09.11.2024 10:00;09.11.2024 10:00;'];
    const file = writeExport(dir, 'saker.csv', rows);
    utimesSync(file, new Date('2024-11-02T12:00:00Z'), new Date('2024-11-02T12:00:00Z'));
    const db = join(dir, 'psa.sqlite');
    expect((await runPsa(['ingest', file, '--db', db])).code).toBe(0);
    expect(query(db, 'SELECT export_date, export_date_source FROM raw_loads')).toEqual([{ export_date: '2024-11-02T12:00:00Z', export_date_source: 'modified-time' }]);
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    // Ticket 4 (3 November) is within a day of the export; ticket 5 (4 and 9 November) is not.
    expect(query(db, "SELECT ticket_number, details FROM fct_findings WHERE rule = 'FUTURE_TIMESTAMP'").map((r) => (r as { ticket_number: number }).ticket_number)).toEqual([5]);
    const wide = join(dir, 'rules.yaml');
    writeFileSync(wide, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('futureTimestampMarginDays: 1', 'futureTimestampMarginDays: 10'));
    expect((await runPsa(['transform', '--db', db, '--rules', wide])).code).toBe(0);
    expect(query(db, "SELECT count(*) AS n FROM fct_findings WHERE rule = 'FUTURE_TIMESTAMP'")).toEqual([{ n: 0 }]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('futureTimestampMarginDays: 1', 'futureTimestampMarginDays: -1'));
    const refused = await runPsa(['transform', '--db', db, '--rules', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/futureTimestampMarginDays: expected a number of days, 0 or more, got -1/);
  });

  it('when every timestamp is in the future, metrics ask for --as-of', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'pureservice-export-2024-10-31.csv', ['1;Skriver;Feil;Løst;Normal;Molde kommune;01.10.2042 10:00;02.10.2042 10:00;02.10.2042 10:00;']);
    const out = join(dir, 'report');
    const result = await runPsa(['run', file, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("psa: run: every timestamp in the data is more than futureTimestampMarginDays after its export's date (FUTURE_TIMESTAMP), so the data give no as-of instant: give one with --as-of\n");
    const given = await runPsa(['metrics', '--db', join(out, 'psa.sqlite'), '--out', '-', '--as-of', '2024-11-01']);
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ asOf: '2024-10-31T23:00:00Z', reportMonth: '2024-10' });
  });
});

describe('--as-of (TIME-4)', () => {
  it('sets the as-of instant and so the report month, for metrics, dashboard and run', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'pureservice-export-2024-10-31.csv', OCTOBER);
    const out = join(dir, 'report');
    const run = await runPsa(['run', file, '--out', out, '--as-of', '2024-10-01']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(reportFolder(out, '2024-09'), 'metrics.json'), 'utf8'))).toMatchObject({ asOf: '2024-09-30T22:00:00Z', reportMonth: '2024-09' });
    const db = join(out, 'psa.sqlite');
    const instant = await runPsa(['metrics', '--db', db, '--out', '-', '--as-of', '2024-11-01T00:00:00+01:00']);
    expect(JSON.parse(instant.stdout)).toMatchObject({ asOf: '2024-10-31T23:00:00Z', reportMonth: '2024-10' });
    const dashboard = await runPsa(['dashboard', '--db', db, '--out', join(dir, 'september'), '--as-of', '2024-10-01']);
    expect(dashboard.code, dashboard.stderr).toBe(0);
    expect(dashboard.stdout).toContain('Report month 2024-09 (window 2023-09 to 2024-09, as of 2024-09-30T22:00:00Z)');
  });

  it('refuses what is no date or instant, and a report month the as-of instant has not ended (exit 2)', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'pureservice-export-2024-10-31.csv', OCTOBER);
    const db = join(dir, 'psa.sqlite');
    expect((await runPsa(['ingest', file, '--db', db])).code).toBe(0);
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    for (const bad of ['2024-13-01', '1.11.2024', '2024-11-01T00:00']) {
      const r = await runPsa(['metrics', '--db', db, '--out', '-', '--as-of', bad]);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toBe(`psa: metrics: --as-of expects a date YYYY-MM-DD (local midnight starting it) or an instant such as 2024-11-01T00:00:00+01:00, got ${JSON.stringify(bad)}\n`);
    }
    const early = await runPsa(['metrics', '--db', db, '--out', '-', '--as-of', '2024-10-15', '--month', '2024-10']);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe('psa: metrics: --month 2024-10: 2024-10 has not ended by the as-of instant 2024-10-14T22:00:00Z (given by --as-of): the latest month to report on is 2024-09\n');
  });
});
