/**
 * The files the dashboard takes from installed packages: the browser builds
 * of vega, vega-lite and vega-embed (inlined into index.html, so the page
 * needs no network) and the DejaVu Sans font the PNG renderer draws text
 * with (resvg draws no text at all without a font, and a bare machine may
 * have none).
 *
 * The packages export only their module entry points, so each browser build
 * is found beside its package's resolved entry file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A file in the folder of a package's resolved entry point. */
function besideEntry(pkg: string, file: string): string {
  const path = join(dirname(require.resolve(pkg)), file);
  if (!existsSync(path)) throw new Error(`dashboard: ${pkg} has no ${file} beside its entry point; reinstall with npm install`);
  return path;
}

export interface BrowserLibraries {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

let libraries: BrowserLibraries | undefined;

/** The minified browser builds, in load order (vega-lite needs vega, vega-embed both). */
export function browserLibraries(): BrowserLibraries {
  libraries ??= {
    vega: readFileSync(besideEntry('vega', 'vega.min.js'), 'utf8'),
    vegaLite: readFileSync(besideEntry('vega-lite', 'vega-lite.min.js'), 'utf8'),
    vegaEmbed: readFileSync(besideEntry('vega-embed', 'vega-embed.min.js'), 'utf8'),
  };
  return libraries;
}

let fonts: string[] | undefined;

/** DejaVu Sans, regular and bold, from the dejavu-fonts-ttf package. */
export function fontFiles(): string[] {
  fonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fonts;
}

export const FONT_FAMILY = 'DejaVu Sans';
