/**
 * The database holds names, e-mail addresses and subjects (issue 13, case
 * 14): psa creates it with mode 0600 and its folders with 0700. Existing
 * folders keep their modes, and the output files stay at the user's umask.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/open.ts';
import { fixture, reportFolder, runPsa, tempDir } from '../helpers.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

/** The modes a file and a folder made without a mode get here: 0666 and 0777 less the umask. */
function umasked(dir: string): { file: number; folder: number } {
  writeFileSync(join(dir, 'probe-file'), '');
  mkdirSync(join(dir, 'probe-folder'));
  return { file: mode(join(dir, 'probe-file')), folder: mode(join(dir, 'probe-folder')) };
}

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('psa ingest creates the database 0600 and its missing folders 0700', async () => {
    const dir = tempDir();
    const db = join(dir, 'private', 'nested', 'psa.sqlite');
    const result = await runPsa(['ingest', SAMPLE, '--db', db]);
    expect(result.code).toBe(0);
    expect(mode(db)).toBe(0o600);
    expect(mode(join(dir, 'private'))).toBe(0o700);
    expect(mode(join(dir, 'private', 'nested'))).toBe(0o700);
  });

  it('the write-ahead log beside it has the database file\'s mode, and an existing folder keeps its own', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'shared'));
    chmodSync(join(dir, 'shared'), 0o755);
    const path = join(dir, 'shared', 'psa.sqlite');
    const store = await openDatabase(path);
    try {
      store.sqlite.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      const beside = readdirSync(join(dir, 'shared')).filter((f) => f.startsWith('psa.sqlite'));
      expect(beside).toEqual(expect.arrayContaining(['psa.sqlite', 'psa.sqlite-wal', 'psa.sqlite-shm']));
      for (const f of beside) expect([f, mode(join(dir, 'shared', f))]).toEqual([f, 0o600]);
    } finally {
      await store.close();
    }
    expect(mode(join(dir, 'shared'))).toBe(0o755);
  });

  it('psa run: the database is 0600, the output folder and files stay at the umask', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const result = await runPsa(['run', SAMPLE, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const plain = umasked(dir);
    expect(mode(join(out, 'psa.sqlite'))).toBe(0o600);
    expect(mode(out)).toBe(plain.folder);
    expect(mode(join(out, 'index.html'))).toBe(plain.file);
    // The month folder (written as a temporary folder and renamed) and its files: the umask too.
    const month = reportFolder(out);
    expect(mode(month)).toBe(plain.folder);
    const outputs = readdirSync(month);
    expect(outputs).toEqual(expect.arrayContaining(['index.html', 'metrics.json', 'open-month-end.png', 'open-month-end.svg', 'psa-outputs.json']));
    for (const f of outputs) expect([f, mode(join(month, f))]).toEqual([f, plain.file]);
  });
});
