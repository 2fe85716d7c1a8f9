/** The command line's errors and exit codes; their table is cli/failures.ts. */
export { CliError, EXIT_CODES, ExitCode } from './failures.ts';
