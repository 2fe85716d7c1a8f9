/** Shared test helpers: temporary folders and databases, fixture paths, running psa. */
import { METRIC_VIEWS } from '../metrics/views.ts';
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { openDatabase, type PsaDatabase } from '../store/open.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PSA_BIN = join(ROOT, 'bin/psa.js');

export function fixture(...parts: string[]): string {
  return join(ROOT, 'fixtures', ...parts);
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A temporary folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'psa-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database in a temporary folder, closed after the test. */
export async function tempStore(): Promise<PsaDatabase & { readonly dir: string }> {
  const dir = tempDir();
  const store = await openDatabase(join(dir, 'psa.sqlite'), { views: METRIC_VIEWS });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await store.close();
  };
  cleanups.push(close);
  return { ...store, dir, close };
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the psa command (the built bundle) and collects its output. */
export function runPsa(args: readonly string[], options: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PSA_BIN, ...args], { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * The folder `psa run --out <out>` writes a report month's files to
 * (`<out>/<YYYY-MM>/`); the bundled sample's report month is 2024-10.
 */
export function reportFolder(out: string, month = '2024-10'): string {
  return join(out, month);
}

/** The month folder of the latest report month `psa run` wrote into `out` (whatever month the data gave). */
export function latestReportFolder(out: string): string {
  const months = existsSync(out) ? readdirSync(out).filter((f) => /^\d{4}-\d{2}$/.test(f)).sort() : [];
  if (months.length === 0) throw new Error(`no report month folder in ${out}`);
  return join(out, months.at(-1)!);
}
