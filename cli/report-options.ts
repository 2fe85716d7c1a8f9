/**
 * The options of the commands that report a month from a transformed
 * database (metrics, dashboard, report, run): `--month`, `--as-of`,
 * `--lang` and `--include-subjects`, and the `--db`/`--out` checks, parsed
 * and checked in one place. Every problem is a usage error (exit 2), found
 * before the database is opened or anything is written.
 */
import type { MetricsOptions } from '../metrics/compute.ts';
import { isAsOf } from '../metrics/compute.ts';
import type { ChartLanguage } from '../metrics/charts/i18n.ts';
import { isMonth } from '../core/months.ts';
import { checkDatabasePath, checkOutputPath, CliError } from './failures.ts';
import { parseCommandArgs } from './args.ts';

/** The help of --month and --as-of, as dashboard, report and run give it. */
export const MONTH_AS_OF_HELP = `  --month <YYYY-MM>     report month (default: the last month that ended by
                        the as-of instant)
  --as-of <when>        the as-of instant (TIME-4) instead of local midnight
                        after the latest timestamp in the data: a date
                        YYYY-MM-DD (local midnight starting it) or an instant
                        with Z or an offset`;

/** The report options for parseCommandArgs. */
export const REPORT_OPTIONS = {
  month: { type: 'string' },
  lang: { type: 'string' },
  'as-of': { type: 'string' },
  'include-subjects': { type: 'boolean' },
} as const;

export interface ReportOptionValues {
  readonly month?: string | undefined;
  readonly lang?: string | undefined;
  readonly 'as-of'?: string | undefined;
  readonly 'include-subjects'?: boolean | undefined;
}

export interface ReportOptions {
  readonly lang: ChartLanguage;
  /** What the metrics are asked for: the month, the as-of instant, the subjects. */
  readonly metrics: MetricsOptions;
}

/** Checks --month, --as-of and --lang; returns the language and the metrics' options. */
export function reportOptions(command: string, values: ReportOptionValues): ReportOptions {
  if (values.month !== undefined && !isMonth(values.month)) {
    throw new CliError(`${command}: --month expects a month as YYYY-MM, got ${JSON.stringify(values.month)}`, 'usage');
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !isAsOf(asOf)) {
    throw new CliError(
      `${command}: --as-of expects a date YYYY-MM-DD (local midnight starting it) or an instant such as 2024-11-01T00:00:00+01:00, got ${JSON.stringify(asOf)}`,
      'usage',
    );
  }
  const lang = values.lang ?? 'nb';
  if (lang !== 'nb' && lang !== 'en') throw new CliError(`${command}: --lang expects nb or en, got ${JSON.stringify(lang)}`, 'usage');
  return { lang, metrics: { month: values.month, ...(asOf !== undefined ? { asOf } : {}), includeSubjects: values['include-subjects'] ?? false } };
}

/**
 * `--db` (required) and `--out` (required when `outRequired`) of a command
 * that reads a transformed database, checked in that order: present, then
 * the database not a folder, then the output not a file.
 */
function databaseAndOutput<Out extends boolean>(
  command: string,
  values: { readonly db?: string | undefined; readonly out?: string | undefined },
  outRequired: Out,
): { db: string; out: Out extends true ? string : string | undefined } {
  const { db, out } = values;
  if (!db) throw new CliError(`${command}: --db <path> is required\nSee: psa ${command} --help`, 'usage');
  if (outRequired && !out) throw new CliError(`${command}: --out <dir> is required\nSee: psa ${command} --help`, 'usage');
  checkDatabasePath(command, db);
  if (out !== undefined) checkOutputPath(command, out);
  return { db, out: out as Out extends true ? string : string | undefined };
}

const REPORT_COMMAND_OPTIONS = { db: { type: 'string' }, out: { type: 'string' }, ...REPORT_OPTIONS } as const;
const WITH_NOTES = { ...REPORT_COMMAND_OPTIONS, notes: { type: 'string' } } as const;

/** The arguments of metrics, dashboard or report, checked. */
export interface ReportCommandArgs<Out extends boolean> extends ReportOptions {
  readonly db: string;
  readonly out: Out extends true ? string : string | undefined;
  /** `--notes` (psa report only). */
  readonly notes: string | undefined;
}

/**
 * The arguments of metrics, dashboard and report: `--db`, `--out` (required
 * when `outRequired`), the report options and, with `notes`, `--notes`;
 * parsed and checked (databaseAndOutput, then reportOptions). Null when
 * --help was given.
 */
export function reportCommandArgs<Out extends boolean>(
  command: string,
  argv: readonly string[],
  outRequired: Out,
  { notes = false }: { readonly notes?: boolean } = {},
): ReportCommandArgs<Out> | null {
  const checked = (values: ReportOptionValues & { readonly db?: string | undefined; readonly out?: string | undefined }, notesFile: string | undefined) => ({
    ...databaseAndOutput(command, values, outRequired),
    ...reportOptions(command, values),
    notes: notesFile,
  });
  if (notes) {
    const { values } = parseCommandArgs(command, argv, WITH_NOTES, false);
    return values.help ? null : checked(values, values.notes);
  }
  const { values } = parseCommandArgs(command, argv, REPORT_COMMAND_OPTIONS, false);
  return values.help ? null : checked(values, undefined);
}
