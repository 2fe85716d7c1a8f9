/** An error the command line reports as a message (no stack trace), with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message);
  }
}

/**
 * psa's exit codes, the same for every command:
 * 0 success; 1 failure (nothing or not everything could be done);
 * 2 usage error (bad arguments); 3 partial success (done, but some rows were
 * rejected and quarantined); 4 the database is busy (another process held
 * it past the busy timeout: try again); 5 the database cannot be used
 * (damaged, not SQLite, or from a newer psa); 6 psa cannot write (read-only
 * file, folder or file system, no permission, full disk). cli/failures.ts
 * maps the failures to 4, 5 and 6.
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
