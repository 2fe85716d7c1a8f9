/**
 * `npm run bench:compare -- --base <git ref>`: this checkout's psa against
 * an earlier commit's, side by side in one run on the same machine, so a
 * refactor can show that it made nothing slower.
 *
 * The base commit is checked out into a temporary worktree (sharing this
 * checkout's node_modules) and built. Both builds then ingest the same
 * generated export into a new database, transform it and compute its
 * metrics, interleaved (base, this, base, this, ...) so both see the same
 * machine state; the medians and the ratio this/base are printed, with the
 * load average at the start and the end.
 *
 * Last, each build ingests next month's export (the same tickets, 1 %
 * changed: the monthly refresh) into the database it has just made.
 *
 * Options: --base REF (required), --rows N (default 1,000,000), --runs N
 * (default 3), --keep (keep the generated export).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeScaleExport } from '../fixtures/scale-export.ts';
import { measure, median, removeDatabase, type Measurement } from './common.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
if (values.base === undefined) {
  console.error('bench:compare: --base <git ref> names the commit to compare with');
  process.exit(2);
}
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('bench:compare: --rows and --runs take whole numbers above 0');
  process.exit(2);
}

function git(...args: string[]): string {
  const result = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench:compare: git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

/** Checks the base commit out beside this one and builds its psa. */
function buildBase(ref: string, dir: string): string {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  if (existsSync(dir)) {
    spawnSync('git', ['-C', root, 'worktree', 'remove', '--force', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  git('worktree', 'add', '--detach', dir, commit);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: dir, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`bench:compare: building ${ref} failed`);
  return commit;
}

/** One psa command of a checkout under GNU time (common.ts `measure`). Exit 3 (rows quarantined) counts as done. */
const time = (checkout: string, args: readonly string[]): Measurement => measure('node', [join(checkout, 'bin/psa.js'), ...args], `psa ${args[0]} (${checkout})`);

const STAGES = ['ingest', 'transform', 'metrics', 'next month'] as const;
/** The share of tickets next month's export changes (as bench/run.ts's monthly refresh). */
const NEXT_MONTH_CHANGED_SHARE = 0.01;
type Stage = (typeof STAGES)[number];

/** ingest into a new database, transform, metrics, then next month's ingest: one pass of one build. */
function pass(checkout: string, csv: string, nextMonth: string, dir: string, label: string): Record<Stage, Measurement> {
  const db = join(dir, `${label}.sqlite`);
  removeDatabase(db);
  return {
    ingest: time(checkout, ['ingest', csv, '--db', db, '--json']),
    transform: time(checkout, ['transform', '--db', db, '--json']),
    metrics: time(checkout, ['metrics', '--db', db, '--out', join(dir, `${label}-metrics`)]),
    'next month': time(checkout, ['ingest', nextMonth, '--db', db, '--json']),
  };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const dir = join(tmpdir(), 'psa-bench-compare');
  mkdirSync(dir, { recursive: true });
  const baseDir = join(dir, 'base');
  const commit = buildBase(values.base!, baseDir);
  const head = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('bench:compare: building this checkout failed');
  const csv = join(dir, `scale-${rows}.csv`);
  if (!existsSync(csv)) {
    process.stderr.write(`bench:compare: generating ${rows.toLocaleString('en-US')} rows → ${csv}\n`);
    await writeScaleExport(csv, { rows });
  }
  const nextMonth = join(dir, `scale-${rows}-next-month.csv`);
  if (!existsSync(nextMonth)) {
    process.stderr.write(`bench:compare: generating next month's ${rows.toLocaleString('en-US')} rows → ${nextMonth}\n`);
    await writeScaleExport(nextMonth, { rows, changedShare: NEXT_MONTH_CHANGED_SHARE });
  }
  console.log(`psa bench:compare — ${new Date().toISOString()}, node ${process.version}, ${rows.toLocaleString('en-US')} rows, ${runs} runs each, interleaved`);
  console.log(`  base ${values.base} = ${commit.slice(0, 12)}; this ${head.slice(0, 12)}${dirty ? ' (with uncommitted changes)' : ''}`);
  console.log(`  load average at start: ${load()}`);
  const base: Record<Stage, Measurement>[] = [];
  const ours: Record<Stage, Measurement>[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(pass(baseDir, csv, nextMonth, dir, 'base'));
    ours.push(pass(root, csv, nextMonth, dir, 'this'));
  }
  console.log(`  ${'stage'.padEnd(10)} ${'base'.padStart(8)} ${'this'.padStart(8)}  this/base  peak RSS base/this   runs base | this`);
  for (const stage of STAGES) {
    const b = median(base.map((r) => r[stage].seconds));
    const o = median(ours.map((r) => r[stage].seconds));
    const rssB = Math.max(...base.map((r) => r[stage].peakRssMb));
    const rssO = Math.max(...ours.map((r) => r[stage].peakRssMb));
    const each = (rs: Record<Stage, Measurement>[]) => rs.map((r) => r[stage].seconds.toFixed(2)).join(', ');
    console.log(`  ${stage.padEnd(10)} ${b.toFixed(2).padStart(6)} s ${o.toFixed(2).padStart(6)} s  ${(o / b).toFixed(3).padStart(8)}×  ${rssB.toFixed(0).padStart(5)} / ${rssO.toFixed(0).padEnd(5)} MB   ${each(base)} | ${each(ours)}`);
  }
  console.log(`  load average at end: ${load()}`);
  for (const label of ['base', 'this']) {
    removeDatabase(join(dir, `${label}.sqlite`));
    rmSync(join(dir, `${label}-metrics`), { recursive: true, force: true });
  }
  spawnSync('git', ['-C', root, 'worktree', 'remove', '--force', baseDir]);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

await main();
