/**
 * A pull killed mid-way (SIGKILL: no chance to clean up) and run again
 * loses and duplicates nothing: every page is committed with the watermark
 * in one transaction, and the next pull goes on from there.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { pullMessages } from '../../pull/messages.ts';
import { PSA_BIN, ROOT, tempDir } from '../helpers.ts';
import { fastApiConfig, KEY, psaPull, startFake } from './fake.ts';

function query(db: string, sql: string): unknown[] {
  const sqlite = new SQLite(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all();
  } finally {
    sqlite.close();
  }
}

describe('a pull killed mid-way', () => {
  it('keeps every page it stored, and the next pull loses and duplicates nothing', async () => {
    const dir = tempDir();
    // 200 tickets a page and a slow server: 87 pages, so the kill lands mid-pull.
    const config = fastApiConfig(dir, { pageSize: 200 });
    const { fake, url } = await startFake({ delayMs: 30 });
    const killed = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, [PSA_BIN, 'pull', '--url', url, '--db', killed, '--api-config', config], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, PSA_PURESERVICE_KEY: KEY },
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (fake.ticketRequestCount < 20) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('psa pull finished or stalled before it could be killed');
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // What the killed pull stored is whole: its pages, their counts and the watermark agree.
    const [load] = query(killed, 'SELECT rows_read, rows_loaded, tickets_inserted FROM raw_loads') as { rows_read: number; rows_loaded: number; tickets_inserted: number }[];
    expect(load!.rows_read % 200).toBe(0);
    expect(load!.rows_read).toBeGreaterThanOrEqual(19 * 200 - 200);
    expect(load!.rows_read).toBeLessThan(17_284);
    expect(query(killed, 'SELECT count(*) AS n FROM stg_tickets')).toEqual([{ n: load!.rows_read }]);
    expect(query(killed, 'SELECT count(*) AS n FROM raw_rows')).toEqual([{ n: load!.rows_read }]);
    expect(query(killed, 'SELECT status, pages * 200 AS rows FROM pull_runs')).toEqual([{ status: 'running', rows: load!.rows_read }]);
    expect(query(killed, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    const rerun = await psaPull(url, killed, ['--api-config', config]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(pullMessages.staleRun(1));

    const clean = join(dir, 'clean.sqlite');
    const once = await psaPull(url, clean, ['--api-config', config]);
    expect(once.code, once.stderr).toBe(0);

    const tickets = 'SELECT * FROM stg_tickets ORDER BY ticket_number';
    const values = (db: string) => query(db, tickets).map((r) => ({ ...(r as object), load_id: undefined, source_line: undefined }));
    expect(values(killed)).toHaveLength(17_284);
    expect(values(killed)).toEqual(values(clean));
    expect(query(killed, 'SELECT run_id, status FROM pull_runs ORDER BY run_id')).toEqual([
      { run_id: 1, status: 'interrupted' },
      { run_id: 2, status: 'done' },
    ]);
    // Two loads, each adding up; the second fetched only what the first had not stored (and the overlap).
    const loads = query(killed, 'SELECT load_id, rows_read, rows_loaded, rows_rejected, tickets_inserted, tickets_updated, tickets_unchanged FROM raw_loads ORDER BY load_id') as { rows_read: number; rows_loaded: number; rows_rejected: number; tickets_inserted: number }[];
    expect(loads).toHaveLength(2);
    expect(loads[0]!.tickets_inserted + loads[1]!.tickets_inserted).toBe(17_284);
    expect(loads[1]!.rows_read).toBeLessThan(17_284 - load!.rows_read + 200);
    for (const l of loads) expect(l.rows_read).toBe(l.rows_loaded + l.rows_rejected);
    expect(query(killed, 'SELECT modified, ticket_id FROM pull_watermarks')).toEqual(query(clean, 'SELECT modified, ticket_id FROM pull_watermarks'));
  }, 120_000);
});
