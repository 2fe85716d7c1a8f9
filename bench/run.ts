/**
 * `npm run bench`: psa's speed and memory targets, measured against a
 * baseline in the same run on the same machine.
 *
 * Every comparison is interleaved (A B A B ...), so both sides see the same
 * machine state; medians and ratios are printed, with the load average at
 * the start and the end so a noisy run shows itself.
 *
 * Ingest: a generated N-row export (default 1,000,000 rows, 19 columns, æøå,
 * quoted fields, multi-line subjects) loaded by `psa ingest` into a new
 * database, against the SQLite CLI's own `.import` of the same file into a
 * plain table. Targets: psa within 1.5× of `.import`, peak RSS under
 * 300 MB, and RSS flat in the file size (a tenth of the rows is loaded too,
 * for comparison). The fastest peer, DuckDB's `read_csv` of the same file
 * into a table (`@duckdb/node-api`, a devDependency), runs in the same
 * rounds when it loads here; otherwise its row says why it was skipped.
 *
 * Transform: `psa transform` of the N tickets just loaded (each run rebuilds
 * the derived tables) and of a tenth of them. Targets: under 8 s for 1M
 * tickets, and peak RSS flat in the ticket count.
 *
 * Monthly refresh: next month's export of the same N tickets with 1 % of
 * them changed, ingested into this month's (transformed) database, and the
 * result transformed twice from the same state: incrementally (only the
 * changed tickets, issue 19) and in full (`--full`, every ticket again, the
 * baseline), interleaved with the full transform above; and a tenth of the
 * rows into that database (the write-ahead-log path). Targets: at least
 * 100,000 rows/s into an existing database, and the refresh's transform at
 * no more than 20 % of a full one.
 *
 * Metrics: `psa metrics` of the transformed tickets (every figure for the
 * 13-month window, Node's start-up included), beside the month-end query
 * (open at the end of the report month) run by the SQLite CLI as a plain
 * scan of the table and on the covering index psa uses. Target: under 2 s.
 *
 * Run: `psa run` (ingest, transform, metrics, the dashboard with its SVG
 * and PNG charts and the report, in one process, Node's start-up included)
 * on the bundled sample (about 17,000 tickets; target under 2 s), and on the
 * N-row export into a new folder, interleaved with `.import` of the same
 * file (target: within 4× of it). The report stage's own time, from psa
 * run's stage line on the sample: what writing report.docx and report.md
 * adds (target under 0.5 s).
 *
 * Publishing (bench/publishing.ts): what publishing adds to `psa run` on the
 * sample (target under 0.3 s), and the per-ticket snapshot and the
 * comparison with it for the N transformed tickets (target: under 3 s
 * together for 1M).
 *
 * Pull: `psa pull` of 100,000 tickets from the fake Pureservice, 500 to a
 * page, no rate limit (bench/pull.ts). Target: more than 20,000 tickets/s;
 * it prints the time a real tenant's 100 requests a minute implies.
 *
 * Options: --rows N, --runs N (default 5), --keep (keep the generated export),
 * --only pull (only the pull row: no 1M-row export needed), --only sample
 * (only the rows of psa run on the bundled sample, with its report stage),
 * --only refresh (only the monthly refresh's rows against the full
 * transform: N rows ingested once, then the interleaved runs).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeScaleExport, SCALE_HEADERS } from '../fixtures/scale-export.ts';
import { measure, median, removeDatabase } from './common.ts';
import { publishingLines, samplePublishing, scalePublishing } from './publishing.ts';
import { benchPull, pullLines } from './pull.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);

interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** What the command wrote on stderr. */
  readonly stderr?: string;
  /** What the command wrote on stdout. */
  readonly stdout?: string;
}

function ensureTool(command: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return;
  console.error(`bench: ${command} is missing; installing Debian's ${debianPackage}`);
  const install = spawnSync('sh', ['-c', `(apt-get update -qq || true) && apt-get install -y -qq ${debianPackage}`], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`bench: cannot install ${debianPackage}; install it and run again`);
}

/** The seconds psa run's stage line gives a stage ("[5/5] report     report.docx, report.md  0.12 s"). */
function stageSeconds(run: Measurement, stage: string): number {
  const line = (run.stderr ?? '').split('\n').find((l) => new RegExp(`^\\[\\d+/\\d+\\] ${stage}\\b`).test(l));
  const seconds = line === undefined ? undefined : /([\d.]+) s$/.exec(line)?.[1];
  if (seconds === undefined) throw new Error(`bench: psa run printed no ${stage} stage line`);
  return Number(seconds);
}

/** psa run on the bundled sample, `runs` times: the whole run and its report stage. */
function sampleRows(dir: string): { sampleRun: Measurement; sampleRuns: Measurement[]; reportStage: number[] } {
  const sample = join(root, 'fixtures', 'sample', 'pureservice-export-2024-10-31.csv');
  const sampleRuns: Measurement[] = [];
  for (let i = 0; i < runs; i++) sampleRuns.push(psaRun(sample, join(dir, 'run-sample')));
  return { sampleRun: medianOf(sampleRuns), sampleRuns, reportStage: sampleRuns.map((r) => stageSeconds(r, 'report')) };
}

function printSampleRows({ sampleRun, reportStage }: ReturnType<typeof sampleRows>): void {
  console.log(line('psa run, bundled sample', sampleRun, '  (17,284 rows: every stage, 37 files, node start-up included)'));
  console.log(`psa run's report stage, bundled sample  ${median(reportStage).toFixed(2)} s  (report.docx and report.md from the dashboard's PNGs; runs ${reportStage.map((s) => s.toFixed(2)).join(', ')} s)`);
}

function sqliteImport(csv: string, db: string): Measurement {
  removeDatabase(db);
  return measure('sqlite3', [db, '-cmd', '.mode csv', '-cmd', '.separator ;', `.import ${csv} export`], 'sqlite3 .import');
}

function psaIngest(csv: string, db: string, fresh = true): Measurement {
  if (fresh) removeDatabase(db);
  return measure('node', [join(root, 'bin/psa.js'), 'ingest', csv, '--db', db, '--json'], 'psa ingest');
}

/** `psa transform`: with `full`, every ticket again (--full); else what psa chooses (incremental after a refresh). */
function psaTransform(db: string, full: boolean): Measurement {
  return measure('node', [join(root, 'bin/psa.js'), 'transform', '--db', db, '--json', ...(full ? ['--full'] : [])], 'psa transform');
}

/** What a transform run did, from its JSON summary: "incremental: 10,012 changed", "full: --full". */
function transformMode(run: Measurement): string {
  const s = JSON.parse(run.stdout ?? '{}') as { mode?: string; transformed?: number; fullReason?: string | null };
  return s.mode === 'incremental' ? `incremental: ${(s.transformed ?? 0).toLocaleString('en-US')} changed` : `full: ${s.fullReason ?? '?'}`;
}

/** `psa run` into a new folder (its database included). */
function psaRun(csv: string, out: string): Measurement {
  rmSync(out, { recursive: true, force: true });
  spawnSync('sync');
  return measure('node', [join(root, 'bin/psa.js'), 'run', csv, '--out', out], 'psa run');
}

function psaMetrics(db: string, out: string): Measurement {
  return measure('node', [join(root, 'bin/psa.js'), 'metrics', '--db', db, '--out', out], 'psa metrics');
}

/** OPEN-1 at the end of `month`, by the SQLite CLI: as a plain scan of fct_tickets, or as SQLite chooses (the covering index). */
function monthEndQuery(db: string, month: string, plainScan: boolean): Measurement {
  const query = `SELECT ticket_class, count(*) FROM fct_tickets${plainScan ? ' NOT INDEXED' : ''}
    WHERE counted = 1 AND created_month <= '${month}' AND (resolved_month IS NULL OR resolved_month > '${month}') GROUP BY ticket_class;`;
  return measure('sqlite3', [db, query], 'sqlite3 month-end query');
}

const medianOf = (ms: readonly Measurement[]): Measurement => ({ seconds: median(ms.map((m) => m.seconds)), peakRssMb: Math.max(...ms.map((m) => m.peakRssMb)) });

function line(label: string, m: { seconds: number; peakRssMb: number }, extra = ''): string {
  return `  ${label.padEnd(38)} ${m.seconds.toFixed(2).padStart(7)} s  ${m.peakRssMb.toFixed(0).padStart(5)} MB${extra}`;
}

/** The generated export of `rowCount` rows; with `changedShare`, next month's export of the same tickets. */
async function exportOf(rowCount: number, dir: string, changedShare = 0): Promise<string> {
  const path = join(dir, changedShare === 0 ? `scale-${rowCount}.csv` : `scale-${rowCount}-next-month.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`bench: generating ${rowCount.toLocaleString('en-US')} rows${changedShare === 0 ? '' : `, ${changedShare * 100} % changed,`} → ${path}\n`);
    await writeScaleExport(path, { rows: rowCount, changedShare });
  }
  return path;
}

/** Next month's export in the monthly-refresh rows: this share of the tickets changed. */
const REFRESH_CHANGED_SHARE = 0.01;

/** Copies a database (closed: its write-ahead log, if any, beside it) over `to`. */
function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  for (const suffix of ['', '-wal']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  spawnSync('sync');
}

/** Whether the optional DuckDB peer row can run: `@duckdb/node-api` (a devDependency) loads on this machine. */
async function duckdbAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await import('@duckdb/node-api');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `@duckdb/node-api does not load here (${(error as Error).message.split('\n')[0]}); npm install adds it` };
  }
}

/** DuckDB reads the export into a table of a new database file, every value as text, like `.import`. */
const DUCKDB_READ_CSV = `
import { DuckDBInstance } from '@duckdb/node-api';
const [csv, db] = process.argv.slice(1);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
await connection.run(\`CREATE TABLE export AS SELECT * FROM read_csv('\${csv.replaceAll("'", "''")}', delim = ';', quote = '"', header = true, all_varchar = true)\`);
const result = await connection.runAndReadAll('SELECT count(*) FROM export');
process.stderr.write(\`\${result.getRows()[0][0]} rows\\n\`);
connection.closeSync();
instance.closeSync();
`;

function duckdbReadCsv(csv: string, db: string): Measurement {
  removeDatabase(db);
  return measure('node', ['--input-type=module', '-e', DUCKDB_READ_CSV, csv, db], 'DuckDB read_csv');
}

/** The load average, so a run on a busy machine shows itself: above the core count, other work competed with psa. */
function loadLine(when: 'start' | 'end'): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  const busy = loadavg()[0]! > cpus().length / 2 ? `  (busy: more than half of the ${cpus().length} cores in use; treat the figures as indicative)` : '';
  return `  load average at ${when}: ${one} ${five} ${fifteen} (1, 5, 15 min)${busy}`;
}

interface RefreshRuns {
  /** psa transform --full of this month's database (the transform row). */
  readonly transformRuns: Measurement[];
  readonly refreshIngestRuns: Measurement[];
  /** psa transform --full of the refreshed database: the refresh without the incremental path. */
  readonly refreshFullRuns: Measurement[];
  /** psa transform of the refreshed database, as psa chooses (incremental). */
  readonly refreshTransformRuns: Measurement[];
  /** A tenth of the rows into this month's database (empty without `small`). */
  readonly existingRuns: Measurement[];
}

/**
 * The monthly refresh, interleaved: each run transforms this month's
 * database `db` again in full (--full), ingests next month's export (the
 * same tickets, 1 % of them changed) into a copy of it, and transforms that
 * twice from the same state: in full (--full, on a copy) and as psa chooses
 * (incrementally). With `small`, a tenth of the rows also goes into a copy
 * of this month's database (the write-ahead-log path).
 */
function refreshRuns(db: string, dir: string, nextMonth: string, small: string | null): RefreshRuns {
  const snapshot = join(dir, 'snapshot.sqlite');
  copyDatabase(db, snapshot);
  const refreshDb = join(dir, 'refresh.sqlite');
  const fullDb = join(dir, 'refresh-full.sqlite');
  const result: RefreshRuns = { transformRuns: [], refreshIngestRuns: [], refreshFullRuns: [], refreshTransformRuns: [], existingRuns: [] };
  for (let i = 0; i < runs; i++) {
    result.transformRuns.push(psaTransform(db, true));
    copyDatabase(snapshot, refreshDb);
    result.refreshIngestRuns.push(psaIngest(nextMonth, refreshDb, false));
    copyDatabase(refreshDb, fullDb);
    result.refreshFullRuns.push(psaTransform(fullDb, true));
    result.refreshTransformRuns.push(psaTransform(refreshDb, false));
    if (small !== null) {
      // A tenth of the rows into an existing database: the write-ahead-log path, with its checkpoint.
      copyDatabase(snapshot, refreshDb);
      result.existingRuns.push(psaIngest(small, refreshDb, false));
    }
  }
  for (const path of [refreshDb, fullDb, snapshot]) removeDatabase(path);
  return result;
}

function printRefresh({ refreshIngestRuns, refreshFullRuns, refreshTransformRuns }: RefreshRuns): void {
  const refreshIngest = medianOf(refreshIngestRuns);
  const full = medianOf(refreshFullRuns);
  const refreshTransform = medianOf(refreshTransformRuns);
  const ratio = refreshTransform.seconds / full.seconds;
  const each = (ms: readonly Measurement[]) => ms.map((r) => r.seconds.toFixed(2)).join(', ');
  console.log(`monthly refresh: next month's export of the ${rows.toLocaleString('en-US')} tickets, ${(REFRESH_CHANGED_SHARE * 100).toFixed(0)} % changed, into this month's database`);
  console.log(line('  psa ingest, next month', refreshIngest, `  ${Math.round(rows / refreshIngest.seconds).toLocaleString('en-US')} rows/s`));
  console.log(line('  psa transform --full, next month', full, `  ${Math.round(rows / full.seconds).toLocaleString('en-US')} tickets/s (every ticket again)`));
  console.log(line('  psa transform, next month', refreshTransform, `  ${(ratio * 100).toFixed(0)} % of the full transform (${transformMode(refreshTransformRuns[0]!)})`));
  console.log(`  runs: next month's ingest ${each(refreshIngestRuns)} s | transform --full ${each(refreshFullRuns)} s, transform ${each(refreshTransformRuns)} s`);
  console.log(`  target monthly refresh transform ≤ 20 % of a full transform: ${(ratio * 100).toFixed(0)} % — ${ratio <= 0.2 ? 'met' : 'NOT MET'}`);
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) ensureTool('/usr/bin/time', 'time');
  if (values.only !== undefined && values.only !== 'sample' && values.only !== 'refresh') {
    if (values.only !== 'pull') throw new Error(`bench: --only ${values.only}: the rows that run alone are pull, sample and refresh`);
    console.log(`psa bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
    console.log(loadLine('start'));
    console.log(pullLines(await benchPull(100_000, runs)).join('\n'));
    console.log(loadLine('end'));
    return;
  }
  const dir = join(tmpdir(), 'psa-bench');
  mkdirSync(dir, { recursive: true });
  if (values.only === 'sample') {
    console.log(`psa bench (bundled sample only) — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${runs} runs (median)`);
    console.log(loadLine('start'));
    const rows = sampleRows(dir);
    printSampleRows(rows);
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    console.log(`  target psa run on the sample < 2 s: ${rows.sampleRun.seconds.toFixed(2)} s — ${verdict(rows.sampleRun.seconds < 2)}`);
    console.log(`  target report stage adds < 0.5 s to psa run: ${median(rows.reportStage).toFixed(2)} s — ${verdict(median(rows.reportStage) < 0.5)}`);
    console.log(loadLine('end'));
    rmSync(join(dir, 'run-sample'), { recursive: true, force: true });
    return;
  }
  if (values.only === 'refresh') {
    const csv = await exportOf(rows, dir);
    const nextMonth = await exportOf(rows, dir, REFRESH_CHANGED_SHARE);
    console.log(`psa bench (monthly refresh only) — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${runs} runs each, interleaved (median)`);
    console.log(loadLine('start'));
    const db = join(dir, 'bench.sqlite');
    psaIngest(csv, db);
    psaTransform(db, true);
    const r = refreshRuns(db, dir, nextMonth, null);
    printRefresh(r);
    console.log(loadLine('end'));
    removeDatabase(db);
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    return;
  }
  ensureTool('sqlite3', 'sqlite3');
  const csv = await exportOf(rows, dir);
  const small = await exportOf(Math.max(1, Math.round(rows / 10)), dir);
  const nextMonth = await exportOf(rows, dir, REFRESH_CHANGED_SHARE);
  const mb = statSync(csv).size / 1e6;
  const duckdb = await duckdbAvailable();
  console.log(`psa bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
  console.log(loadLine('start'));
  console.log(`ingest: ${rows.toLocaleString('en-US')} rows, ${SCALE_HEADERS.length} columns, ${mb.toFixed(0)} MB, ${runs} runs each, interleaved (median)`);

  const db = join(dir, 'bench.sqlite');
  const importRuns: Measurement[] = [];
  const psaRuns: Measurement[] = [];
  const duckdbRuns: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate, so all see the same machine state.
    importRuns.push(sqliteImport(csv, join(dir, 'import.sqlite')));
    psaRuns.push(psaIngest(csv, db));
    if (duckdb.ok) duckdbRuns.push(duckdbReadCsv(csv, join(dir, 'duckdb.db')));
  }
  removeDatabase(join(dir, 'duckdb.db'));
  const baseline = { seconds: median(importRuns.map((r) => r.seconds)), peakRssMb: median(importRuns.map((r) => r.peakRssMb)) };
  const ours = { seconds: median(psaRuns.map((r) => r.seconds)), peakRssMb: Math.max(...psaRuns.map((r) => r.peakRssMb)) };
  const ratio = ours.seconds / baseline.seconds;
  const smallRun = psaIngest(small, join(dir, 'small.sqlite'));
  // The first transform of the loaded tickets; `db` is then this month's
  // database, kept for the monthly refresh below.
  psaTransform(db, true);
  const refresh = refreshRuns(db, dir, nextMonth, small);
  const { transformRuns, existingRuns } = refresh;
  const transform = medianOf(transformRuns);
  const existing = medianOf(existingRuns);
  const existingRowsPerSecond = Math.round(rows / 10) / existing.seconds;
  const smallTransform = psaTransform(join(dir, 'small.sqlite'), true);
  const metricsOut = join(dir, 'metrics');
  const metricsRuns: Measurement[] = [];
  const scanRuns: Measurement[] = [];
  const indexRuns: Measurement[] = [];
  let reportMonth = '';
  for (let i = 0; i < runs; i++) {
    metricsRuns.push(psaMetrics(db, metricsOut));
    reportMonth ||= JSON.parse(readFileSync(join(metricsOut, 'metrics.json'), 'utf8')).reportMonth;
    scanRuns.push(monthEndQuery(db, reportMonth, true));
    indexRuns.push(monthEndQuery(db, reportMonth, false));
  }
  const metrics = medianOf(metricsRuns);
  const publishing = publishingLines(await samplePublishing(), await scalePublishing(db));
  const samples = sampleRows(dir);
  const { sampleRun, sampleRuns } = samples;
  // psa run against .import of the same file, interleaved like the ingest row.
  const endToEndRuns: Measurement[] = [];
  const endToEndImportRuns: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    endToEndImportRuns.push(sqliteImport(csv, join(dir, 'import.sqlite')));
    endToEndRuns.push(psaRun(csv, join(dir, 'run-scale')));
  }
  const endToEnd = medianOf(endToEndRuns);
  const endToEndBaseline = median(endToEndImportRuns.map((r) => r.seconds));
  const endToEndRatio = endToEnd.seconds / endToEndBaseline;
  // The same file into the database it is already in: detected by hash, nothing written.
  const again = psaIngest(csv, db, false);

  const perSecond = (n: number, m: { seconds: number }) => Math.round(n / m.seconds).toLocaleString('en-US');
  console.log(line('sqlite3 .import (baseline)', baseline, `  ${perSecond(rows, baseline)} rows/s`));
  console.log(line('psa ingest, new database', ours, `  ${perSecond(rows, ours)} rows/s  ratio ${ratio.toFixed(2)}×`));
  if (duckdb.ok) {
    const peer = medianOf(duckdbRuns);
    console.log(line('DuckDB read_csv into a table (peer)', peer, `  ${perSecond(rows, peer)} rows/s  psa/DuckDB ${(ours.seconds / peer.seconds).toFixed(2)}×  (node start-up included)`));
  } else {
    console.log(`  DuckDB read_csv (peer)                 skipped: ${duckdb.reason}`);
  }
  console.log(line(`psa ingest, ${Math.round(rows / 10).toLocaleString('en-US')} rows`, smallRun, '  (peak RSS for a tenth of the rows)'));
  console.log(line('psa ingest, same file again', again, '  (already loaded: nothing written)'));
  console.log(line(`psa ingest, ${Math.round(rows / 10).toLocaleString('en-US')} rows into existing db`, existing, `  ${Math.round(existingRowsPerSecond).toLocaleString('en-US')} rows/s (WAL path)`));
  console.log(line(`psa transform, ${rows.toLocaleString('en-US')} tickets`, transform, `  ${perSecond(rows, transform)} tickets/s (full rebuild)`));
  console.log(line(`psa transform, ${Math.round(rows / 10).toLocaleString('en-US')} tickets`, smallTransform, '  (peak RSS for a tenth of the tickets)'));
  printRefresh(refresh);
  console.log(line(`month-end query, plain scan`, medianOf(scanRuns), `  (sqlite3, open at the end of ${reportMonth})`));
  console.log(line(`month-end query, covering index`, medianOf(indexRuns), '  (the same query on fct_tickets_by_created_month)'));
  console.log(line(`psa metrics, ${rows.toLocaleString('en-US')} tickets`, metrics, '  (every figure and chart file, node start-up included)'));
  printSampleRows(samples);
  console.log(line(`psa run, ${rows.toLocaleString('en-US')} rows`, endToEnd, `  ratio ${endToEndRatio.toFixed(2)}× .import (${endToEndBaseline.toFixed(2)} s in the same runs)`));
  const each = (ms: readonly Measurement[]) => ms.map((r) => r.seconds.toFixed(2)).join(', ');
  console.log(`  runs: psa run sample ${each(sampleRuns)} s; .import ${each(endToEndImportRuns)} s | psa run ${rows.toLocaleString('en-US')} ${each(endToEndRuns)} s`);
  console.log(`  runs: .import ${each(importRuns)} s | psa ${each(psaRuns)} s${duckdb.ok ? ` | DuckDB ${each(duckdbRuns)} s` : ''}; metrics ${each(metricsRuns)} s`);
  console.log(`  runs: transform ${each(transformRuns)} s | ${Math.round(rows / 10).toLocaleString('en-US')} rows into existing db ${each(existingRuns)} s`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log(`  target ingest ≤ 1.5× .import: ${ratio.toFixed(2)}× — ${verdict(ratio <= 1.5)}`);
  console.log(`  target peak RSS ≤ 300 MB: ingest ${ours.peakRssMb.toFixed(0)} MB, psa run ${endToEnd.peakRssMb.toFixed(0)} MB — ${verdict(Math.max(ours.peakRssMb, endToEnd.peakRssMb) <= 300)}`);
  const scaled = rows / 1e6;
  const perMillion = scaled === 1 ? '1M' : `${scaled}M`;
  console.log(`  target transform of 1M tickets < 8 s: ${transform.seconds.toFixed(2)} s for ${perMillion} — ${verdict(transform.seconds < 8 * scaled)}`);
  const growth = transform.peakRssMb / smallTransform.peakRssMb;
  console.log(`  target transform memory flat: ${transform.peakRssMb.toFixed(0)} MB vs ${smallTransform.peakRssMb.toFixed(0)} MB for a tenth (${growth.toFixed(2)}×) — ${verdict(growth < 1.5)}`);
  console.log(`  target rows into an existing database ≥ 100,000 rows/s: ${Math.round(existingRowsPerSecond).toLocaleString('en-US')} rows/s — ${verdict(existingRowsPerSecond >= 100_000)}`);

  console.log(`  target metrics of 1M tickets < 2 s: ${metrics.seconds.toFixed(2)} s for ${perMillion} — ${verdict(metrics.seconds < 2 * scaled)}`);

  console.log(`  target psa run on the sample < 2 s: ${sampleRun.seconds.toFixed(2)} s — ${verdict(sampleRun.seconds < 2)}`);
  console.log(`  target report stage adds < 0.5 s to psa run: ${median(samples.reportStage).toFixed(2)} s — ${verdict(median(samples.reportStage) < 0.5)}`);
  console.log(`  target psa run end to end ≤ 4× .import: ${endToEndRatio.toFixed(2)}× — ${verdict(endToEndRatio <= 4)}`);
  for (const l of publishing) console.log(l);

  for (const pullLine of pullLines(await benchPull(100_000, runs))) console.log(pullLine);
  console.log(loadLine('end'));

  for (const path of [db, join(dir, 'import.sqlite'), join(dir, 'small.sqlite')]) removeDatabase(path);
  for (const out of ['run-sample', 'run-scale']) rmSync(join(dir, out), { recursive: true, force: true });
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

await main();
