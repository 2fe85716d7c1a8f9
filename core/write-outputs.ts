/**
 * Writing a set of output files so that a crash never leaves a half-written
 * one: every file goes to a temporary name in the same folder first, and
 * only when all are written are they renamed into place (a rename within a
 * folder is atomic). On failure the temporary files are removed and the
 * folder keeps what it held before. Temporary files a killed run left
 * behind (their process is gone) are removed first.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process.ts';

export interface OutputFile {
  /** File name inside the output folder. */
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Writes `files` into `dir` (created when missing); returns their paths. */
export function writeOutputs(dir: string, files: readonly OutputFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaries(dir);
  const written: [temporary: string, final: string][] = [];
  try {
    for (const file of files) {
      const final = join(dir, file.name);
      const temporary = join(dir, `.${file.name}.${process.pid}.tmp`);
      written.push([temporary, final]);
      writeFileSync(temporary, file.content);
    }
    for (const [temporary, final] of written) renameSync(temporary, final);
  } catch (error) {
    for (const [temporary] of written) rmSync(temporary, { force: true });
    throw error;
  }
  return written.map(([, final]) => final);
}

const TEMPORARY = /^\.(.+)\.(\d+)\.(tmp|old)$/;

/**
 * Removes what runs that died left in `out`: temporary files and folders
 * (`.<name>.<pid>.tmp`, `.<name>.<pid>.old`) whose process is gone. Returns their names.
 */
export function removeStaleTemporaries(out: string): string[] {
  if (!existsSync(out)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(out)) {
    const match = TEMPORARY.exec(name);
    if (match === null || isProcessAlive(Number(match[2]))) continue;
    rmSync(join(out, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
