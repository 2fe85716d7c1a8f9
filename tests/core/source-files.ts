/**
 * The project's source files for tests that read the code as text: every
 * .ts, .js and .mjs file below the top-level folders, leaving out the
 * tests, the bundle and the installed packages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers.ts';

const NOT_SOURCE = new Set(['node_modules', 'dist', 'tests', 'out']);

export interface SourceFile {
  /** The path from the repository's root, with `/`. */
  readonly path: string;
  readonly text: string;
}

export function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (folder !== ROOT || !NOT_SOURCE.has(entry.name)) walk(path);
      } else if (folder !== ROOT && /\.(?:ts|js|mjs)$/.test(entry.name)) {
        files.push({ path: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(ROOT);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
