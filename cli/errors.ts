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
 * rejected and quarantined).
 */
export const ExitCode = {
  success: 0,
  failure: 1,
  usage: 2,
  partial: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
