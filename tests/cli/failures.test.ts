/**
 * Failures of the machine around psa (issue 13, case 8): each is one line
 * on stderr and a documented exit code (README "Exit codes"), never a stack
 * trace. One mapping (cli/failures.ts) serves every command. Failures that
 * cannot be made for real on this machine (a full disk; a read-only file
 * for root) are injected into the mapping; the rest are made for real.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CliError, describeFailure, ExitCode, quickCheck } from '../../cli/failures.ts';
import { COMMANDS, databaseOf } from '../../cli/main.ts';
import { fixture, runPsa, tempDir, type RunResult } from '../helpers.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');

/** A system error as node's fs makes them. */
function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

/** An error as better-sqlite3 throws them (SqliteError: message and code). */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'SqliteError', code });
}

function expectOneLine(result: RunResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
}

async function transformedDatabase(): Promise<string> {
  const db = join(tempDir(), 'psa.sqlite');
  expect((await runPsa(['ingest', SAMPLE, '--db', db])).code).toBe(0);
  expect((await runPsa(['transform', '--db', db])).code).toBe(0);
  return db;
}

describe('the failure mapping (injected errors)', () => {
  const context = { command: 'ingest', database: '/data/psa.sqlite' };

  it('a busy database is exit 4', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const f = describeFailure(sqliteError(code, 'database is locked'), context)!;
      expect([code, f.exitCode]).toEqual([code, ExitCode.busy]);
      expect(f.message).toBe('ingest: /data/psa.sqlite is busy: another process (a load or a transform?) held it for more than 5 s; nothing was changed: try again when it is done');
    }
  });

  it('a read-only database, folder or file system, no permission and a full disk are exit 6', () => {
    expect(describeFailure(sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), context)).toMatchObject({
      exitCode: ExitCode.cannotWrite,
      message: 'ingest: cannot write to /data/psa.sqlite: it, or its folder, is read-only (attempt to write a readonly database); nothing was changed',
    });
    expect(describeFailure(sqliteError('SQLITE_READONLY_DIRECTORY', 'attempt to write a readonly database'), context)!.exitCode).toBe(ExitCode.cannotWrite);
    expect(describeFailure(sqliteError('SQLITE_FULL', 'database or disk is full'), context)).toMatchObject({
      exitCode: ExitCode.cannotWrite,
      message: 'ingest: cannot write to /data/psa.sqlite: the disk is full (database or disk is full); nothing was changed: free some space and run again',
    });
    expect(describeFailure(fsError('ENOSPC', 'write', '/out/.metrics.json.12.tmp'), { command: 'metrics' })).toMatchObject({
      exitCode: ExitCode.cannotWrite,
      message: 'metrics: cannot write /out/.metrics.json.12.tmp: the disk is full: free some space and run again; nothing was replaced',
    });
    expect(describeFailure(fsError('EACCES', 'open', '/out/.index.html.12.tmp'), { command: 'dashboard' })!.message).toBe(
      'dashboard: cannot write /out/.index.html.12.tmp: permission denied; nothing was replaced',
    );
    expect(describeFailure(fsError('EROFS', 'mkdir', '/mnt/cd/report'), { command: 'run' })!.message).toBe(
      'run: cannot create the folder /mnt/cd/report: the file system is read-only; nothing was replaced',
    );
    expect(describeFailure(fsError('EPERM', 'rename', '/out/x'), { command: 'run' })!.exitCode).toBe(ExitCode.cannotWrite);
  });

  it('a damaged database is exit 5, also when the error crossed from a worker thread without its code', () => {
    expect(describeFailure(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), context)).toMatchObject({
      exitCode: ExitCode.unusableDatabase,
      message: 'ingest: /data/psa.sqlite is damaged or not a psa database (database disk image is malformed): restore it from a backup, or build it again from the exports with psa ingest',
    });
    expect(describeFailure(sqliteError('SQLITE_NOTADB', 'file is not a database'), context)!.exitCode).toBe(ExitCode.unusableDatabase);
    expect(describeFailure(new Error('database disk image is malformed'), context)!.exitCode).toBe(ExitCode.unusableDatabase);
  });

  it('another SQLite failure asks PRAGMA quick_check whether the file is damaged', async () => {
    const db = await transformedDatabase();
    expect(quickCheck(db)).toBeNull();
    const other = sqliteError('SQLITE_IOERR', 'disk I/O error');
    expect(describeFailure(other, { command: 'ingest', database: db })).toMatchObject({ exitCode: ExitCode.failure, message: `ingest: ${db}: SQLite failed: disk I/O error (SQLITE_IOERR)` });
    damagePages(db);
    expect(quickCheck(db)).not.toBeNull();
    const damaged = describeFailure(other, { command: 'ingest', database: db })!;
    expect(damaged.exitCode).toBe(ExitCode.unusableDatabase);
    expect(damaged.message).toMatch(/^ingest: .* is damaged \(PRAGMA quick_check: .+\): restore it from a backup/);
  });

  it('passes CliErrors through and leaves bugs alone (they keep their stack)', () => {
    const usage = new CliError('x: bad', ExitCode.usage);
    expect(describeFailure(usage, context)).toBe(usage);
    expect(describeFailure(new TypeError('undefined is not a function'), context)).toBeNull();
    expect(describeFailure(fsError('ENOENT', 'open', '/x'), context)).toBeNull();
  });

  it("every command's --help documents the exit codes 4, 5 and 6", () => {
    for (const command of COMMANDS) {
      expect(command.help.replace(/\s+/g, ' '), command.name).toContain(
        'Database and disk: 4 the database is busy (try again), 5 it is damaged, not SQLite or from a newer psa, 6 psa cannot write (read-only, no permission, disk full).',
      );
    }
  });

  it('knows the database a command names', () => {
    expect(databaseOf('ingest', ['a.csv', '--db', 'x/psa.sqlite'])).toBe('x/psa.sqlite');
    expect(databaseOf('metrics', ['--db=y.sqlite'])).toBe('y.sqlite');
    expect(databaseOf('run', ['a.csv', '--out', 'report'])).toBe(join('report', 'psa.sqlite'));
    expect(databaseOf('metrics', ['--out', 'report'])).toBeUndefined();
  });
});

/** Overwrites pages in the middle of a database file with garbage (the header stays). */
function damagePages(db: string): void {
  const bytes = readFileSync(db);
  const pageSize = bytes.readUInt16BE(16);
  for (let page = 2; page * pageSize < bytes.length; page += 3) bytes.fill(0x5a, page * pageSize, page * pageSize + 200);
  writeFileSync(db, bytes);
}

describe('failures made for real: one line and the exit code', () => {
  it('a database another process holds past the busy timeout (exit 4), for a load too', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    expect((await runPsa(['ingest', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--db', db])).code).toBe(0);
    const writer = new SQLite(db);
    writer.exec('BEGIN IMMEDIATE');
    try {
      expectOneLine(await runPsa(['ingest', fixture('broken', 'duplicate-ticket.csv'), '--db', db]), 4, /^psa: ingest: .*psa\.sqlite is busy: another process \(a load or a transform\?\) held it for more than 5 s; nothing was changed: try again when it is done\n$/);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('a file that is not SQLite, a truncated database and a damaged one (exit 5)', async () => {
    const dir = tempDir();
    const notSqlite = join(dir, 'notes.sqlite');
    writeFileSync(notSqlite, 'Saksnummer;Emne\n1;Hei\n');
    expectOneLine(await runPsa(['transform', '--db', notSqlite]), 5, /^psa: transform: .*notes\.sqlite is not a SQLite database \(it does not start with SQLite's header\): is --db the right file\?\n$/);
    expectOneLine(await runPsa(['ingest', SAMPLE, '--db', notSqlite]), 5, /is not a SQLite database/);
    expect(readFileSync(notSqlite, 'utf8')).toBe('Saksnummer;Emne\n1;Hei\n');

    const db = await transformedDatabase();
    const truncated = join(dir, 'truncated.sqlite');
    copyFileSync(db, truncated);
    truncateSync(truncated, Math.floor(statSync(db).size / 2));
    expectOneLine(await runPsa(['metrics', '--db', truncated, '--out', '-']), 5, /^psa: metrics: .*truncated\.sqlite is truncated: its header counts \d+ pages of 16384 bytes \(\d+ bytes\) but the file has \d+; restore it from a backup/);

    damagePages(db);
    const damaged = await runPsa(['transform', '--db', db]);
    expectOneLine(damaged, 5, /^psa: transform: .*psa\.sqlite is damaged/);
  });

  it('a database from a newer psa (exit 5), left as it was', async () => {
    const db = await transformedDatabase();
    const sqlite = new SQLite(db);
    sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('0099-from-the-future', '2030-01-01T00:00:00.000Z')").run();
    sqlite.close();
    for (const args of [['transform', '--db', db], ['metrics', '--db', db, '--out', '-'], ['ingest', fixture('broken', 'duplicate-ticket.csv'), '--db', db]]) {
      expectOneLine(await runPsa(args), 5, /^psa: \w+: .*psa\.sqlite was made by a newer psa: its schema has migration 0099-from-the-future, which psa \d+\.\d+\.\d+ does not know; use that psa or a newer one \(nothing was changed\)\n$/);
    }
    const after = new SQLite(db, { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM raw_loads').get()).toEqual({ n: 1 });
    after.close();
  });

  it('--db naming a folder and --out naming a file are usage errors (exit 2), before anything is written', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder'));
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'not a folder');
    for (const args of [
      ['ingest', SAMPLE, '--db', join(dir, 'folder')],
      ['transform', '--db', join(dir, 'folder')],
      ['metrics', '--db', join(dir, 'folder')],
      ['dashboard', '--db', join(dir, 'folder'), '--out', join(dir, 'out')],
      ['run', SAMPLE, '--out', dir, '--db', join(dir, 'folder')],
    ]) {
      expectOneLine(await runPsa(args), 2, new RegExp(`^psa: ${args[0]}: --db .*folder is a folder; give the database file inside it, e\\.g\\. --db .*folder/psa\\.sqlite\\n$`));
    }
    const db = await transformedDatabase();
    for (const args of [['metrics', '--db', db, '--out', file], ['dashboard', '--db', db, '--out', file], ['run', SAMPLE, '--out', file]]) {
      expectOneLine(await runPsa(args), 2, new RegExp(`^psa: ${args[0]}: --out .*file\\.txt is a file; --out names the folder the outputs go into\\n$`));
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('a YAML alias bomb in the rules file (exit 2)', async () => {
    const dir = tempDir();
    const rules = join(dir, 'bomb.yaml');
    writeFileSync(rules, ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n'));
    const result = await runPsa(['transform', '--db', join(dir, 'psa.sqlite'), '--rules', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('psa: transform: bomb.yaml: a problem in the rules file\n  bomb.yaml:2:8: the YAML aliases (*name) expand to more than 100 copies of what they refer to (an alias bomb?); write the values out instead\n');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only database and a read-only output folder (exit 6; root may write anywhere, so not as root)', async () => {
    const db = await transformedDatabase();
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    chmodSync(out, 0o555);
    expectOneLine(await runPsa(['metrics', '--db', db, '--out', out]), 6, /^psa: metrics: cannot write .*: permission denied; nothing was replaced\n$/);
    chmodSync(db, 0o444);
    expectOneLine(await runPsa(['ingest', fixture('broken', 'duplicate-ticket.csv'), '--db', db]), 6, /^psa: ingest: cannot write to .*psa\.sqlite: it, or its folder, is read-only/);
  });
});
