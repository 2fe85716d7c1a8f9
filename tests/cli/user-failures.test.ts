/**
 * Failures a user causes (issue 16, item 6): each ends in a message and a
 * documented exit code, never a stack trace; and the one error type, its
 * codes and their one table of exit codes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, formatFileProblems, PsaError } from '../../core/errors.ts';
import { CliError, describeFailure, EXIT_CODES, ExitCode } from '../../cli/failures.ts';
import { ApiConfigError } from '../../pull/api-config.ts';
import { ApiError } from '../../pull/client.ts';
import { NotesError } from '../../report/notes.ts';
import { DatabaseError } from '../../store/open.ts';
import { RulesError } from '../../transform/rules.ts';
import { fixture, PSA_BIN, ROOT, runPsa, tempDir, type RunResult } from '../helpers.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');

function expectMessage(result: RunResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected error|node:internal/);
}

describe('the error type and its exit codes', () => {
  it('gives every code an exit code of the README (1 to 6)', () => {
    expect(Object.keys(EXIT_CODES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect([1, 2, 3, 4, 5, 6], code).toContain(EXIT_CODES[code]);
    expect(EXIT_CODES.usage).toBe(ExitCode.usage);
    expect(EXIT_CODES.config).toBe(ExitCode.usage);
    expect(EXIT_CODES.partial).toBe(ExitCode.partial);
    expect(EXIT_CODES.busy).toBe(ExitCode.busy);
    expect([EXIT_CODES.damaged, EXIT_CODES['newer-schema']]).toEqual([ExitCode.unusableDatabase, ExitCode.unusableDatabase]);
    expect([EXIT_CODES['read-only'], EXIT_CODES['no-space'], EXIT_CODES.permission]).toEqual([6, 6, 6]);
  });

  it('maps a stage error by its code, under the command name', () => {
    const context = { command: 'pull', database: 'x.sqlite' };
    expect(describeFailure(new ApiError('bad URL', 'usage'), context)).toMatchObject({ message: 'pull: bad URL', exitCode: ExitCode.usage });
    expect(describeFailure(new ApiError('refused', 'auth', 401), context)).toMatchObject({ code: 'network', exitCode: ExitCode.failure });
    expect(describeFailure(new ApiConfigError('api.json: bad'), context)).toMatchObject({ message: 'pull: api.json: bad', exitCode: ExitCode.usage });
    expect(describeFailure(new DatabaseError('cannot migrate'), context)).toMatchObject({ exitCode: ExitCode.unusableDatabase });
    expect(describeFailure(new PsaError('state', 'not transformed'), context)).toMatchObject({ message: 'pull: not transformed', exitCode: ExitCode.failure });
    expect(describeFailure(new PsaError('partial', 'some rows rejected'), context)!.exitCode).toBe(ExitCode.partial);
    expect(describeFailure(new PsaError('not-found', 'no export at x.csv', { file: 'x.csv', hint: 'check the path' }), context)!.message).toBe('pull: no export at x.csv: check the path');
  });

  it('keeps a CliError made with an exit code at that exit code', () => {
    for (const exit of [ExitCode.failure, ExitCode.usage, ExitCode.partial, ExitCode.busy, ExitCode.unusableDatabase, ExitCode.cannotWrite]) {
      expect(new CliError('x', exit).exitCode).toBe(exit);
    }
    expect(new CliError('x').exitCode).toBe(ExitCode.failure);
    expect(new CliError('x', 'no-space')).toMatchObject({ code: 'no-space', exitCode: ExitCode.cannotWrite });
  });

  it('formats the problems of a file one per line, as file:line:column: key: message', () => {
    expect(
      formatFileProblems('rules.yaml', 'the rules file', [
        { line: 3, column: 5, key: 'priorities[0].resolutionHours', message: 'expected a number' },
        { line: null, column: null, key: '', message: 'cannot read the file: EISDIR' },
      ]),
    ).toBe('rules.yaml: 2 problems in the rules file\n  rules.yaml:3:5: priorities[0].resolutionHours: expected a number\n  rules.yaml: cannot read the file: EISDIR');
    const rules = new RulesError('/x/rules.yaml', [{ line: 2, column: 1, path: 'timeZone', message: 'not a time zone' }]);
    expect(rules).toMatchObject({ code: 'config', file: '/x/rules.yaml', line: 2, column: 1, message: 'rules.yaml: a problem in the rules file\n  rules.yaml:2:1: timeZone: not a time zone' });
    const notes = new NotesError('/x/notes.yaml', [{ line: 4, column: 3, key: 'paragraphs.sla', message: 'expected a string' }]);
    expect(notes).toMatchObject({ code: 'config', file: '/x/notes.yaml', message: 'notes.yaml: a problem in the notes file\n  notes.yaml:4:3: paragraphs.sla: expected a string' });
  });
});

describe('failures a user causes, made for real', () => {
  it('--db naming a text file (exit 5), for metrics, dashboard and report', async () => {
    const dir = tempDir();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database\n');
    for (const command of ['metrics', 'dashboard', 'report']) {
      expectMessage(await runPsa([command, '--db', text, '--out', join(dir, 'out')]), 5, new RegExp(`^psa: ${command}: .*notes\\.txt is not a SQLite database`));
    }
  });

  it('--db naming a missing file (exit 1), for metrics, dashboard, report and changes; nothing is created', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.sqlite');
    for (const command of ['metrics', 'dashboard', 'report', 'changes']) {
      expectMessage(await runPsa([command, '--db', missing, '--out', join(dir, 'out')].slice(0, command === 'changes' ? 3 : 5)), 1, new RegExp(`^psa: ${command}: no database at .*missing\\.sqlite`));
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a rules file that is not YAML, and one that is a folder (exit 2)', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'categories: [unclosed\n');
    const db = join(dir, 'psa.sqlite');
    expectMessage(await runPsa(['transform', '--db', db, '--rules', rules]), 2, /^psa: transform: rules\.yaml: a problem in the rules file\n {2}rules\.yaml:2:1: /);
    mkdirSync(join(dir, 'folder'));
    expectMessage(await runPsa(['transform', '--db', db, '--rules', join(dir, 'folder')]), 2, /^psa: transform: folder: a problem in the rules file\n {2}folder: cannot read the file: EISDIR\n$/);
    expect(existsSync(db)).toBe(false);
  });

  it('--notes naming a folder or a file that is not YAML (exit 2), before anything is written', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'notes'));
    const out = join(dir, 'out');
    expectMessage(await runPsa(['report', '--db', join(dir, 'psa.sqlite'), '--out', out, '--notes', join(dir, 'notes')]), 2, /^psa: report: notes: a problem in the notes file\n {2}notes: cannot read the file: EISDIR\n$/);
    writeFileSync(join(dir, 'notes.yaml'), 'heading: {number: "2.1.4"\n');
    expectMessage(await runPsa(['report', '--db', join(dir, 'psa.sqlite'), '--out', out, '--notes', join(dir, 'notes.yaml')]), 2, /^psa: report: notes\.yaml: a problem in the notes file\n {2}notes\.yaml:\d+:\d+: /);
    expect(existsSync(out)).toBe(false);
  });

  it('psa changes on a database with nothing published, and on an empty one (exit 1)', async () => {
    const dir = tempDir();
    const db = join(dir, 'psa.sqlite');
    expect((await runPsa(['ingest', SAMPLE, '--db', db])).code).toBe(0);
    expectMessage(await runPsa(['changes', '--db', db]), 1, /^psa: changes: nothing has been published from .*psa\.sqlite yet: psa run publishes a report\n$/);
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expectMessage(await runPsa(['changes', '--db', empty, '--json']), 1, /^psa: changes: nothing has been published from .*empty\.sqlite yet/);
  });

  it('a bad --month, --as-of or --lang (exit 2), before the database is opened', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    for (const command of ['metrics', 'dashboard', 'report']) {
      const out = ['--out', join(tempDir(), 'out')];
      expectMessage(await runPsa([command, '--db', db, ...out, '--month', '2024-13']), 2, new RegExp(`^psa: ${command}: --month expects a month as YYYY-MM, got "2024-13"\\n$`));
      expectMessage(await runPsa([command, '--db', db, ...out, '--as-of', 'yesterday']), 2, new RegExp(`^psa: ${command}: --as-of expects a date YYYY-MM-DD`));
      expectMessage(await runPsa([command, '--db', db, ...out, '--lang', 'de']), 2, new RegExp(`^psa: ${command}: --lang expects nb or en, got "de"\\n$`));
    }
    expect(existsSync(db)).toBe(false);
  });
});

/** Runs psa and closes its stdout after the first chunk, as `| head -c 1` does. */
function runPsaIntoClosedPipe(args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PSA_BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.once('data', (d: Buffer) => {
      stdout += d.toString();
      child.stdout!.destroy();
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('a reader that stops early (EPIPE on stdout)', () => {
  it('ends quietly with the exit code of the command', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    expect((await runPsa(['ingest', SAMPLE, '--db', db])).code).toBe(0);
    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    // metrics.json is larger than a pipe's buffer: later writes meet the closed pipe.
    const result = await runPsaIntoClosedPipe(['metrics', '--db', db, '--out', '-']);
    expect(result.stdout.length).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const help = await runPsaIntoClosedPipe(['--help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
  });
});
