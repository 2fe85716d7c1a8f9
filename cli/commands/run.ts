/** `psa run`: every stage at once, from exports to the dashboard. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { preloadRenderers } from '../../dashboards/render.ts';
import { collectGarbage } from '../../core/native-memory.ts';
import { SvgRenderer } from '../../dashboards/svg-renderer.ts';
import type { ChartLanguage } from '../../metrics/charts/i18n.ts';
import type { MetricsOptions, Report } from '../../metrics/compute.ts';
import { writeOutputs } from '../../core/write-outputs.ts';
import { MANIFEST, writeMonthFolder, type FolderResult } from '../../publications/folders.ts';
import { publicationsIndexHtml } from '../../publications/index-page.ts';
import { existingPublication, listPublications, publish, PublicationError, type Publication } from '../../publications/publish.ts';
import { restatementSentences } from '../../publications/sentences.ts';
import { openDatabase, type PsaDatabase } from '../../store/open.ts';
import { loadRules, type Rules } from '../../transform/rules.ts';
import { parseCommandArgs, type Command, type CommandIo } from '../args.ts';
import { checkDatabasePath, checkOutputPath, CliError, ExitCode } from '../failures.ts';
import { loadNotes, NO_NOTES, type ReportNotes } from '../../report/notes.ts';
import { dashboardOutputFiles, dashboardSummary } from './dashboard.ts';
import { renderReport } from './report.ts';
import { exitCodeOf, jsonSummary, runWithProgress, textSummary } from './ingest.ts';
import { headline, metricsOf } from './metrics.ts';
import { MONTH_AS_OF_HELP, REPORT_OPTIONS, reportOptions } from '../report-options.ts';
import { preloadDocx } from '../../report/docx.ts';
import { PULL_OPTIONS, pullRequest, refuseKeyArgument, refuseStrayPullOptions, runPull, textSummary as pullTextSummary, type PullRequest } from './pull.ts';
import { modeNote, transformWithProgress } from './transform.ts';

const HELP = `Usage: psa run <export.csv>... --out <dir> [--db <path>] [--rules <file>] [--full] [--month YYYY-MM] [--as-of YYYY-MM-DD] [--lang nb|en] [--include-subjects] [--notes <file>]
       psa run --pull <base> --out <dir> [<export.csv>...] [--key-file <file>] [--since YYYY-MM-DD] [--api-config <file>] [options]

Runs the whole pipeline, with one progress line per stage on stderr:
  pull       with --pull: fetch tickets from the Pureservice API (as psa pull)
  ingest     load the exports into the database (as psa ingest); left out
             when --pull is given without exports
  transform  repair and classify the tickets that changed, or every ticket
             (as psa transform; its stage line says which)
  metrics    compute the report's figures (as psa metrics)
  dashboard  index.html, metrics.json and every chart as Vega-Lite, SVG
             and PNG (as psa dashboard)
  report     report.docx and report.md, the report's section drafted from
             the figures (as psa report)
The files are published: recorded in the database with the facts behind
them, and written to <dir>/<YYYY-MM>/ (the report month), with
<dir>/index.html listing every publication. The same inputs publish nothing
new; changed figures for a month already published make its next version,
and the earlier one moves to <dir>/<YYYY-MM>.v<N>/, untouched. Figures of
earlier publications that changed are restated, with their reasons (see
psa changes).
Exports already in the database are recognised by their SHA-256 and skipped,
so running again with this month's export added loads only that one. With
--pull, each run fetches what changed since the last pull.

Options:
  --pull <base>         pull from the Pureservice API first, e.g.
                        https://<tenant>.pureservice.com/agent/api; the key
                        from --key-file <file> or PSA_PURESERVICE_KEY
  --key-file <file>     file holding the API key (with --pull)
  --since <YYYY-MM-DD>  with --pull: tickets modified since that day, not the watermark
  --api-config <file>   with --pull: the API's endpoints and field names (see psa pull --help)
  --out <dir>           output folder (required; created when missing): the
                        report goes to <dir>/<YYYY-MM>/
  --db <path>           database file (default <dir>/psa.sqlite)
  --rules <file>        rules file, YAML or JSON (default: the shipped rules)
  --full                transform every ticket again, not only the changed
                        ones (see psa transform --help)
${MONTH_AS_OF_HELP}
  --lang <nb|en>        language of the page, charts and report (default nb)
  --include-subjects    show ticket subjects in the incident lists and the
                        report (personal data: left out by default)
  --notes <file>        the report's notes file (YAML; see psa report --help)
  -h, --help            show this help

Exit codes: 0 done; 3 done, but some rows were rejected (see raw_rejects);
1 a stage failed (an export could not be loaded, or the data cannot give the
figures); 2 bad arguments, a bad rules file or a bad notes file (nothing is
changed).
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa run export-2024-10.csv --out report
  PSA_PURESERVICE_KEY=... psa run --pull https://molde.pureservice.com/agent/api --out report
  psa run export-2024-09.csv export-2024-10.csv --out report --lang en
  psa run export-2024-11.csv --out report    (adds report/2024-11/)`;


export const runCommand: Command = {
  name: 'run',
  summary: 'run every stage at once: ingest, transform, metrics, dashboard and report',
  help: HELP,
  async run(argv, io) {
    refuseKeyArgument('run', argv);
    const { values, positionals } = parseCommandArgs('run', argv, {
      pull: { type: 'string' },
      ...PULL_OPTIONS,
      out: { type: 'string' },
      db: { type: 'string' },
      rules: { type: 'string' },
      full: { type: 'boolean' },
      ...REPORT_OPTIONS,
      notes: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (positionals.length === 0 && values.pull === undefined) throw new CliError('run: no export file given (or --pull <base>)\nSee: psa run --help', 'usage');
    if (!values.out) throw new CliError('run: --out <dir> is required\nSee: psa run --help', 'usage');
    if (values.pull === undefined) refuseStrayPullOptions('run', values);
    const { lang, metrics } = reportOptions('run', values);
    const pull = values.pull === undefined ? null : pullRequest('run', values.pull, values, io);
    // Every argument is checked before anything is written: a bad rules or notes file is a config error (exit 2).
    const rules = loadRules(values.rules);
    const notes = values.notes === undefined ? NO_NOTES : loadNotes(values.notes);
    const out = values.out;
    const db = values.db ?? join(out, 'psa.sqlite');
    checkOutputPath('run', out);
    checkDatabasePath('run', db);
    mkdirSync(out, { recursive: true });
    const stage = new StageLog(io, (pull ? 1 : 0) + (positionals.length > 0 ? 1 : 0) + 4);
    const renderer = new LazyRenderer();
    // A run of a municipality's export (tens of thousands of tickets) starts the renderer now: its worker loads vega
    // and warms up while the data is loaded, and its heap is small beside what a large export's stages hold.
    if (pull === null && exportBytes(positionals) < EARLY_RENDERER_BYTES) renderer.start();
    try {
      return await runStages(io, stage, renderer, { pull, exports: positionals, out, db, rules, full: values.full === true, notes, lang, metrics });
    } finally {
      await renderer.close();
    }
  },
};

interface RunOptions {
  readonly pull: PullRequest | null;
  readonly exports: readonly string[];
  readonly out: string;
  readonly db: string;
  readonly rules: Rules;
  /** --full: transform every ticket again. */
  readonly full: boolean;
  readonly notes: ReportNotes;
  readonly lang: ChartLanguage;
  readonly metrics: MetricsOptions;
}

/** Exports smaller than this in all (some 200,000 tickets) have the chart renderer started with the run, not with the metrics. */
const EARLY_RENDERER_BYTES = 50_000_000;

/**
 * A database of this size or more (some 100,000 tickets) has its run keep
 * memory low from the metrics on: a collection before each stage, and the
 * dashboard's PNGs made after its SVGs, with the renderer closed. It costs
 * about 0.2 s; a municipality's database (tens of MB) is not slowed.
 */
const LOW_MEMORY_DATABASE_BYTES = 100_000_000;

/** A file's size in bytes; 0 when it cannot be read. */
function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The exports' size in bytes (a file that cannot be read counts nothing: ingest says what is wrong with it). */
function exportBytes(paths: readonly string[]): number {
  let total = 0;
  for (const path of paths) total += fileBytes(path);
  return total;
}

/**
 * The chart renderer, started by the metrics stage (or, for a small run, at
 * once: see EARLY_RENDERER_BYTES): its worker thread loads
 * vega and draws its warm-up charts (about 0.6 s) on the other core while
 * this thread computes the figures, and is ready for the dashboard. Started
 * earlier, its V8 heap (some 80 MB resident) would sit beside the ingest's
 * and the transform's workers, and raise the run's peak memory by as much.
 */
class LazyRenderer {
  private renderer: SvgRenderer | null = null;

  start(): SvgRenderer {
    if (this.renderer === null) {
      this.renderer = SvgRenderer.start();
      preloadRenderers('png');
    }
    return this.renderer;
  }

  async close(): Promise<void> {
    const renderer = this.renderer;
    this.renderer = null;
    await renderer?.close();
  }
}

async function runStages(io: CommandIo, stage: StageLog, lazyRenderer: LazyRenderer, options: RunOptions): Promise<number> {
  const { out, db, rules, lang } = options;

  let pullCode: number = ExitCode.success;
  if (options.pull !== null) {
    stage.start('pull');
    const pulled = await runPull('run', db, options.pull, io, false);
    if (pulled.failure) {
      io.stderr.write(`${pullTextSummary(pulled.summary).join('\n')}\n`);
      throw new CliError(`${pulled.failure.message}\nrun: nothing after pull was run`, 'failure');
    }
    pullCode = pulled.exitCode;
    if (pullCode !== ExitCode.success) io.stderr.write(`${pullTextSummary(pulled.summary).join('\n')}\n`);
    const s = pulled.summary;
    stage.done(
      `${s.rowsRead.toLocaleString('en')} tickets read, ${s.rowsLoaded.toLocaleString('en')} loaded, ${s.rowsRejected.toLocaleString('en')} rejected` +
        ` (${s.mode === 'incremental' ? `changed since ${s.fromModified}` : s.mode === 'since' ? `modified since ${s.fromModified}` : 'full pull'}, ${s.pages} pages)`,
    );
  }

  let ingestCode: number = ExitCode.success;
  if (options.exports.length > 0) {
    stage.start('ingest');
    const ingest = await runWithProgress(db, options.exports, io, {});
    const loaded = jsonSummary(ingest);
    ingestCode = exitCodeOf(ingest);
    if (ingestCode !== ExitCode.success) io.stderr.write(textSummary(ingest));
    if (ingestCode === ExitCode.failure) throw new CliError('run: an export could not be loaded (see above); nothing after ingest was run', 'failure');
    stage.done(
      `${loaded.rowsRead.toLocaleString('en')} rows read, ${loaded.rowsLoaded.toLocaleString('en')} loaded, ${loaded.rowsRejected.toLocaleString('en')} rejected` +
        (loaded.alreadyLoaded ? ' (already loaded)' : ''),
    );
  }
  const partial = pullCode === ExitCode.partial || ingestCode === ExitCode.partial;

  stage.start('transform');
  const transformed = await transformWithProgress(db, rules, io, 'run', { full: options.full });
  const future = transformed.findingsByRule.FUTURE_TIMESTAMP;
  stage.done(
    `${transformed.tickets.toLocaleString('en')} tickets (${modeNote(transformed)}), ${transformed.findings.toLocaleString('en')} findings` +
      (future > 0 ? `; ${future.toLocaleString('en')} with a timestamp after the export's date (FUTURE_TIMESTAMP), left out of the as-of instant` : ''),
  );

  // A large database's run lets no stage start beside the last one's garbage, and draws its PNGs after its SVGs (dashboards/dashboard.ts).
  const lowMemory = fileBytes(db) >= LOW_MEMORY_DATABASE_BYTES;
  const nextStage = (name: string) => {
    if (lowMemory) collectGarbage();
    stage.start(name);
  };
  nextStage('metrics');
  const renderer = lazyRenderer.start();
  const report = await metricsOf('run', db, options.metrics);
  const store = await openDatabase(db, { views: METRIC_VIEWS });
  try {
    // The same figures as the month's latest publication: its stored document, so the files come out byte-identical.
    const doc = existingPublication(store, report)?.document ?? report.doc;
    stage.done(`report month ${doc.reportMonth}`);

    nextStage('dashboard');
    // Word's library loads while this thread waits for the charts.
    preloadDocx().catch(() => {
      // Reported by the report stage, which needs it.
    });
    const dashboard = await dashboardOutputFiles(doc, lang, report.timeZone, renderer, lowMemory);
    // The report uses the dashboard's PNGs: the renderer's worker and its heap go before the report and the publication are made.
    await lazyRenderer.close();
    stage.done(`${dashboard.length} files`);

    nextStage('report');
    // The report shows the dashboard's PNGs: nothing is drawn twice.
    const reportFiles = await renderReport(doc, lang, options.notes, io, dashboard);
    stage.done(reportFiles.map((f) => f.name).join(', '));
    const files = [...dashboard, ...reportFiles];
    const reportNames = new Set(reportFiles.map((f) => f.name));

    // Publishing is part of writing the outputs: the publication is recorded, then its files are put in the month's folder.
    if (lowMemory) collectGarbage();
    const publication = publishOrFail(store, report);
    const folder = writeMonthFolder(out, doc.reportMonth, publication.version, files);
    writeOutputs(out, [{ name: PUBLICATIONS_INDEX, content: publicationsIndexHtml(out, listPublications(store), lang) }]);

    io.stdout.write(headline(doc));
    io.stdout.write(publicationSummary(publication, folder));
    for (const sentence of restatementSentences(doc.restatements, 'en')) io.stdout.write(`  ${sentence}\n`);
    if (publication.document.restatements.figures.length > 0) io.stdout.write(`  Ticket by ticket: psa changes --db ${db} --month ${doc.reportMonth}\n`);
    io.stdout.write(dashboardSummary(folder.dir, folder.files.filter((f) => !f.endsWith(MANIFEST) && !reportNames.has(basename(f)))));
    io.stdout.write(`Wrote ${join(folder.dir, 'report.docx')} and ${join(folder.dir, 'report.md')}\n`);
    io.stdout.write(`Database: ${db}\nOpen ${join(folder.dir, 'index.html')} in a browser; ${join(out, PUBLICATIONS_INDEX)} lists every publication.\n`);
    if (partial) io.stdout.write(`Some rows were rejected: SELECT * FROM raw_rejects in ${db} says which and why.\n`);
    return partial ? ExitCode.partial : ExitCode.success;
  } finally {
    await store.close();
  }
}

function publishOrFail(store: PsaDatabase, report: Report): Publication {
  try {
    return publish(store, report);
  } catch (error) {
    if (error instanceof PublicationError) throw new CliError(`run: ${error.message}`, 'failure');
    throw error;
  }
}

function publicationSummary(p: Publication, folder: FolderResult): string {
  const what = p.isNew
    ? `Published ${p.reportMonth} as version ${p.version}${p.version > 1 ? ` (the figures differ from version ${p.version - 1})` : ''}`
    : `${p.reportMonth} version ${p.version} was already published with these figures: nothing new${folder.written ? ' (its folder was put back)' : ''}`;
  const kept = folder.keptAs === null ? '' : `; version ${p.version - 1} stays in ${folder.keptAs}`;
  return `${what}${kept}.\n`;
}

/** One line per stage on stderr: "[2/4] transform  18,012 tickets, 2,345 findings  0.61 s". */
class StageLog {
  private index = 0;
  private name = '';
  private started = 0;

  constructor(
    private readonly io: CommandIo,
    private readonly stages: number,
  ) {}

  start(name: string): void {
    this.index++;
    this.name = name;
    this.started = performance.now();
  }

  done(detail: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(2);
    this.io.stderr.write(`[${this.index}/${this.stages}] ${this.name.padEnd(9)}  ${detail}  ${seconds} s\n`);
  }
}

export const PUBLICATIONS_INDEX = 'index.html';
