/**
 * Advance widths of a TrueType font, read straight from its tables: `head`
 * (units per em), `maxp` (glyph count), `hhea` + `hmtx` (advances) and
 * `cmap` (character to glyph). This is all the chart text measurement needs
 * (render.ts), and it takes a millisecond where parsing the whole font with
 * opentype.js took about 300 ms per face. The cmap subtable is chosen as
 * opentype.js chooses it, and a character without a glyph measures as the
 * font's .notdef glyph (glyph 0), as there, so the widths are the same
 * (tests/dashboards/font-metrics.test.ts compares both on every character).
 */
import { PsaError } from '../core/errors.ts';

export interface FontAdvances {
  readonly unitsPerEm: number;
  /** The glyph's advance width, in font units, of the character (one code point). */
  advanceOf(char: string): number;
}

/** The bundled font is not what this reads: the charts cannot be measured (a damaged install). */
function fontError(message: string): PsaError {
  return new PsaError('render', `chart font: ${message}; reinstall psa with npm install`);
}

export function fontAdvances(bytes: Uint8Array): FontAdvances {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = tableOffsets(data);
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw fontError(`the font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = data.getUint16(table('head') + 18);
  const numGlyphs = data.getUint16(table('maxp') + 4);
  const numberOfHMetrics = data.getUint16(table('hhea') + 34);
  if (numberOfHMetrics === 0 || numberOfHMetrics > numGlyphs) throw fontError(`the font's hhea counts ${numberOfHMetrics} metrics for ${numGlyphs} glyphs`);
  const hmtx = table('hmtx');
  const advance = (glyph: number) => data.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const glyphOf = cmapLookup(data, table('cmap'));
  return {
    unitsPerEm,
    advanceOf(char: string): number {
      const glyph = glyphOf(char.codePointAt(0) ?? 0);
      return advance(glyph === undefined || glyph >= numGlyphs ? 0 : glyph);
    },
  };
}

function tableOffsets(data: DataView): Map<string, number> {
  const version = data.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw fontError('not a TrueType font');
  const count = data.getUint16(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(data.getUint8(at), data.getUint8(at + 1), data.getUint8(at + 2), data.getUint8(at + 3));
    tables.set(tag, data.getUint32(at + 8));
  }
  return tables;
}

/** The code point → glyph lookup of the cmap subtable opentype.js would pick (the last Unicode one listed). */
function cmapLookup(data: DataView, cmap: number): (codePoint: number) => number | undefined {
  const numTables = data.getUint16(cmap + 2);
  let offset = -1;
  for (let i = numTables - 1; i >= 0 && offset < 0; i--) {
    const platform = data.getUint16(cmap + 4 + 8 * i);
    const encoding = data.getUint16(cmap + 4 + 8 * i + 2);
    const unicode = (platform === 3 && [0, 1, 10].includes(encoding)) || (platform === 0 && [0, 1, 2, 3, 4, 6].includes(encoding)) || (platform === 1 && encoding === 0);
    if (unicode) offset = data.getUint32(cmap + 4 + 8 * i + 4);
  }
  if (offset < 0) throw fontError('the font has no Unicode cmap subtable');
  const at = cmap + offset;
  const format = data.getUint16(at);
  if (format === 12 || format === 13) return format12(data, at, format);
  if (format === 4) return format4(data, at);
  throw fontError(`cmap subtable format ${format} is not read`);
}

function format12(data: DataView, at: number, format: 12 | 13): (codePoint: number) => number | undefined {
  const groups = data.getUint32(at + 12);
  const map = new Map<number, number>();
  // As opentype.js: every group in order, a later one overwriting an earlier.
  for (let g = 0; g < groups; g++) {
    const start = data.getUint32(at + 16 + 12 * g);
    const end = data.getUint32(at + 20 + 12 * g);
    const glyph = data.getUint32(at + 24 + 12 * g);
    for (let c = start; c <= end; c++) map.set(c, format === 12 ? glyph + (c - start) : glyph);
  }
  return (codePoint) => map.get(codePoint);
}

function format4(data: DataView, at: number): (codePoint: number) => number | undefined {
  const segCount = data.getUint16(at + 6) >> 1;
  const map = new Map<number, number>();
  // As opentype.js: every segment but the last (the 0xFFFF terminator), in order, a later one overwriting an earlier.
  for (let i = 0; i < segCount - 1; i++) {
    const end = data.getUint16(at + 14 + 2 * i);
    const start = data.getUint16(at + 16 + 2 * segCount + 2 * i);
    const delta = data.getInt16(at + 16 + 4 * segCount + 2 * i);
    const rangeAt = at + 16 + 6 * segCount + 2 * i;
    const rangeOffset = data.getUint16(rangeAt);
    for (let c = start; c <= end; c++) {
      let glyph: number;
      if (rangeOffset !== 0) {
        glyph = data.getUint16(rangeAt + rangeOffset + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      } else {
        glyph = (c + delta) & 0xffff;
      }
      map.set(c, glyph);
    }
  }
  return (codePoint) => map.get(codePoint);
}
