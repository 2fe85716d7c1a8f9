/** `psa transform` on a database: the tables it rebuilds, its summary, and what it does on failure. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeScaleExport } from '../../fixtures/scale-export.ts';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { openDatabase } from '../../store/open.ts';
import { FINDING_RULE_NAMES } from '../../transform/messages.ts';
import { DEFAULT_RULES_PATH, loadRules } from '../../transform/rules.ts';
import { transformDatabase } from '../../transform/transform-database.ts';
import { fixture, runPsa, tempDir } from '../helpers.ts';

const EXPORTS = ['utf8-bom-semicolon.csv', 'windows-1252-crlf.csv', 'api-names-comma-iso.csv', 'multiline-subjects.csv'].map((f) => fixture('ingest', f));

async function loadedDatabase(files: readonly string[] = EXPORTS): Promise<string> {
  const db = join(tempDir(), 'psa.sqlite');
  const result = await runPsa(['ingest', ...files, '--db', db]);
  expect(result.code, result.stderr).toBe(0);
  return db;
}

/** Every derived table's rows, for comparing states of a database. */
function derivedTables(path: string): Record<string, unknown[]> {
  const db = new SQLite(path, { readonly: true });
  try {
    return Object.fromEntries(
      ['fct_tickets', 'fct_findings', 'dim_priorities'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
    );
  } finally {
    db.close();
  }
}

function query<T>(path: string, sql: string): T[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('psa transform', () => {
  it('derives one fact row per ticket, and its summary adds up with the tables', async () => {
    const db = await loadedDatabase();
    const result = await runPsa(['transform', '--db', db, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const tickets = query<{ n: number }>(db, 'SELECT count(*) AS n FROM stg_tickets')[0]!.n;
    expect(summary.tickets).toBe(tickets);
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM fct_tickets')[0]!.n).toBe(tickets);
    expect(summary.byClass.incident + summary.byClass.request + summary.byClass.other).toBe(tickets);
    const r = summary.resolution;
    expect(r.export + r.closed + r.modified + r.created + r.open).toBe(tickets);
    expect(Object.keys(summary.findingsByRule)).toEqual(FINDING_RULE_NAMES);
    const byRule = query<{ rule: string; n: number }>(db, 'SELECT rule, count(*) AS n FROM fct_findings GROUP BY rule');
    for (const { rule, n } of byRule) expect(summary.findingsByRule[rule], rule).toBe(n);
    expect(Object.values(summary.findingsByRule).reduce((a: number, b) => a + (b as number), 0)).toBe(summary.findings);
    expect(summary.rulesFile).toBe('default');
    expect(summary.rulesSha256).toBe(createHash('sha256').update(readFileSync(DEFAULT_RULES_PATH)).digest('hex'));
    const [run] = query<Record<string, unknown>>(db, 'SELECT * FROM transform_runs');
    expect(run).toMatchObject({ run_id: 1, rules_file: 'default', rules_sha256: summary.rulesSha256, tickets, findings: summary.findings, last_load_id: 4 });
    expect(run!.rules_text).toBe(readFileSync(DEFAULT_RULES_PATH, 'utf8'));
    expect(query(db, 'SELECT priority, calendar, response_target_hours, resolution_target_hours FROM dim_priorities ORDER BY sort_order')).toEqual([
      { priority: 'Kritisk', calendar: 'service', response_target_hours: 0.25, resolution_target_hours: 2 },
      { priority: 'Høy', calendar: 'service', response_target_hours: 1, resolution_target_hours: 4 },
      { priority: 'Normal', calendar: 'service', response_target_hours: null, resolution_target_hours: null },
      { priority: 'Lav', calendar: 'service', response_target_hours: null, resolution_target_hours: null },
    ]);
  });

  it('prints a readable summary with findings per rule', async () => {
    const db = await loadedDatabase();
    const result = await runPsa(['transform', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Transformed \d+ tickets \(full: first transform\) in \d+\.\d s with rules default \(sha256 [0-9a-f]{12}…\)\.\n/);
    expect(result.stdout).toContain('\n  classes: incident 6, request 4, other 0\n  counted in metrics: 9 (incident and request, less 1 marked for deletion)\n');
    expect(result.stdout).toContain('\n    MARKED_FOR_DELETION             1  marked for deletion: excluded from every metric (STATUS-2)\n');
    expect(result.stdout).toMatch(/See fct_findings in the database for every ticket and why\.\n$/);
  });

  it('records the latest timestamp it read (TIME-4) and keeps the indexes on fct_tickets, an analyst\'s too', async () => {
    const db = await loadedDatabase();
    const latest = query<{ t: string }>(
      db,
      `SELECT max(t) AS t FROM (SELECT max(created) AS t FROM stg_tickets UNION ALL SELECT max(modified) FROM stg_tickets
         UNION ALL SELECT max(responded) FROM stg_tickets UNION ALL SELECT max(resolved) FROM stg_tickets UNION ALL SELECT max(closed) FROM stg_tickets)`,
    )[0]!.t;
    const analyst = new SQLite(db);
    analyst.exec('CREATE INDEX my_index ON fct_tickets (priority, municipality)');
    analyst.close();
    const indexes = () => query<{ name: string; sql: string }>(db, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'fct_tickets' ORDER BY name`);
    const before = indexes();
    expect(before.map((i) => i.name)).toEqual(['fct_tickets_by_created_month', 'fct_tickets_by_resolved_month', 'fct_tickets_with_resolution_target', 'my_index']);
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    expect(indexes()).toEqual(before);
    expect(query(db, 'SELECT data_until FROM transform_runs')).toEqual([{ data_until: latest }]);
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('gives identical tables when run twice; the second run, with nothing changed, writes nothing; --full rebuilds and logs the run', async () => {
    const db = await loadedDatabase();
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    const first = derivedTables(db);
    const again = await runPsa(['transform', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Transformed 10 tickets \(incremental: nothing changed, nothing written\) in /);
    expect(derivedTables(db)).toEqual(first);
    expect(query(db, 'SELECT run_id, mode, tickets_transformed FROM transform_runs')).toEqual([{ run_id: 1, mode: 'full', tickets_transformed: 10 }]);
    const full = await runPsa(['transform', '--db', db, '--full']);
    expect(full.stdout).toMatch(/^Transformed 10 tickets \(full: --full\) in /);
    expect(derivedTables(db)).toEqual(first);
    expect(query(db, 'SELECT run_id, mode, tickets_transformed FROM transform_runs')).toEqual([
      { run_id: 1, mode: 'full', tickets_transformed: 10 },
      { run_id: 2, mode: 'full', tickets_transformed: 10 },
    ]);
  });

  it('uses a rules file given with --rules and records its hash', async () => {
    const db = await loadedDatabase();
    const rulesPath = join(tempDir(), 'rules.yaml');
    const text = readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('incident: [Feil, Feilmelding', 'incident: [Feilmelding').replace('request: [Forespørsel', 'request: [Feil, Forespørsel');
    writeFileSync(rulesPath, text);
    const result = await runPsa(['transform', '--db', db, '--rules', rulesPath, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rulesFile: rulesPath, rulesSha256: createHash('sha256').update(text).digest('hex') });
    expect(query(db, "SELECT DISTINCT f.ticket_class FROM fct_tickets f JOIN stg_tickets s USING (ticket_number) WHERE s.ticket_type = 'Feil'")).toEqual([{ ticket_class: 'request' }]);
  });

  it('rejects a bad rules file with its line and column, and changes nothing', async () => {
    const db = await loadedDatabase();
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    const before = derivedTables(db);
    const rulesPath = join(tempDir(), 'bad.yaml');
    writeFileSync(rulesPath, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('resolutionHours: 2\n', 'resolutionHours: two\n'));
    const result = await runPsa(['transform', '--db', db, '--rules', rulesPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^psa: transform: bad\.yaml: a problem in the rules file\n {2}bad\.yaml:\d+:22: priorities\[0\]\.resolutionHours: expected a number of hours above 0, got "two"\n$/);
    expect(derivedTables(db)).toEqual(before);
    expect(query(db, 'SELECT count(*) AS n FROM transform_runs')).toEqual([{ n: 1 }]);
  });

  it('says what to do when there is no database or nothing loaded', async () => {
    const dir = tempDir();
    const missing = await runPsa(['transform', '--db', join(dir, 'none.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database at');
    const empty = join(dir, 'empty.sqlite');
    await (await openDatabase(empty)).close();
    const nothing = await runPsa(['transform', '--db', empty]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toBe('psa: transform: the database holds no tickets: load an export with psa ingest first; nothing was changed\n');
    expect((await runPsa(['transform'])).code).toBe(2);
  });

  it('stops with the ticket and column when a stored value is not a timestamp, changing nothing', async () => {
    const db = await loadedDatabase();
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    const before = derivedTables(db);
    const sqlite = new SQLite(db);
    const [{ n }] = sqlite.prepare('SELECT min(ticket_number) AS n FROM stg_tickets').all() as [{ n: number }];
    sqlite.prepare("UPDATE stg_tickets SET created = '11.10.2024 08:00' WHERE ticket_number = ?").run(n);
    sqlite.close();
    const result = await runPsa(['transform', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`psa: transform: ticket ${n}: stg_tickets.created is "11.10.2024 08:00", not a UTC timestamp YYYY-MM-DDTHH:MM:SSZ; nothing was changed\n`);
    expect(derivedTables(db)).toEqual(before);
  });

  it('says so when another process holds the write lock, and changes nothing', async () => {
    const db = await loadedDatabase();
    const writer = new SQLite(db);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const result = await runPsa(['transform', '--db', db]);
      expect(result.code).toBe(4);
      expect(result.stderr).toBe(`psa: transform: ${db} is busy: another process (a load or a transform?) held it for more than 5 s; nothing was changed: try again when it is done\n`);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(query(db, 'SELECT count(*) AS n FROM fct_tickets')).toEqual([{ n: 0 }]);
  });

  it('shows the export and the facts side by side in v_tickets', async () => {
    const db = await loadedDatabase();
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    const rows = query<Record<string, unknown>>(db, 'SELECT * FROM v_tickets WHERE findings IS NOT NULL ORDER BY ticket_number LIMIT 1');
    expect(rows[0]).toMatchObject({ ticket_number: expect.any(Number), ticket_class: expect.any(String), findings: expect.stringMatching(/^[A-Z_]+( [A-Z_]+)*$/) });
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM v_tickets')[0]!.n).toBe(query<{ n: number }>(db, 'SELECT count(*) AS n FROM stg_tickets')[0]!.n);
  });
});

describe('classifying in a worker thread (large databases)', () => {
  it('gives the same tables and summary as classifying in the main thread', async () => {
    const db = await loadedDatabase([fixture('sample', 'pureservice-export-2024-10-31.csv')]);
    const rules = loadRules();
    const store = await openDatabase(db);
    try {
      const inThread = await transformDatabase(store, rules, { parallel: false });
      const tables = derivedTables(db);
      const inWorker = await transformDatabase(store, rules, { parallel: true, full: true });
      expect(derivedTables(db)).toEqual(tables);
      expect([inThread.fullReason, inWorker.fullReason]).toEqual(['first', 'asked']);
      const { runId: _a, seconds: _b, fullReason: _e, ...a } = inThread;
      const { runId: _c, seconds: _d, fullReason: _f, ...b } = inWorker;
      expect(b).toEqual(a);
      expect(a.tickets).toBe(17_284);
    } finally {
      await store.close();
    }
  });

  it('stops with the worker\'s error and changes nothing', async () => {
    const db = await loadedDatabase();
    const rules = loadRules();
    const store = await openDatabase(db);
    try {
      await transformDatabase(store, rules, { parallel: false });
      const before = derivedTables(db);
      store.sqlite.prepare("UPDATE stg_tickets SET responded = 'soon' WHERE ticket_number = (SELECT max(ticket_number) FROM stg_tickets)").run();
      await expect(transformDatabase(store, rules, { parallel: true })).rejects.toThrow(/^ticket \d+: stg_tickets\.responded is "soon", not a UTC timestamp/);
      expect(derivedTables(db)).toEqual(before);
    } finally {
      await store.close();
    }
  });
});

describe('a transform that fails part-way', () => {
  it.each([false, true])('leaves the previous tables exactly as they were (worker thread: %s)', async (parallel) => {
    const dir = tempDir();
    const csv = join(dir, 'export.csv');
    await writeScaleExport(csv, { rows: 10_000 });
    const db = join(dir, 'psa.sqlite');
    await ingestFiles(db, [csv], {});
    const rules = loadRules();
    const store = await openDatabase(db);
    try {
      await transformDatabase(store, rules);
      const before = derivedTables(db);
      let pages = 0;
      await expect(
        transformDatabase(store, rules, {
          parallel,
          full: true,
          onProgress: () => {
            if (++pages === 2) throw new Error('disk full');
          },
        }),
      ).rejects.toThrow('disk full');
      expect(pages).toBe(2);
      expect(derivedTables(db)).toEqual(before);
      expect(query(db, 'SELECT count(*) AS n FROM transform_runs')).toEqual([{ n: 1 }]);
    } finally {
      await store.close();
    }
  });
});
