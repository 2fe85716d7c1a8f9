/** `psa pull`: fetch tickets from the Pureservice REST API into the database. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_API_CONFIG, readApiConfig, type ApiConfig } from '../../pull/api-config.ts';
import { checkBaseUrl } from '../../pull/client.ts';
import { pullMessages } from '../../pull/messages.ts';
import { PullError, pullTickets, sinceInstant, type PullProgress, type PullSummary } from '../../pull/pull.ts';
import { messages } from '../../ingest/messages.ts';
import { parseCommandArgs, type Command, type CommandIo } from '../args.ts';
import { checkDatabasePath, CliError, ExitCode } from '../failures.ts';

const HELP = `Usage: psa pull --url <base> --db <path> [--key-file <file>] [--since YYYY-MM-DD] [--dry-run] [--json] [--api-config <file>]

Fetches tickets from the Pureservice REST API into the SQLite database at
<path> (created when missing): the same tables, header mapping, typing and
rules as psa ingest, with one load-log entry per pull (source api).

The first pull fetches every ticket (--since limits it). Later pulls fetch
only tickets modified since the stored watermark, less an overlap margin
(5 minutes) against clock skew. Paging is ordered by modified, then id, and
asks for the tickets after the last one seen, so tickets that change while
the pull runs are neither skipped nor doubled.

Each page is stored in one transaction with the watermark: an interrupted
pull keeps every page it stored, and the next pull goes on from there.

The API key: --key-file <file> (a file holding only the key; keep it
readable by you alone), or the environment variable PSA_PURESERVICE_KEY.
Never an argument. It is sent only over HTTPS (plain HTTP only to this
machine) and never printed, logged or stored.

Options:
  --url <base>          the API base, https://<tenant>.pureservice.com/agent/api (required)
  --db <path>           database file (required)
  --key-file <file>     file holding the API key (else PSA_PURESERVICE_KEY)
  --since <YYYY-MM-DD>  only tickets modified since that day (Europe/Oslo), instead of the watermark
  --dry-run             fetch and check everything, say what would change, write nothing
  --json                print one JSON summary object on stdout
  --api-config <file>   JSON overriding the API's endpoints, filters and field names
                        (see pull/api-config.ts and the README)
  -h, --help            show this help

Exit codes: 0 pulled; 3 pulled, but some tickets were set aside (raw_rejects);
1 the API failed or refused the key (pages stored before stay); 2 bad arguments.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  PSA_PURESERVICE_KEY=... psa pull --url https://molde.pureservice.com/agent/api --db out/psa.sqlite
  psa pull --url https://molde.pureservice.com/agent/api --db out/psa.sqlite --key-file ~/.psa-key --since 2024-01-01`;

export const pullCommand: Command = {
  name: 'pull',
  summary: 'fetch tickets from the Pureservice REST API into the database',
  help: HELP,
  async run(argv, io) {
    refuseKeyArgument('pull', argv);
    const { values, positionals } = parseCommandArgs('pull', argv, {
      url: { type: 'string' },
      db: { type: 'string' },
      ...PULL_OPTIONS,
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (positionals.length > 0) throw new CliError(`pull: unexpected argument ${JSON.stringify(positionals[0])}\nSee: psa pull --help`, 'usage');
    if (!values.url) throw new CliError('pull: --url <base> is required\nSee: psa pull --help', 'usage');
    if (!values.db) throw new CliError('pull: --db <path> is required\nSee: psa pull --help', 'usage');
    checkDatabasePath('pull', values.db);
    const request = pullRequest('pull', values.url, values, io);
    const outcome = await runPull('pull', values.db, request, io, values['dry-run'] ?? false);
    if (values.json) io.stdout.write(`${JSON.stringify({ database: resolve(values.db), ...outcome.summary, exitCode: outcome.exitCode }, null, 2)}\n`);
    else io.stdout.write(`${textSummary(outcome.summary).join('\n')}\ndatabase: ${resolve(values.db)}\n`);
    if (outcome.failure) throw outcome.failure;
    return outcome.exitCode;
  },
};

/** `--key secret` would show in the process list and shell history: refused without repeating it. */
export function refuseKeyArgument(command: string, argv: readonly string[]): void {
  if (argv.some((a) => a === '--key' || a.startsWith('--key=') || a === '--api-key' || a.startsWith('--api-key='))) {
    throw new CliError(
      `${command}: the API key is never taken as an argument (it would show in the process list and the shell's history): ` +
        'use --key-file <file> or the environment variable PSA_PURESERVICE_KEY',
      'usage',
    );
  }
}

/** The pull options psa pull and psa run share, for parseCommandArgs. */
export const PULL_OPTIONS = {
  'key-file': { type: 'string' },
  since: { type: 'string' },
  'api-config': { type: 'string' },
} as const;

export interface PullOptionValues {
  readonly 'key-file'?: string | undefined;
  readonly since?: string | undefined;
  readonly 'api-config'?: string | undefined;
}

/** Without a pull to go with, the pull options are usage errors. */
export function refuseStrayPullOptions(command: string, values: PullOptionValues): void {
  for (const option of Object.keys(PULL_OPTIONS) as (keyof typeof PULL_OPTIONS)[]) {
    if (values[option] !== undefined) throw new CliError(`${command}: --${option} goes with --pull <base>\nSee: psa ${command} --help`, 'usage');
  }
}

export interface PullRequest {
  readonly url: string;
  readonly key: string;
  readonly since: string | undefined;
  readonly config: ApiConfig;
}

/** Checks the pull's arguments and reads the key, before anything is written; usage errors as CliError (exit 2). */
export function pullRequest(command: string, url: string, values: PullOptionValues, io: CommandIo): PullRequest {
  // A bad URL, --since or settings file is a PsaError with code usage or config: cli/failures.ts gives it exit 2.
  checkBaseUrl(url);
  const since = values.since;
  if (since !== undefined) sinceInstant(since);
  const config = values['api-config'] === undefined ? DEFAULT_API_CONFIG : readApiConfig(values['api-config']);
  return { url, key: readKey(command, values['key-file'], io), since, config };
}

function readKey(command: string, keyFile: string | undefined, io: CommandIo): string {
  if (keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch (error) {
      throw new CliError(`${command}: ${pullMessages.unreadableKeyFile(keyFile, (error as NodeJS.ErrnoException).code ?? 'error')}`, 'usage');
    }
    const key = text.trim();
    if (key === '') throw new CliError(`${command}: ${pullMessages.emptyKeyFile(keyFile)}`, 'usage');
    try {
      const mode = statSync(keyFile).mode;
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        io.stderr.write(`psa: ${command}: note: ${keyFile} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it\n`);
      }
    } catch {
      // the key was read; the mode is advice only
    }
    return key;
  }
  const key = process.env.PSA_PURESERVICE_KEY?.trim() ?? '';
  if (key === '') throw new CliError(`${command}: ${pullMessages.noKey()}`, 'usage');
  return key;
}

export interface PullOutcome {
  readonly summary: PullSummary;
  readonly exitCode: number;
  /** Set when the pull stopped part-way: what the caller throws after showing the summary. */
  readonly failure: CliError | null;
}

/** Runs the pull with a progress line on a terminal; API failures come back as `failure` with the summary of what was stored. */
export async function runPull(command: string, db: string, request: PullRequest, io: CommandIo, dryRun: boolean): Promise<PullOutcome> {
  const progress = new PullProgressLine(io.stderr);
  try {
    const summary = await pullTickets(db, {
      url: request.url,
      key: request.key,
      config: request.config,
      dryRun,
      views: METRIC_VIEWS,
      ...(request.since !== undefined ? { since: request.since } : {}),
      onProgress: (p) => progress.update(p),
    });
    return { summary, exitCode: summary.rowsRejected > 0 ? ExitCode.partial : ExitCode.success, failure: null };
  } catch (error) {
    if (error instanceof PullError) {
      const kept = error.summary.pages > 0 && !dryRun ? `\n  ${pullMessages.keptPages(error.summary.pages, error.summary.rowsRead)}` : '';
      return { summary: error.summary, exitCode: ExitCode.failure, failure: new CliError(`${command}: ${error.message}${kept}`, 'failure') };
    }
    throw error;
  } finally {
    progress.done();
  }
}

/** "pull: page 12, 6,000 tickets, 2,400 tickets/s" on a terminal, redrawn at most ten times a second. */
class PullProgressLine {
  private drawn = false;
  private last = 0;
  private readonly started = performance.now();

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) {}

  update(p: PullProgress): void {
    if (this.stream.isTTY !== true) return;
    const now = performance.now();
    if (p.waiting === null && now - this.last < 100) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(p.tickets / seconds) : 0;
    const waiting = p.waiting ? `  waiting ${(p.waiting.waitMs / 1000).toFixed(1)} s: ${p.waiting.reason}` : '';
    const line = `pull: page ${p.pages}, ${p.tickets.toLocaleString('en-US')} tickets, ${rate.toLocaleString('en-US')} tickets/s, ${p.requests} requests${waiting}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

const MODE = { full: 'full pull', since: 'since', incremental: 'incremental' } as const;

/** The readable summary of a pull. */
export function textSummary(s: PullSummary): string[] {
  const lines: string[] = [];
  const from = s.fromModified === null ? '' : ` from ${s.fromModified}`;
  const load = s.loadId === null ? (s.dryRun ? 'dry run: nothing written' : 'nothing new') : `load ${s.loadId}`;
  lines.push(`${s.baseUrl}: ${messages.readSummary(s.rowsRead, s.rowsLoaded, s.rowsRejected)} (${load}, ${MODE[s.mode]}${from}, ${s.pages} pages, ${s.requests} requests, ${s.retries} retries)`);
  lines.push(`  tickets: ${s.ticketsInserted} new, ${s.ticketsUpdated} updated, ${s.ticketsUnchanged} unchanged${s.dryRun ? ' (would be)' : ''}`);
  if (s.watermark !== null && !s.dryRun) lines.push(`  watermark: modified ${s.watermark.modified}, ticket id ${s.watermark.ticketId}`);
  for (const notice of s.notices) lines.push(`  note: ${notice}`);
  if (s.rowsRejected > 0) {
    lines.push(`  rejected (${Object.entries(s.rejectsByCode).map(([code, n]) => `${code} ${n}`).join(', ')}):`);
    for (const r of s.rejects) lines.push(`    ticket #${r.line} of the pull${r.columnName ? ` (${r.columnName})` : ''} ${r.code}: ${r.message}`);
    if (s.rowsRejected > s.rejects.length && s.loadId !== null) {
      lines.push(`    ...and ${s.rowsRejected - s.rejects.length} more: SELECT * FROM raw_rejects WHERE load_id = ${s.loadId}`);
    }
  }
  return lines;
}
