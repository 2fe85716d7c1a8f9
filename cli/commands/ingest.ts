/** `psa ingest`: load Pureservice exports into the database. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { readColumnsFile, ColumnsFileError } from '../../ingest/headers.ts';
import { ingestFiles, type FileOutcome, type IngestRun } from '../../ingest/ingest-files.ts';
import { messages } from '../../ingest/messages.ts';
import type { IngestOptions } from '../../ingest/load.ts';
import { isValidZone } from '../../core/timestamps.ts';
import { parseCommandArgs, type Command, type CommandIo } from '../args.ts';
import { checkDatabasePath, CliError, ExitCode } from '../failures.ts';
import { ProgressBar } from '../progress.ts';

const HELP = `Usage: psa ingest <export.csv|export.xlsx>... --db <path> [options]

Loads Pureservice ticket exports (CSV or Excel .xlsx) into the SQLite database at <path>,
creating it when missing. Each file is one transaction: it is loaded whole or
not at all. Every row read is either loaded or quarantined in raw_rejects with
its line, column and reason, and read = loaded + rejected always holds.

Formats: delimiter ; , or tab (or Excel's sep= hint); UTF-8 (with or without
BOM), Windows-1252 or UTF-16 (Excel's "Unicode text"); LF, CRLF or CR line
ends; .xlsx workbooks (the first sheet, or --sheet); Norwegian UI headers
(Saksnummer, Opprettet, ...) or API names (requestNumber, created, ...);
timestamps dd.mm.yyyy HH:mm[:ss], dd.mm.yyyy or ISO-8601 (and Excel date
cells), those without an offset read as Europe/Oslo wall-clock time.

A file already loaded (same SHA-256) is skipped. A row replaces a stored
ticket only when its newest timestamp ("modified", else the latest of
created, responded, resolved, closed) is newer, or as new with other values
(counted in the summary), so loading an older export after a newer one
changes nothing.

Options:
  --db <path>          database file (required)
  --columns <file>     JSON mapping of other header names to psa fields:
                       {"columns": {"Sak nr.": "requestNumber", "Notat": null}}
  --zone <iana-zone>   time zone of timestamps without an offset (default Europe/Oslo)
  --sheet <name>       the sheet of an .xlsx workbook to read (default: the first)
  --json               print one JSON summary object on stdout
  -h, --help           show this help

Exit codes: 0 all rows loaded (or already loaded); 3 loaded, but some rows were
rejected; 1 a file could not be loaded; 2 bad arguments.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa ingest export-2024-10.csv --db out/psa.sqlite
  psa ingest old.csv new.csv --db out/psa.sqlite --json`;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'load Pureservice exports into the database',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('ingest', argv, {
      db: { type: 'string' },
      columns: { type: 'string' },
      zone: { type: 'string' },
      sheet: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (positionals.length === 0) throw new CliError('ingest: no export file given\nSee: psa ingest --help', 'usage');
    if (!values.db) throw new CliError('ingest: --db <path> is required\nSee: psa ingest --help', 'usage');
    checkDatabasePath('ingest', values.db);
    let columns;
    try {
      columns = values.columns ? readColumnsFile(values.columns) : undefined;
    } catch (error) {
      if (error instanceof ColumnsFileError) throw new CliError(error.message, 'usage');
      throw error;
    }
    if (values.zone !== undefined && !isValidZone(values.zone)) {
      throw new CliError(`ingest: --zone: ${JSON.stringify(values.zone)} is not an IANA time zone (e.g. Europe/Oslo)`, 'usage');
    }
    const run = await runWithProgress(values.db, positionals, io, {
      ...(columns ? { columns } : {}),
      ...(values.zone ? { zone: values.zone } : {}),
      ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    });
    // Files that could not be loaded are errors: stderr, whatever the output format.
    io.stderr.write(failureLines(run).map((l) => `psa: ingest: ${l}\n`).join(''));
    if (values.json) io.stdout.write(`${JSON.stringify(jsonSummary(run), null, 2)}\n`);
    else io.stdout.write(textSummary(run, false));
    return exitCodeOf(run);
  },
};

export async function runWithProgress(
  db: string,
  files: readonly string[],
  io: CommandIo,
  options: Pick<IngestOptions, 'columns' | 'zone' | 'sheet'>,
): Promise<IngestRun> {
  let bar: ProgressBar | null = null;
  try {
    return await ingestFiles(db, files, {
      ...options,
      views: METRIC_VIEWS,
      onProgress: (p) => {
        bar ??= new ProgressBar(io.stderr, p.file);
        bar.update(p.bytesRead, p.totalBytes, p.rowsRead);
      },
    });
  } finally {
    (bar as ProgressBar | null)?.done();
  }
}

export function exitCodeOf(run: IngestRun): number {
  if (run.files.some((f) => !f.ok)) return ExitCode.failure;
  if (run.files.some((f) => f.ok && f.rowsRejected > 0)) return ExitCode.partial;
  return ExitCode.success;
}

function totals(run: IngestRun) {
  const ok = run.files.filter((f): f is Extract<FileOutcome, { ok: true }> => f.ok);
  const sum = (key: 'rowsRead' | 'rowsLoaded' | 'rowsRejected' | 'ticketsInserted' | 'ticketsUpdated' | 'ticketsUnchanged') =>
    ok.reduce((n, f) => n + f[key], 0);
  return {
    rowsRead: sum('rowsRead'),
    rowsLoaded: sum('rowsLoaded'),
    rowsRejected: sum('rowsRejected'),
    ticketsInserted: sum('ticketsInserted'),
    ticketsUpdated: sum('ticketsUpdated'),
    ticketsUnchanged: sum('ticketsUnchanged'),
  };
}

/** The --json summary: totals over all files, then each file. */
export function jsonSummary(run: IngestRun) {
  return {
    database: run.database,
    ...totals(run),
    alreadyLoaded: run.files.length > 0 && run.files.every((f) => f.ok && f.alreadyLoaded),
    failed: run.files.filter((f) => !f.ok).length,
    exitCode: exitCodeOf(run),
    files: run.files,
  };
}

/** One line per file that could not be loaded. */
export function failureLines(run: IngestRun): string[] {
  return run.files.flatMap((f) => (f.ok ? [] : [`${f.file}${f.line === null ? '' : `:${f.line}`}: not loaded: ${f.error}`]));
}

/** The readable summary; `withFailures` false leaves out the files not loaded (they go to stderr). */
export function textSummary(run: IngestRun, withFailures = true): string {
  const lines: string[] = [];
  for (const f of run.files) {
    if (!f.ok) {
      if (withFailures) lines.push(`${f.file}${f.line === null ? '' : `:${f.line}`}: not loaded: ${f.error}`);
      continue;
    }
    if (f.alreadyLoaded) {
      lines.push(`${f.file}: ${messages.alreadyLoaded(f.loadId, f.alreadyLoadedAs ?? f.file)}`);
      continue;
    }
    lines.push(`${f.file}: ${messages.readSummary(f.rowsRead, f.rowsLoaded, f.rowsRejected)} (load ${f.loadId}, ${f.encoding}, delimiter ${f.delimiter === '\t' ? 'tab' : JSON.stringify(f.delimiter)})`);
    lines.push(`  tickets: ${f.ticketsInserted} new, ${f.ticketsUpdated} updated, ${f.ticketsUnchanged} unchanged`);
    if (f.ignoredColumns.length > 0) lines.push(`  columns not used (kept in raw_rows): ${f.ignoredColumns.join(', ')}`);
    for (const notice of f.notices) lines.push(`  note: ${notice}`);
    if (f.rowsRejected > 0) {
      const byCode = Object.entries(f.rejectsByCode).map(([code, n]) => `${code} ${n}`).join(', ');
      lines.push(`  rejected (${byCode}):`);
      for (const r of f.rejects) {
        const where = `${f.file}:${r.line}${r.column === null ? '' : `:${r.column}`}`;
        lines.push(`    ${where}${r.columnName ? ` (${r.columnName})` : ''} ${r.code}: ${r.message}`);
      }
      if (f.rowsRejected > f.rejects.length) {
        lines.push(`    ...and ${f.rowsRejected - f.rejects.length} more: SELECT * FROM raw_rejects WHERE load_id = ${f.loadId}`);
      }
    }
  }
  const t = totals(run);
  if (run.files.length > 1) lines.push(`all files: ${messages.readSummary(t.rowsRead, t.rowsLoaded, t.rowsRejected)}`);
  lines.push(`database: ${run.database}`);
  return `${lines.join('\n')}\n`;
}
