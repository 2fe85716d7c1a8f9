/**
 * psa's one error type: a message for the user and a code saying what kind
 * of failure it is. Every stage throws PsaError (or a subclass) for a
 * failure the user can cause or fix; the command line maps the code to an
 * exit code in one table (cli/failures.ts) and prints the message without a
 * stack trace. Any other error is a bug and keeps its stack. No class
 * outside this module extends Error (tests/cli/error-classes.test.ts reads
 * the source to hold it so); a signal that is no failure, such as ingest's
 * EncodingRestart, is no Error either.
 */

/** The closed set of failure kinds. */
export const ERROR_CODES = [
  /** Bad arguments or options. */
  'usage',
  /** A file the user wrote to configure psa is wrong: the rules, the notes, a columns file, the API settings. */
  'config',
  /** An export file psa cannot read or load. */
  'input',
  /** The database is not in the state the command needs: nothing loaded, not transformed, loaded since. */
  'state',
  /** A file or database the command needs does not exist. */
  'not-found',
  /** The network or a remote service failed. */
  'network',
  /** A chart or document could not be drawn. */
  'render',
  /** Done, but some rows were rejected. */
  'partial',
  /** The database is held by another process. */
  'busy',
  /** The database is damaged, truncated or not SQLite. */
  'damaged',
  /** The database was made by a newer psa. */
  'newer-schema',
  /** A read-only file, folder or file system. */
  'read-only',
  /** The disk or quota is full. */
  'no-space',
  /** No permission to write. */
  'permission',
  /** Anything else psa could not do (nothing, or not everything, was done). */
  'failure',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  /** The file the failure is about, and where in it. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** What the user can do about it. */
  readonly hint?: string | undefined;
}

export class PsaError extends Error {
  override name = 'PsaError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message);
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }
}

/** One problem in a file the user wrote (rules, notes): where, under which key, and what. */
export interface FileProblem {
  readonly line: number | null;
  readonly column: number | null;
  /** The key path, as `priorities[0].resolutionHours`; empty for the file as a whole. */
  readonly key: string;
  readonly message: string;
}

/**
 * The problems of a file as one message: a heading line naming the file and
 * how many problems it has, then one line per problem as
 * `  <file>:<line>:<column>: <key>: <message>`.
 */
export function formatFileProblems(name: string, what: string, problems: readonly FileProblem[]): string {
  return (
    `${name}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} in ${what}\n` +
    problems.map((p) => `  ${name}${p.line !== null ? `:${p.line}:${p.column}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}`).join('\n')
  );
}
