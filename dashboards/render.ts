/**
 * Charts as files for the monthly report: SVG from vega's headless renderer
 * and PNG from resvg.
 *
 * - SVG: the Vega-Lite spec compiled to Vega and rendered without a browser
 *   (renderer 'none', then `toSVG`). Text stays text, in the spec's font
 *   list (Liberation Sans, Arial, Helvetica, sans-serif), so Word and
 *   browsers draw it with the reader's own fonts.
 * - PNG: that SVG drawn by resvg at twice its size, with DejaVu Sans from
 *   an npm package as the only font (never the machine's: the same SVG gives
 *   the same pixels everywhere). The file says 192 dpi, so Word places a
 *   chart of 600 px at 16 cm, the width of an A4 page between its default
 *   margins, sharp on paper.
 *
 * vega, vega-lite and resvg load on first use: the other commands never
 * pay for them. The dashboard draws its SVGs in a worker thread
 * (svg-renderer.ts) and its PNGs on the main thread.
 */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY, fontFiles } from './assets.ts';
import { fontAdvances, type FontAdvances } from './font-metrics.ts';
import { PsaError } from '../core/errors.ts';

/** PNG pixels per SVG pixel. */
export const PNG_SCALE = 2;
/** Pixels per inch the PNG declares: a CSS pixel is 1/96 inch, drawn at PNG_SCALE. */
export const PNG_DPI = 96 * PNG_SCALE;

type SvgLibraries = { vega: typeof import('vega'); vegaLite: typeof import('vega-lite') };
let svgLoading: Promise<SvgLibraries> | undefined;
let pngLoading: Promise<typeof import('@resvg/resvg-js')> | undefined;

function svgLibraries(): Promise<SvgLibraries> {
  svgLoading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    measureTextWith(vega);
    return { vega, vegaLite };
  });
  return svgLoading;
}

/** What vega's text measurement reads of a text mark. */
interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

/**
 * Text widths from the font the PNGs are drawn with. Without a canvas,
 * vega guesses a width of 0.8 × font size per character, about half as much
 * again as DejaVu Sans takes: legends were laid out too wide and their
 * labels cut short ("Naiv (bare Løst-da…"). Vega supports a custom
 * `textMetrics.width` for this (vl-convert does the same). SVG readers
 * with Arial or Liberation Sans draw the text narrower still, so it fits.
 */
function measureTextWith(vega: typeof import('vega')): void {
  const [regular, bold] = fontFiles().map((file) => fontAdvances(readFileSync(file))) as [FontAdvances, FontAdvances];
  // Advance widths per character, in em: no shaping or kerning, which for
  // these Latin labels is within a pixel or two.
  const advances = (font: FontAdvances) => {
    const em = new Map<string, number>();
    return (char: string) => {
      let width = em.get(char);
      if (width === undefined) em.set(char, (width = font.advanceOf(char) / font.unitsPerEm));
      return width;
    };
  };
  const regularEm = advances(regular);
  const boldEm = advances(bold);
  const widths = new Map<string, number>();
  // vega exports textMetrics (from vega-scenegraph), but its typings leave it out.
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } };
  textMetrics.width = (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const isBold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    const key = `${isBold ? 'b' : 'r'}${size} ${line}`;
    let width = widths.get(key);
    if (width === undefined) {
      const em = isBold ? boldEm : regularEm;
      width = 0;
      for (const char of line) width += em(char) * size;
      widths.set(key, width);
    }
    // A label with a limit is cut to fit it (vega asks for the untruncated widths while it cuts).
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

/**
 * resvg's own allocator (mimalloc, linked into its addon) reads its options
 * from the environment once, when the addon loads. By default it keeps
 * freed pages for 10 ms, and its arenas for ten times that, before giving
 * them back: long enough that the pixel buffers of the charts drawn one
 * after another stay resident. With 1 ms, and the arenas' delay the same,
 * the memory held after the dashboard's thirteen PNGs is 10–15 MB lower at
 * the same speed (0 ms doubled the time). A user's own setting wins.
 */
const RESVG_ALLOCATOR = { MIMALLOC_PURGE_DELAY: '1', MIMALLOC_ARENA_PURGE_MULT: '1' };

function pngLibrary(): Promise<typeof import('@resvg/resvg-js')> {
  if (pngLoading === undefined) {
    for (const [name, value] of Object.entries(RESVG_ALLOCATOR)) process.env[name] ??= value;
    pngLoading = import('@resvg/resvg-js');
  }
  return pngLoading;
}

/** Starts loading a renderer, so a caller can overlap that with other work. */
export function preloadRenderers(which: 'svg' | 'png'): void {
  void (which === 'svg' ? svgLibraries() : pngLibrary()).catch(() => {
    // Reported by the first render that needs them.
  });
}

export class ChartRenderError extends PsaError {
  override name = 'ChartRenderError';
  constructor(message: string) {
    super('render', message);
  }
}

/** The chart as a standalone SVG document. A Vega-Lite or Vega warning fails it: a chart must render exactly as specified. */
export async function chartSvg(name: string, spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await svgLibraries();
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => void warnings.push(args.join(' ')),
    warn: (...args: unknown[]) => void warnings.push(args.join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  const compiled = vegaLite.compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    if (warnings.length > 0) throw new ChartRenderError(`chart ${name}: ${warnings.join('; ')}`);
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}

/** The SVG drawn at PNG_SCALE with the bundled font, as a PNG that declares PNG_DPI. Runs on libuv's thread pool. */
export async function chartPng(svg: string): Promise<Uint8Array> {
  const resvg = await pngLibrary();
  const image = await resvg.renderAsync(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: '#ffffff',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return withDpi(image.asPng(), PNG_DPI);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature (8 bytes) and IHDR (4 length + 4 type + 13 data + 4 CRC). */
const AFTER_IHDR = 8 + 25;

/**
 * The PNG with a pHYs chunk saying `dpi` (replacing any it had): Word and
 * LibreOffice size an inserted picture by it, 96 dpi when there is none.
 */
export function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG file');
  const chunks: Buffer[] = [bytes.subarray(0, AFTER_IHDR), physChunk(dpi)];
  for (let at = AFTER_IHDR; at < bytes.length; ) {
    const end = at + 12 + bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) !== 'pHYs') chunks.push(bytes.subarray(at, end));
    at = end;
  }
  return Buffer.concat(chunks);
}

function physChunk(dpi: number): Buffer {
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(12 + 9);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(pixelsPerMetre, 8);
  chunk.writeUInt32BE(pixelsPerMetre, 12);
  chunk.writeUInt8(1, 16); // unit: the metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return chunk;
}
