/** `psa report`: the monthly report's service-desk section as Word and Markdown, drafted from the figures. */
import { basename } from 'node:path';
import { ChartRenderError } from '../../dashboards/render.ts';
import type { SvgRenderer } from '../../dashboards/svg-renderer.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { writeOutputs, type OutputFile } from '../../core/write-outputs.ts';
import type { ReportLanguage } from '../../report/format.ts';
import { loadNotes, NO_NOTES, type ReportNotes } from '../../report/notes.ts';
import { chartsByName, renderReportCharts, reportFiles } from '../../report/report-files.ts';
import { PSA_VERSION } from '../../store/version.ts';
import type { Command, CommandIo } from '../args.ts';
import { CliError, ExitCode } from '../failures.ts';
import { MONTH_AS_OF_HELP, reportCommandArgs } from '../report-options.ts';
import { metricsOf } from './metrics.ts';

const HELP = `Usage: psa report --db <path> --out <dir> [--month YYYY-MM] [--as-of YYYY-MM-DD] [--lang nb|en] [--include-subjects] [--notes <file>]

Writes the monthly report's service-desk section ("2.1.4 Service og
support"), drafted from the figures of a database transformed by
psa transform:
  report.docx   Word document: headings, text, tables, the critical and
                high incidents, and the charts (PNG at the page's width
                between Word's default margins, with alt text)
  report.md     the same content as Markdown, for wikis and pipelines
  <chart>.png   the charts report.md shows
Every sentence follows a documented rule (report/README.md); every number
in the text is a figure of metrics.json for the month. No network is used.
The same database, options and notes give byte-identical files.

Options:
  --db <path>           database file transformed by psa transform (required)
  --out <dir>           output folder (required; created when missing)
${MONTH_AS_OF_HELP}
  --lang <nb|en>        language of the text and charts (default nb)
  --include-subjects    use ticket subjects as the descriptions of the
                        critical and high incidents (personal data: left out
                        by default)
  --notes <file>        YAML notes file: the section's number and title, a
                        description per ticket number (wins over the
                        subject), and paragraphs per sub-section
  -h, --help            show this help

Arguments, the notes file and the month are checked before anything is
written.

Exit codes: 0 done; 1 the database cannot give the figures (missing, not
transformed, or loaded since); 2 bad arguments or a bad notes file.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa report --db out/psa.sqlite --out out
  psa report --db out/psa.sqlite --out report --notes notes-2024-10.yaml --include-subjects`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the report section as Word (report.docx) and Markdown (report.md)',
  help: HELP,
  async run(argv, io) {
    const args = reportCommandArgs('report', argv, true, { notes: true });
    if (args === null) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    const { db, out, lang, metrics } = args;
    // A bad notes file is a config error (exit 2), found before the database is opened.
    const notes = args.notes === undefined ? NO_NOTES : loadNotes(args.notes);
    const { doc } = await metricsOf('report', db, metrics);
    const files = await renderReport(doc, lang, notes, io);
    const written = writeOutputs(out, files);
    io.stdout.write(reportSummary(out, written));
    return ExitCode.success;
  },
};

/**
 * The report's files: report.docx and report.md, and the PNG charts they
 * show. `pngs`: charts drawn already (psa run's dashboard); otherwise they
 * are drawn here and returned among the files.
 */
export async function renderReport(doc: MetricsDocument, lang: ReportLanguage, notes: ReportNotes, io: CommandIo, pngs?: readonly OutputFile[], renderer?: SvgRenderer): Promise<OutputFile[]> {
  try {
    const charts = pngs ?? (await renderReportCharts(doc, lang, renderer));
    const { content, files } = await reportFiles(doc, { lang, notes, version: PSA_VERSION }, chartsByName(charts));
    if (content.unusedDescriptions.length > 0) {
      io.stderr.write(`note: the notes file describes tickets that are not critical or high incidents of ${doc.reportMonth}: ${content.unusedDescriptions.join(', ')}\n`);
    }
    return pngs === undefined ? [...files, ...charts] : files;
  } catch (error) {
    if (error instanceof ChartRenderError) throw new CliError(`report: ${error.message}; nothing was written`, 'failure');
    throw error;
  }
}

export function reportSummary(dir: string, files: readonly string[]): string {
  const names = files.map((f) => basename(f));
  const pngs = names.filter((n) => n.endsWith('.png')).length;
  return `Wrote ${files.length} files to ${dir}: report.docx, report.md${pngs > 0 ? ` and ${pngs} PNG charts` : ''}\n`;
}
