/**
 * The one table from failure codes (core/errors.ts) to psa's exit codes,
 * and the one mapping from failures of the machine around psa (the
 * database, the file system) to a message of one line and a code, used by
 * every command through `main`. A failure a user can cause or fix (a bad
 * option or file, a busy, damaged or read-only database, a full disk, a
 * folder where a file belongs) never shows a stack trace; anything else is
 * a bug, and keeps its stack.
 *
 * | exit | codes | failure |
 * | --- | --- | --- |
 * | 1 | failure, input, state, not-found, network, render | nothing, or not everything, could be done |
 * | 2 | usage, config | bad arguments, a bad rules, notes, columns or API settings file; `--db` names a folder, `--out` names a file |
 * | 3 | partial | done, but some rows were rejected and quarantined |
 * | 4 | busy | the database is busy: another process held its write lock past the busy timeout |
 * | 5 | damaged, newer-schema | the database cannot be used: damaged, truncated, not a SQLite file, or from a newer psa |
 * | 6 | read-only, no-space, permission | psa cannot write: a read-only file, folder or file system, no permission, or a full disk |
 */
import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from '../store/open.ts';
import { PsaError, type ErrorCode } from '../core/errors.ts';


/**
 * psa's exit codes, the same for every command:
 * 0 success; 1 failure (nothing or not everything could be done);
 * 2 usage error (bad arguments); 3 partial success (done, but some rows were
 * rejected and quarantined); 4 the database is busy (another process held
 * it past the busy timeout: try again); 5 the database cannot be used
 * (damaged, not SQLite, or from a newer psa); 6 psa cannot write (read-only
 * file, folder or file system, no permission, full disk).
 */
export const ExitCode = {
  success: 0,
  failure: 1,
  usage: 2,
  partial: 3,
  busy: 4,
  unusableDatabase: 5,
  cannotWrite: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of each failure code: the only place the two meet. */
export const EXIT_CODES: Readonly<Record<ErrorCode, ExitCode>> = {
  failure: ExitCode.failure,
  input: ExitCode.failure,
  state: ExitCode.failure,
  'not-found': ExitCode.failure,
  network: ExitCode.failure,
  render: ExitCode.failure,
  usage: ExitCode.usage,
  config: ExitCode.usage,
  partial: ExitCode.partial,
  busy: ExitCode.busy,
  damaged: ExitCode.unusableDatabase,
  'newer-schema': ExitCode.unusableDatabase,
  'read-only': ExitCode.cannotWrite,
  'no-space': ExitCode.cannotWrite,
  permission: ExitCode.cannotWrite,
};

/** The code an exit code stands for, for callers that name the exit code. */
const CODE_OF_EXIT: Readonly<Record<ExitCode, ErrorCode>> = {
  [ExitCode.success]: 'failure',
  [ExitCode.failure]: 'failure',
  [ExitCode.usage]: 'usage',
  [ExitCode.partial]: 'partial',
  [ExitCode.busy]: 'busy',
  [ExitCode.unusableDatabase]: 'damaged',
  [ExitCode.cannotWrite]: 'permission',
};

/** A failure as the command line reports it: its message, prefixed with the command, and its exit code. */
export class CliError extends PsaError {
  override name = 'CliError';
  constructor(message: string, code: ErrorCode | ExitCode = 'failure') {
    super(typeof code === 'number' ? CODE_OF_EXIT[code] : code, message);
  }
  get exitCode(): ExitCode {
    return EXIT_CODES[this.code];
  }
}

/** Where a failure happened: the command, and the database it was using, if any. */
export interface FailureContext {
  readonly command: string;
  readonly database?: string | undefined;
}

interface SystemError {
  readonly code?: unknown;
  readonly path?: unknown;
  readonly dest?: unknown;
  readonly syscall?: unknown;
  readonly message?: unknown;
}

const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

const FILE_SYSTEM_CODES: Readonly<Record<string, ErrorCode>> = {
  EROFS: 'read-only',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
};

/** SQLite result codes (better-sqlite3's `SqliteError.code`, extended codes included) by what they mean to a user. */
function sqliteKind(code: string): 'busy' | 'readonly' | 'full' | 'damaged' | 'cantopen' | null {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_READONLY')) return 'readonly';
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') return 'full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_IOERR_SHORT_READ') return 'damaged';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cantopen';
  return null;
}

/** The SQLite code of an error, also for one re-made from a worker thread's message (its code is lost there). */
function sqliteCode(error: SystemError): string | null {
  if (typeof error.code === 'string' && error.code.startsWith('SQLITE_')) return error.code;
  const message = typeof error.message === 'string' ? error.message : '';
  if (/database disk image is malformed/.test(message)) return 'SQLITE_CORRUPT';
  if (/file is not a database/.test(message)) return 'SQLITE_NOTADB';
  if (/database or disk is full/.test(message)) return 'SQLITE_FULL';
  if (/attempt to write a readonly database/.test(message)) return 'SQLITE_READONLY';
  if (/database is locked/.test(message)) return 'SQLITE_BUSY';
  return null;
}

/**
 * `PRAGMA quick_check` on a database after a failure: its first problem, or
 * null when the file checks out (or cannot even be opened to check).
 */
export function quickCheck(path: string): string | null {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const first = sqlite.pragma('quick_check(1)', { simple: true }) as string;
    // One line: SQLite's report starts with "*** in database main ***" and a line break.
    return first === 'ok' ? null : first.replace(/^\*\*\* in database \w+ \*\*\*\s*/, '').replace(/\s*\n\s*/g, '; ');
  } catch (error) {
    const code = sqliteCode(error as SystemError);
    return code !== null && sqliteKind(code) === 'damaged' ? (error as Error).message : null;
  } finally {
    sqlite?.close();
  }
}

const rebuild = 'restore it from a backup, or build it again from the exports with psa ingest';

/**
 * The CliError a failure is to the user, or null when it is none of those
 * this module knows (a bug: the caller shows it with its stack). A
 * CliError passes through as it is.
 */
export function describeFailure(error: unknown, context: FailureContext): CliError | null {
  if (error instanceof CliError) return error;
  const { command } = context;
  const db = context.database ?? 'the database';
  // A stage's own failure: its message, under the command's name.
  if (error instanceof PsaError) return new CliError(`${command}: ${error.message}`, error.code);
  const e = (error ?? {}) as SystemError;

  const code = sqliteCode(e);
  if (code !== null) {
    const message = typeof e.message === 'string' ? e.message : code;
    switch (sqliteKind(code)) {
      case 'busy':
        return new CliError(
          `${command}: ${db} is busy: another process (a load or a transform?) held it for more than ${BUSY_TIMEOUT_MS / 1000} s; nothing was changed: try again when it is done`,
          'busy',
        );
      case 'readonly':
        return new CliError(`${command}: cannot write to ${db}: it, or its folder, is read-only (${message}); nothing was changed`, 'read-only');
      case 'full':
        return new CliError(`${command}: cannot write to ${db}: the disk is full (${message}); nothing was changed: free some space and run again`, 'no-space');
      case 'cantopen':
        return new CliError(`${command}: cannot open ${db} (${message}): check that its folder exists and can be written to`, 'permission');
      case 'damaged':
        return new CliError(`${command}: ${db} is damaged or not a psa database (${message}): ${rebuild}`, 'damaged');
      default: {
        // Another SQLite failure: is the file damaged? quick_check tells corruption apart from the rest.
        const problem = context.database === undefined ? null : quickCheck(context.database);
        if (problem !== null) return new CliError(`${command}: ${db} is damaged (PRAGMA quick_check: ${problem}): ${rebuild}`, 'damaged');
        return new CliError(`${command}: ${db}: SQLite failed: ${message} (${code})`, 'failure');
      }
    }
  }

  if (typeof e.code === 'string' && FILE_SYSTEM_REASONS[e.code] !== undefined) {
    const path = typeof e.path === 'string' ? e.path : typeof e.dest === 'string' ? e.dest : null;
    const what = path === null ? 'cannot write' : `cannot ${verb(e.syscall)} ${path}`;
    const more = e.code === 'ENOSPC' || e.code === 'EDQUOT' ? ': free some space and run again' : '';
    return new CliError(`${command}: ${what}: ${FILE_SYSTEM_REASONS[e.code]}${more}; nothing was replaced`, FILE_SYSTEM_CODES[e.code] ?? 'permission');
  }
  return null;
}

function verb(syscall: unknown): string {
  switch (syscall) {
    case 'open':
    case 'write':
    case 'copyfile':
      return 'write';
    case 'mkdir':
      return 'create the folder';
    case 'rename':
    case 'link':
      return 'move a file into';
    case 'unlink':
    case 'rmdir':
      return 'remove';
    case 'chmod':
      return 'set the mode of';
    default:
      return typeof syscall === 'string' ? `${syscall}` : 'write';
  }
}

/**
 * Usage checks of `--db` and `--out` before anything is written: a database
 * path that is a folder, an output folder that is a file.
 */
export function checkDatabasePath(command: string, path: string): void {
  if (path === ':memory:') return;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    throw new CliError(`${command}: --db ${path} is a folder; give the database file inside it, e.g. --db ${path.replace(/\/+$/, '')}/psa.sqlite`, 'usage');
  }
}

export function checkOutputPath(command: string, path: string): void {
  if (path === '-') return;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) {
    throw new CliError(`${command}: --out ${path} is a file; --out names the folder the outputs go into`, 'usage');
  }
}
