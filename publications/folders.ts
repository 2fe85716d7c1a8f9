/**
 * Where a publication's files go: one folder per report month,
 * `<out>/<YYYY-MM>/`, holding the month's latest version; an earlier
 * version, when a later one replaces it, moves to `<out>/<YYYY-MM>.v<N>/`
 * and is never written again. `<out>/index.html` lists every publication.
 *
 * Each folder holds a manifest, `psa-outputs.json`: the report month, the
 * version, and every file with its size and SHA-256, so the set's
 * consistency can be checked at any time (`sha256sum` agrees with it).
 *
 * A set is written whole into a fresh temporary folder beside the month's
 * folder (`.<YYYY-MM>.<pid>.tmp`), then swapped in by renames: the old
 * folder moves aside (to its `.v<N>` name, or `.<YYYY-MM>.<pid>.old` when it
 * was the same version), the new one takes the month's name. A kill at any
 * moment leaves each folder either the old set or the new one, never a mix;
 * at worst the month's folder is missing until the next run, which puts it
 * back from the database and removes the temporary folders of runs that
 * died (their process is gone).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableJson } from '../core/stable-json.ts';
import { removeStaleTemporaries, type OutputFile } from '../core/write-outputs.ts';

export { removeStaleTemporaries };

export const MANIFEST = 'psa-outputs.json';

export interface Manifest {
  readonly reportMonth: string;
  readonly version: number;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
}

const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');
const bytes = (content: string | Uint8Array) => (typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength);

export function manifestOf(reportMonth: string, version: number, files: readonly OutputFile[]): Manifest {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { reportMonth, version, files: sorted.map((f) => ({ name: f.name, bytes: bytes(f.content), sha256: sha256(f.content) })) };
}

/** The manifest of a folder, or null when it has none (or an unreadable one). */
export function readManifest(dir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    return typeof m.reportMonth === 'string' && Number.isInteger(m.version) && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/** True when every file the manifest names is in `dir` with its size and hash. */
export function folderMatches(dir: string, manifest: Manifest): boolean {
  return manifest.files.every((f) => {
    try {
      const content = readFileSync(join(dir, f.name));
      return content.byteLength === f.bytes && sha256(content) === f.sha256;
    } catch {
      return false;
    }
  });
}

export const monthFolder = (out: string, month: string) => join(out, month);
export const versionFolder = (out: string, month: string, version: number) => join(out, `${month}.v${version}`);

export interface FolderResult {
  readonly dir: string;
  /** Paths of the files of the set (the manifest last). */
  readonly files: readonly string[];
  /** False when the folder already held exactly this set: nothing was written. */
  readonly written: boolean;
  /** The earlier version's folder, when this one replaced it. */
  readonly keptAs: string | null;
}

/** Puts version `version` of `month`'s files into `<out>/<month>/` (see the module's comment). */
export function writeMonthFolder(out: string, month: string, version: number, files: readonly OutputFile[]): FolderResult {
  mkdirSync(out, { recursive: true });
  removeStaleTemporaries(out);
  const dir = monthFolder(out, month);
  const manifest = manifestOf(month, version, files);
  const manifestText = stableJson(manifest);
  const paths = [...manifest.files.map((f) => join(dir, f.name)), join(dir, MANIFEST)];
  const current = readManifest(dir);
  if (current !== null && stableJson(current) === manifestText && folderMatches(dir, current)) return { dir, files: paths, written: false, keptAs: null };

  const temporary = join(out, `.${month}.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  let keptAs: string | null = null;
  try {
    for (const f of files) writeFileSync(join(temporary, f.name), f.content);
    writeFileSync(join(temporary, MANIFEST), manifestText);
    if (existsSync(dir)) {
      const kept = current !== null && current.version !== version && current.reportMonth === month ? versionFolder(out, month, current.version) : null;
      if (kept !== null && !existsSync(kept)) {
        renameSync(dir, kept);
        keptAs = kept;
      } else {
        const old = join(out, `.${month}.${process.pid}.old`);
        rmSync(old, { recursive: true, force: true });
        renameSync(dir, old);
        renameSync(temporary, dir);
        rmSync(old, { recursive: true, force: true });
        return { dir, files: paths, written: true, keptAs: null };
      }
    }
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return { dir, files: paths, written: true, keptAs };
}
