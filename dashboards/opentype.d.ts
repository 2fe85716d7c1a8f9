// The part of opentype.js (2.x ships no types) that render.ts uses. Node
// loads its CommonJS build (everything on `default`), bundlers may take its
// ES module (named exports): render.ts accepts both.
declare module 'opentype.js' {
  export interface Font {
    readonly unitsPerEm: number;
    charToGlyph(char: string): { readonly advanceWidth?: number };
    charToGlyphIndex(char: string): number;
  }
  export function parse(buffer: ArrayBuffer): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
