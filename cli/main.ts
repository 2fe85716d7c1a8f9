/**
 * The psa command line: `psa <command> [options]`. Data goes to stdout, logs
 * and progress to stderr; a failure prints its message (no stack trace) and
 * exits non-zero (see ExitCode).
 */
import { join } from 'node:path';
import type { Command, CommandIo } from './args.ts';
import { changesCommand } from './commands/changes.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { ingestCommand } from './commands/ingest.ts';
import { metricsCommand } from './commands/metrics.ts';
import { pullCommand } from './commands/pull.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { transformCommand } from './commands/transform.ts';
import { describeFailure, ExitCode } from './failures.ts';
import { PSA_VERSION } from '../store/version.ts';

export const COMMANDS: readonly Command[] = [runCommand, ingestCommand, pullCommand, transformCommand, metricsCommand, dashboardCommand, reportCommand, changesCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `psa ${PSA_VERSION}: service-desk analytics over Pureservice ticket exports

Usage: psa <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`psa <command> --help\` for a command's options.
Exit codes: 0 success, 1 failure, 2 usage error, 3 partial (rows rejected),\n4 database busy, 5 database unusable (damaged, not SQLite, newer psa), 6 cannot write\n(read-only, no permission, disk full).`;
}

export async function main(argv: readonly string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.success;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${PSA_VERSION}\n`);
    return ExitCode.success;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`psa: unknown command ${JSON.stringify(name)}\nRun \`psa --help\` for the list of commands.\n`);
    return ExitCode.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const failure = describeFailure(error, { command: name, database: databaseOf(name, rest) });
    if (failure !== null) {
      io.stderr.write(`psa: ${failure.message}\n`);
      return failure.exitCode;
    }
    io.stderr.write(`psa ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.failure;
  }
}

/** The database a command's arguments name (`--db`, or `psa run`'s default `<out>/psa.sqlite`), for messages. */
export function databaseOf(command: string, argv: readonly string[]): string | undefined {
  const option = (name: string) => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === `--${name}`) return argv[i + 1];
      if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
    }
    return undefined;
  };
  const db = option('db');
  if (db !== undefined) return db;
  const out = option('out');
  return command === 'run' && out !== undefined ? join(out, 'psa.sqlite') : undefined;
}

/**
 * A reader that stops early (`psa metrics --out - | head`) closes the pipe:
 * further output is dropped without a stack trace, and the command runs to
 * its end and exits with its own code, as if the reader had read it all.
 * Any other failure of the stream is still thrown.
 */
export function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}
