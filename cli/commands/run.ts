/** `psa run`: every stage at once, from exports to the dashboard. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { preloadRenderers } from '../../dashboards/render.ts';
import { SvgRenderer } from '../../dashboards/svg-renderer.ts';
import type { ChartLanguage } from '../../metrics/charts/i18n.ts';
import type { Report } from '../../metrics/compute.ts';
import { writeOutputs } from '../../metrics/write-outputs.ts';
import { MANIFEST, writeMonthFolder, type FolderResult } from '../../publications/folders.ts';
import { publicationsIndexHtml } from '../../publications/index-page.ts';
import { existingPublication, listPublications, publish, PublicationError, type Publication } from '../../publications/publish.ts';
import { restatementSentences } from '../../publications/sentences.ts';
import { openDatabase, type PsaDatabase } from '../../store/open.ts';
import type { Rules } from '../../transform/rules.ts';
import { parseCommandArgs, type Command, type CommandIo } from '../args.ts';
import { CliError, ExitCode } from '../errors.ts';
import { checkDatabasePath, checkOutputPath } from '../failures.ts';
import { dashboardOutputFiles, dashboardSummary } from './dashboard.ts';
import { exitCodeOf, jsonSummary, runWithProgress, textSummary } from './ingest.ts';
import { checkReportOptions, headline, metricsOf } from './metrics.ts';
import { rulesOrUsageError, transformWithProgress } from './transform.ts';

const HELP = `Usage: psa run <export.csv>... --out <dir> [--db <path>] [--rules <file>] [--month YYYY-MM] [--lang nb|en] [--include-subjects]

Runs the whole pipeline, with one progress line per stage on stderr:
  1 ingest     load the exports into the database (as psa ingest)
  2 transform  repair and classify every ticket (as psa transform)
  3 metrics    compute the report's figures (as psa metrics)
  4 dashboard  index.html, metrics.json and every chart as Vega-Lite, SVG
               and PNG (as psa dashboard)
The files are published: recorded in the database with the facts behind
them, and written to <dir>/<YYYY-MM>/ (the report month), with
<dir>/index.html listing every publication. The same inputs publish nothing
new; changed figures for a month already published make its next version,
and the earlier one moves to <dir>/<YYYY-MM>.v<N>/, untouched. Figures of
earlier publications that changed are restated, with their reasons (see
psa changes).
Exports already in the database are recognised by their SHA-256 and skipped,
so running again with this month's export added loads only that one.

Options:
  --out <dir>           output folder (required; created when missing): the
                        report goes to <dir>/<YYYY-MM>/
  --db <path>           database file (default <dir>/psa.sqlite)
  --rules <file>        rules file, YAML or JSON (default: the shipped rules)
  --month <YYYY-MM>     report month (default: the last month that ended by
                        the as-of instant)
  --lang <nb|en>        language of the page and charts (default nb)
  --include-subjects    show ticket subjects in the incident lists
                        (personal data: left out by default)
  -h, --help            show this help

Exit codes: 0 done; 3 done, but some rows were rejected (see raw_rejects);
1 a stage failed (an export could not be loaded, or the data cannot give the
figures); 2 bad arguments or a bad rules file (nothing is changed).

Examples:
  psa run export-2024-10.csv --out report
  psa run export-2024-09.csv export-2024-10.csv --out report --lang en
  psa run export-2024-11.csv --out report    (adds report/2024-11/)`;

const STAGES = 4;

export const runCommand: Command = {
  name: 'run',
  summary: 'run every stage at once: ingest, transform, metrics and dashboard',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      out: { type: 'string' },
      db: { type: 'string' },
      rules: { type: 'string' },
      month: { type: 'string' },
      lang: { type: 'string' },
      'include-subjects': { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (positionals.length === 0) throw new CliError('run: no export file given\nSee: psa run --help', ExitCode.usage);
    if (!values.out) throw new CliError('run: --out <dir> is required\nSee: psa run --help', ExitCode.usage);
    const lang = checkReportOptions('run', values);
    // Every argument is checked before anything is written.
    const rules = rulesOrUsageError('run', values.rules);
    const out = values.out;
    const db = values.db ?? join(out, 'psa.sqlite');
    checkOutputPath('run', out);
    checkDatabasePath('run', db);
    mkdirSync(out, { recursive: true });
    const stage = new StageLog(io);
    // The chart renderer starts now, in a worker thread: it loads vega while the data is loaded and transformed.
    const renderer = SvgRenderer.start();
    preloadRenderers('png');
    try {
      return await runStages(io, stage, renderer, { exports: positionals, out, db, rules, lang, month: values.month, includeSubjects: values['include-subjects'] ?? false });
    } finally {
      await renderer.close();
    }
  },
};

interface RunOptions {
  readonly exports: readonly string[];
  readonly out: string;
  readonly db: string;
  readonly rules: Rules;
  readonly lang: ChartLanguage;
  readonly month: string | undefined;
  readonly includeSubjects: boolean;
}

async function runStages(io: CommandIo, stage: StageLog, renderer: SvgRenderer, options: RunOptions): Promise<number> {
  const { out, db, rules, lang } = options;

  stage.start('ingest');
  const ingest = await runWithProgress(db, options.exports, io, {});
  const loaded = jsonSummary(ingest);
  const ingestCode = exitCodeOf(ingest);
  if (ingestCode !== ExitCode.success) io.stderr.write(textSummary(ingest));
  if (ingestCode === ExitCode.failure) throw new CliError('run: an export could not be loaded (see above); nothing after ingest was run', ExitCode.failure);
  stage.done(
    `${loaded.rowsRead.toLocaleString('en')} rows read, ${loaded.rowsLoaded.toLocaleString('en')} loaded, ${loaded.rowsRejected.toLocaleString('en')} rejected` +
      (loaded.alreadyLoaded ? ' (already loaded)' : ''),
  );

  stage.start('transform');
  const transformed = await transformWithProgress(db, rules, io, 'run');
  stage.done(`${transformed.tickets.toLocaleString('en')} tickets, ${transformed.findings.toLocaleString('en')} findings`);

  stage.start('metrics');
  const report = await metricsOf('run', db, { month: options.month, includeSubjects: options.includeSubjects });
  const store = await openDatabase(db);
  try {
    // The same figures as the month's latest publication: its stored document, so the files come out byte-identical.
    const doc = existingPublication(store, report)?.document ?? report.doc;
    stage.done(`report month ${doc.reportMonth}`);

    stage.start('dashboard');
    const files = await dashboardOutputFiles(doc, lang, report.timeZone, renderer);
    stage.done(`${files.length} files`);

    // Publishing is part of writing the outputs: the publication is recorded, then its files are put in the month's folder.
    const publication = publishOrFail(store, report);
    const folder = writeMonthFolder(out, doc.reportMonth, publication.version, files);
    writeOutputs(out, [{ name: PUBLICATIONS_INDEX, content: publicationsIndexHtml(out, listPublications(store), lang) }]);

    io.stdout.write(headline(doc));
    io.stdout.write(publicationSummary(publication, folder));
    for (const sentence of restatementSentences(doc.restatements, 'en')) io.stdout.write(`  ${sentence}\n`);
    if (publication.document.restatements.figures.length > 0) io.stdout.write(`  Ticket by ticket: psa changes --db ${db} --month ${doc.reportMonth}\n`);
    io.stdout.write(dashboardSummary(folder.dir, folder.files.filter((f) => !f.endsWith(MANIFEST))));
    io.stdout.write(`Database: ${db}\nOpen ${join(folder.dir, 'index.html')} in a browser; ${join(out, PUBLICATIONS_INDEX)} lists every publication.\n`);
    if (ingestCode === ExitCode.partial) io.stdout.write(`Some rows were rejected: SELECT * FROM raw_rejects in ${db} says which and why.\n`);
    return ingestCode;
  } finally {
    await store.close();
  }
}

function publishOrFail(store: PsaDatabase, report: Report): Publication {
  try {
    return publish(store, report);
  } catch (error) {
    if (error instanceof PublicationError) throw new CliError(`run: ${error.message}`, ExitCode.failure);
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

  constructor(private readonly io: CommandIo) {}

  start(name: string): void {
    this.index++;
    this.name = name;
    this.started = performance.now();
  }

  done(detail: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(2);
    this.io.stderr.write(`[${this.index}/${STAGES}] ${this.name.padEnd(9)}  ${detail}  ${seconds} s\n`);
  }
}

export const PUBLICATIONS_INDEX = 'index.html';
