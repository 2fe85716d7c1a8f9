/**
 * A load killed half-way leaves the database exactly as before: the child
 * process is killed with SIGKILL (no chance to clean up) while it writes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScaleExport } from '../../fixtures/scale-export.ts';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { openDatabase } from '../../store/open.ts';
import { fixture, PSA_BIN, ROOT, tempDir } from '../helpers.ts';

let bigExport: string;
let bigDir: string;
beforeAll(async () => {
  bigDir = mkdtempSync(join(tmpdir(), 'psa-kill-'));
  bigExport = join(bigDir, 'big.csv');
  await writeScaleExport(bigExport, { rows: 300_000 });
}, 120_000);
afterAll(() => rmSync(bigDir, { recursive: true, force: true }));

/** Starts `psa ingest`, waits until `isWriting()` holds, then kills it. */
async function killWhileWriting(args: string[], isWriting: () => boolean): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [PSA_BIN, 'ingest', ...args], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  while (!isWriting()) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('psa ingest finished or stalled before it could be killed mid-load');
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  return (await exited).signal;
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function snapshot(path: string) {
  const store = await openDatabase(path);
  try {
    const q = (sql: string) => store.sqlite.prepare(sql).all();
    return {
      integrity: q('PRAGMA integrity_check'),
      loads: q('SELECT load_id, file_name, sha256, rows_read FROM raw_loads ORDER BY load_id'),
      tickets: q('SELECT * FROM stg_tickets ORDER BY ticket_number'),
      rows: q('SELECT count(*) AS n FROM raw_rows'),
      rejects: q('SELECT count(*) AS n FROM raw_rejects'),
    };
  } finally {
    await store.close();
  }
}

describe('a load in progress', () => {
  it('does not stop an analyst from reading the database (WAL)', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    await ingestFiles(db, [fixture('ingest', 'utf8-bom-semicolon.csv')]);
    const child = spawn(process.execPath, [PSA_BIN, 'ingest', bigExport, '--db', db], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (sizeOf(`${db}-wal`) < 8 << 20) await new Promise((r) => setTimeout(r, 10));
    const reader = new SQLite(db, { readonly: true, timeout: 0 });
    try {
      // The load's rows are not visible until it commits; what was there is.
      expect(reader.prepare('SELECT count(*) AS n FROM stg_tickets').get()).toEqual({ n: 3 });
    } finally {
      reader.close();
    }
    expect(await exited).toBe(0);
  });
});

describe('a load killed mid-way', () => {
  it('leaves an existing database exactly as before', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    await ingestFiles(db, [fixture('ingest', 'utf8-bom-semicolon.csv')]);
    const before = await snapshot(db);
    const signal = await killWhileWriting([bigExport, '--db', db], () => sizeOf(`${db}-wal`) > 8 << 20);
    expect(signal).toBe('SIGKILL');
    expect(await snapshot(db)).toEqual(before);
    // And the next load of the same file goes through in full.
    const run = await ingestFiles(db, [bigExport]);
    expect(run.files[0]).toMatchObject({ ok: true, rowsRead: 300_000, rowsLoaded: 300_000 });
  });

  it('leaves no database behind when it was creating one, and the next run tidies up', async () => {
    const dir = tempDir();
    const db = join(dir, 'new.sqlite');
    const building = () => readdirSync(dir).filter((f) => f.includes('.building'));
    const signal = await killWhileWriting([bigExport, '--db', db], () => building().some((f) => sizeOf(join(dir, f)) > 8 << 20));
    expect(signal).toBe('SIGKILL');
    expect(existsSync(db)).toBe(false);
    expect(building().length).toBeGreaterThan(0);
    const run = await ingestFiles(db, [fixture('ingest', 'utf8-bom-semicolon.csv')]);
    expect(run.files[0]).toMatchObject({ ok: true, rowsLoaded: 3 });
    expect(building()).toEqual([]);
    expect((await snapshot(db)).loads).toHaveLength(1);
  });
});
