/** `psa metrics`: the report's figures as metrics.json and Vega-Lite charts. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { computeReport, ReportMonthError, type MetricsOptions, type Report } from '../../metrics/compute.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { metricsFiles } from '../../metrics/metrics-files.ts';
import { stableJson } from '../../core/stable-json.ts';
import { writeOutputs } from '../../core/write-outputs.ts';
import { openDatabase } from '../../store/open.ts';
import type { Command } from '../args.ts';
import { CliError, ExitCode } from '../failures.ts';
import { reportCommandArgs } from '../report-options.ts';

const HELP = `Usage: psa metrics --db <path> [--month YYYY-MM] [--out <dir>] [--lang nb|en] [--include-subjects]

Computes every figure of the monthly report (METRICS.md) for the 13 months
ending with the report month, from the tables psa transform built:
  metrics.json    new, open at month end (repaired and naive), resolved,
                  balance, trends, resolution times, SLA compliance, the
                  critical and high incidents of the report month, data
                  quality and provenance; its JSON Schema is
                  metrics/metrics.schema.json
  *.vl.json       one Vega-Lite chart per figure, data inline
The same database gives byte-identical files. Each file is written to a
temporary name and renamed into place.

Options:
  --db <path>           database file transformed by psa transform (required)
  --month <YYYY-MM>     report month (default: the last month that ended by the
                        as-of instant, local midnight after the latest
                        timestamp in the data)
  --as-of <when>        the as-of instant (TIME-4) instead of local midnight
                        after the latest timestamp in the data: a date
                        YYYY-MM-DD (local midnight starting it) or an instant
                        with Z or an offset
  --out <dir>           output folder (default: the database's folder);
                        - prints metrics.json on stdout and writes no charts
  --lang <nb|en>        language of the charts (default nb, Norwegian)
  --include-subjects    put ticket subjects in the critical/high list
                        (personal data: left out by default)
  -h, --help            show this help

Exit codes: 0 done; 1 the database cannot give the figures (missing, not
transformed, or loaded since); 2 bad arguments.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa metrics --db out/psa.sqlite
  psa metrics --db out/psa.sqlite --month 2024-09 --out report/ --lang en
  psa metrics --db out/psa.sqlite --out - | jq '.monthly[-1].open'`;

export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'compute the report figures as metrics.json and Vega-Lite charts',
  help: HELP,
  async run(argv, io) {
    const args = reportCommandArgs('metrics', argv, false);
    if (args === null) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    const { db, out, lang, metrics } = args;
    const { doc } = await metricsOf('metrics', db, metrics);

    if (out === '-') {
      io.stdout.write(stableJson(doc));
      return ExitCode.success;
    }
    const dir = out ?? dirname(db);
    const files = writeOutputs(dir, metricsFiles(doc, lang));
    io.stdout.write(headline(doc));
    io.stdout.write(`Wrote ${files.length} files to ${dir}: ${files.map((f) => basename(f)).join(', ')}\n`);
    return ExitCode.success;
  },
};

/**
 * The metrics document of a transformed database, and the rules' time zone.
 * The database's problems are PsaErrors (exit 1, or 2 for a month it cannot give).
 */
export async function metricsOf(command: string, db: string, options: MetricsOptions): Promise<Report> {
  if (!existsSync(db)) throw new CliError(`${command}: no database at ${db}; load exports with psa ingest and run psa transform first`, 'not-found');
  const store = await openDatabase(db, { views: METRIC_VIEWS });
  try {
    return computeReport(store, options);
  } catch (error) {
    // StaleFactsError and AsOfError reach the user as they are (cli/failures.ts); a month names its option.
    if (error instanceof ReportMonthError) throw new CliError(`${command}: --month ${options.month}: ${error.message}`, error.code);
    throw error;
  } finally {
    await store.close();
  }
}

/** TIME-4: says that timestamps after their export's date did not move the as-of instant. */
function futureNote(doc: MetricsDocument): string[] {
  const n = doc.dataQuality.byRule.FUTURE_TIMESTAMP ?? 0;
  if (n === 0) return [];
  return [`  note: ${n} ticket${n === 1 ? ' has' : 's have'} a timestamp more than futureTimestampMarginDays after the export's date (FUTURE_TIMESTAMP, a typing error?); left out of the as-of instant: SELECT * FROM fct_findings WHERE rule = 'FUTURE_TIMESTAMP'`];
}

/** The report month's key figures, for the terminal. */
export function headline(doc: MetricsDocument): string {
  const m = doc.monthly[doc.monthly.length - 1]!;
  const t = doc.trends.openTotal;
  return [
    `Report month ${doc.reportMonth} (window ${doc.window[0]} to ${doc.reportMonth}, as of ${doc.asOf}):`,
    `  new        ${m.new.total} (${m.new.incident} incidents, ${m.new.request} requests), ${m.new.securityAlerts} security alerts`,
    `  open       ${m.open.total} at month end (${m.open.incident} incidents, ${m.open.request} requests); ` +
      `the resolved date alone would say ${m.open.naiveTotal} (adjustment ${m.open.adjustment})`,
    `  resolved   ${m.resolved.total}`,
    `  trend      ${t.slopePerMonth} per month${t.fallingSince === null ? '' : `, not risen since ${t.fallingSince}`}`,
    `  critical and high incidents: ${doc.criticalAndHigh.length}`,
    ...futureNote(doc),
    '',
  ].join('\n');
}
