/**
 * The chart text widths come from dashboards/font-metrics.ts, which reads
 * only the tables it needs. It must give the same advance width as
 * opentype.js's full parse for every character, mapped or not, in both
 * faces the charts use, so the SVG layout stays as it was.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import opentype from 'opentype.js';
import { fontFiles } from '../../dashboards/assets.ts';
import { fontAdvances } from '../../dashboards/font-metrics.ts';
import { PsaError } from '../../core/errors.ts';

describe('font advance widths', () => {
  for (const file of fontFiles()) {
    it(`match opentype.js for every code point of ${file.split('/').pop()}`, () => {
      const bytes = readFileSync(file);
      const full = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const fast = fontAdvances(bytes);
      expect(fast.unitsPerEm).toBe(full.unitsPerEm);
      let mapped = 0;
      const differing: string[] = [];
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const char = String.fromCodePoint(cp);
        const expected = full.charToGlyph(char).advanceWidth;
        if (fast.advanceOf(char) !== expected) differing.push(`U+${cp.toString(16)}`);
        if (full.charToGlyphIndex(char) !== 0) mapped++;
      }
      expect(differing.slice(0, 10)).toEqual([]);
      // Not a vacuous comparison: the font maps thousands of characters, with different widths.
      expect(mapped).toBeGreaterThan(3000);
      expect(new Set(['i', 'm', 'W', ' ', 'ø'].map((c) => fast.advanceOf(c))).size).toBe(5);
    });
  }

  it('refuses a file that is not a TrueType font', () => {
    expect(() => fontAdvances(new TextEncoder().encode('Saksnummer;Emne;Sakstype;Status;Prioritet'))).toThrow(PsaError);
  });
});
