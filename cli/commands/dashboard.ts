/** `psa dashboard`: the report's figures as an offline HTML page and SVG/PNG charts. */
import { basename } from 'node:path';
import { DASHBOARD_PAGE, dashboardFiles } from '../../dashboards/dashboard.ts';
import { ChartRenderError } from '../../dashboards/render.ts';
import type { SvgRenderer } from '../../dashboards/svg-renderer.ts';
import type { ChartLanguage } from '../../metrics/charts/i18n.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { writeOutputs, type OutputFile } from '../../core/write-outputs.ts';
import { PSA_VERSION } from '../../store/version.ts';
import type { Command } from '../args.ts';
import { CliError, ExitCode } from '../failures.ts';
import { MONTH_AS_OF_HELP, reportCommandArgs } from '../report-options.ts';
import { headline, metricsOf } from './metrics.ts';

const HELP = `Usage: psa dashboard --db <path> --out <dir> [--month YYYY-MM] [--as-of YYYY-MM-DD] [--lang nb|en] [--include-subjects]

Renders the monthly report from a database transformed by psa transform:
  index.html     one self-contained page (works offline, from file://): the
                 report month's key figures and their change from last month,
                 every chart, resolution time per priority, the critical and
                 high incidents, the SLA breaches and the data quality
  <chart>.svg    each chart as SVG (text as text)
  <chart>.png    each chart at 2× (192 dpi): 16 cm wide in a Word report
  metrics.json   and <chart>.vl.json, as psa metrics writes them
The same database gives byte-identical files. Every file is written to a
temporary name and renamed into place once all are written.

Options:
  --db <path>           database file transformed by psa transform (required)
  --out <dir>           output folder (required; created when missing)
${MONTH_AS_OF_HELP}
  --lang <nb|en>        language of the page and charts (default nb, Norwegian)
  --include-subjects    show ticket subjects in the incident lists
                        (personal data: left out by default)
  -h, --help            show this help

Exit codes: 0 done; 1 the database cannot give the figures (missing, not
transformed, or loaded since); 2 bad arguments.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa dashboard --db out/psa.sqlite --out out
  psa dashboard --db out/psa.sqlite --out report-en --lang en --month 2024-09`;

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'render the report as an offline HTML page and SVG/PNG charts',
  help: HELP,
  async run(argv, io) {
    const args = reportCommandArgs('dashboard', argv, true);
    if (args === null) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    const { db, out, lang, metrics } = args;
    const { doc, timeZone } = await metricsOf('dashboard', db, metrics);
    const files = await writeDashboard(out, doc, lang, timeZone);
    io.stdout.write(headline(doc));
    io.stdout.write(dashboardSummary(out, files));
    return ExitCode.success;
  },
};

/** Renders and writes every file of the dashboard; returns their paths. */
export async function writeDashboard(dir: string, doc: MetricsDocument, lang: ChartLanguage, timeZone: string, renderer?: SvgRenderer): Promise<string[]> {
  return writeOutputs(dir, await dashboardOutputFiles(doc, lang, timeZone, renderer));
}

/** Every file of the dashboard, in memory; a chart that cannot be drawn is a CliError. */
export async function dashboardOutputFiles(doc: MetricsDocument, lang: ChartLanguage, timeZone: string, renderer?: SvgRenderer, lowMemory = false): Promise<OutputFile[]> {
  try {
    return await dashboardFiles(doc, { lang, timeZone, version: PSA_VERSION, lowMemory, ...(renderer ? { renderer } : {}) });
  } catch (error) {
    if (error instanceof ChartRenderError) throw new CliError(`dashboard: ${error.message}; nothing was written`, 'failure');
    throw error;
  }
}

export function dashboardSummary(dir: string, files: readonly string[]): string {
  const names = files.map((f) => basename(f));
  const count = (ext: string) => names.filter((n) => n.endsWith(ext)).length;
  return `Wrote ${files.length} files to ${dir}: ${DASHBOARD_PAGE}, metrics.json, ${count('.vl.json')} Vega-Lite specs, ${count('.svg')} SVG and ${count('.png')} PNG charts\n`;
}
