/** What the bench scripts share: the median of runs, and a fresh start for each database. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

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
