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
export function databaseAndOutput<Out extends boolean>(
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
