/**
 * Argument parsing shared by the subcommands: node's own parseArgs, with
 * usage errors turned into CliError (exit code 2) that point at --help.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './failures.ts';

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text: usage, options, examples. */
  readonly help: string;
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a subcommand's arguments; throws a usage CliError naming the command. */
export function parseCommandArgs<T extends Options>(command: string, argv: readonly string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message}\nSee: psa ${command} --help`, 'usage');
  }
}
