/** What the bench scripts share: a command timed under GNU time, the median of runs, and a fresh start for each database. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** What the command wrote on stderr (GNU time's line last). */
  readonly stderr: string;
  /** What the command wrote on stdout. */
  readonly stdout: string;
}

/**
 * Runs a command under GNU time (`/usr/bin/time -f '%e %M'`), in the
 * repository's root: wall seconds and peak RSS of the whole process. A
 * failure throws with the command's stderr; for a psa command (`label`
 * starting with "psa"), exit 3 (done, rows quarantined) counts as done.
 */
export function measure(command: string, args: readonly string[], label: string): Measurement {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  if (result.status !== 0 && !(label.startsWith('psa') && result.status === 3)) {
    throw new Error(`bench: ${label} failed (exit ${result.status}):\n${result.stderr}`);
  }
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (seconds === undefined || kb === undefined || Number.isNaN(seconds)) throw new Error(`bench: cannot read the timing of ${label}: ${last}`);
  return { seconds, peakRssMb: kb / 1024, stderr: result.stderr, stdout: result.stdout };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Removes a database and lets the disk settle, so no run pays for the last one's writes. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  spawnSync('sync');
}
