/**
 * A pull of the bundled sample from the fake Pureservice gives the same
 * tickets, facts and metrics as ingesting the sample export: the API is a
 * second source into the same tables, and nothing downstream can tell the
 * difference (DESIGN.md, "Sources").
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, runPsa, tempDir } from '../helpers.ts';
import { fastApiConfig, psaPull, startFake } from './fake.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');

function rows(db: string, sql: string): unknown[] {
  const sqlite = new SQLite(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all();
  } finally {
    sqlite.close();
  }
}

async function ok(args: string[]): Promise<string> {
  const result = await runPsa(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('a pull of the sample', () => {
  it('gives the same tickets, fact tables and metrics as ingesting the sample export', async () => {
    const dir = tempDir();
    const fromExport = join(dir, 'export.sqlite');
    const fromApi = join(dir, 'api.sqlite');
    const { url } = await startFake();

    await ok(['ingest', SAMPLE, '--db', fromExport]);
    const pulled = await psaPull(url, fromApi, ['--api-config', fastApiConfig(dir), '--json']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const summary = JSON.parse(pulled.stdout);
    expect(summary).toMatchObject({ rowsRead: 17284, rowsLoaded: 17284, rowsRejected: 0, ticketsInserted: 17284, pages: 35, mode: 'full' });
    for (const db of [fromExport, fromApi]) await ok(['transform', '--db', db]);

    // stg_tickets: every typed value the same; coreStatus comes from the API's status records (the export has no column for it).
    const stg = 'SELECT * FROM stg_tickets ORDER BY ticket_number';
    const withoutOrigin = (list: unknown[]) => list.map((r) => ({ ...(r as object), load_id: undefined, source_line: undefined, core_status: undefined }));
    expect(withoutOrigin(rows(fromApi, stg))).toEqual(withoutOrigin(rows(fromExport, stg)));
    expect(rows(fromApi, 'SELECT status, core_status, count(*) AS n FROM stg_tickets GROUP BY status, core_status ORDER BY status')).toEqual(
      rows(fromExport, 'SELECT status, count(*) AS n FROM stg_tickets GROUP BY status ORDER BY status').map((r) => ({
        ...(r as { status: string; n: number }),
        core_status: { Ny: 1, 'Under arbeid': 20, 'Venter – sluttbruker': 30, 'Venter – tredjepart': 31, Løst: 50, Lukket: 60 }[(r as { status: string }).status],
      })),
    );
    // The facts (STATUS-1 with coreStatus agrees with the status names, so not one finding differs).
    for (const table of ['SELECT * FROM fct_tickets ORDER BY ticket_number', 'SELECT * FROM fct_findings ORDER BY ticket_number, rule', 'SELECT * FROM dim_priorities ORDER BY sort_order']) {
      expect(rows(fromApi, table)).toEqual(rows(fromExport, table));
    }
    // metrics.json: the same figures; provenance names the source (PROV-1).
    const [a, b] = await Promise.all([ok(['metrics', '--db', fromExport, '--out', '-']), ok(['metrics', '--db', fromApi, '--out', '-'])]);
    const docA = JSON.parse(a);
    const docB = JSON.parse(b);
    expect(docB.provenance.exports).toEqual([{ file: url, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 17284 }]);
    expect({ ...docB, provenance: { ...docB.provenance, exports: null } }).toEqual({ ...docA, provenance: { ...docA.provenance, exports: null } });

    expect(rows(fromApi, 'SELECT source, file_name, encoding, rows_read, rows_loaded, rows_rejected, tickets_inserted FROM raw_loads')).toEqual([
      { source: 'api', file_name: url, encoding: 'json', rows_read: 17284, rows_loaded: 17284, rows_rejected: 0, tickets_inserted: 17284 },
    ]);
    expect(rows(fromExport, 'SELECT source FROM raw_loads')).toEqual([{ source: 'file' }]);
    // TIME-4: a pull's export date is the instant it began.
    expect(rows(fromApi, 'SELECT export_date = (SELECT started_at FROM pull_runs) AS same, export_date_source FROM raw_loads')).toEqual([{ same: 1, export_date_source: 'pull' }]);
    expect(rows(fromApi, 'SELECT status, pages, tickets_read, load_id, error FROM pull_runs')).toEqual([
      { status: 'done', pages: 35, tickets_read: 17284, load_id: 1, error: null },
    ]);
  }, 120_000);
});
