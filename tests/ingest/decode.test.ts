/**
 * The export decoders read a file in pieces (parse-export.ts: 1 MiB reads,
 * decoded 64 KiB at a time): whatever the boundaries, the text and the
 * counts of invalid bytes and UTF-8 evidence must be those of the whole
 * file decoded at once. Multi-byte sequences, invalid bytes, a byte-order
 * mark and UTF-16 pairs are cut anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LenientUtf8Decoder, Utf16Decoder, Windows1252Decoder, type ChunkDecoder } from '../../ingest/decode.ts';

function decodeInPieces(make: () => ChunkDecoder, bytes: Uint8Array, sizes: readonly number[]) {
  const decoder = make();
  let text = '';
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    text += decoder.decode(bytes.subarray(at, at + size), false);
    at += size;
  }
  text += decoder.decode(new Uint8Array(0), true);
  return { text, invalid: decoder.invalidBytes, evidence: decoder.utf8Evidence };
}

const encoder = new TextEncoder();
/** Pieces of UTF-8: ASCII, Norwegian letters, a euro sign, an emoji, and bytes that are not UTF-8 (a lone continuation byte, a cut sequence, 0xFF). */
const utf8Piece = fc.oneof(
  fc.constantFrom('a', ';', '"', '\n', 'ø', 'Å', '€', '😀').map((s) => encoder.encode(s)),
  fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xff], [0xf0, 0x9f, 0x98]).map((b) => Uint8Array.from(b)),
);
const joined = (pieces: readonly Uint8Array[], prefix: readonly number[] = []) => Uint8Array.from([...prefix, ...pieces.flatMap((p) => [...p])]);
const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 });

describe('decoding an export in pieces', () => {
  it('UTF-8 (with or without a byte-order mark, invalid bytes among valid ones): the same text and counts as decoding it whole', () => {
    fc.assert(
      fc.property(fc.array(utf8Piece, { maxLength: 60 }), fc.boolean(), sizes, (pieces, bom, cuts) => {
        const bytes = joined(pieces, bom ? [0xef, 0xbb, 0xbf] : []);
        const whole = decodeInPieces(() => new LenientUtf8Decoder(), bytes, [bytes.length || 1]);
        expect(decodeInPieces(() => new LenientUtf8Decoder(), bytes, cuts)).toEqual(whole);
        expect(whole.text.startsWith('\ufeff')).toBe(false);
      }),
    );
  });

  it('Windows-1252 (UTF-8 read as such counted as evidence): the same text and counts as decoding it whole', () => {
    fc.assert(
      fc.property(fc.array(utf8Piece, { maxLength: 60 }), sizes, (pieces, cuts) => {
        const bytes = joined(pieces);
        expect(decodeInPieces(() => new Windows1252Decoder(), bytes, cuts)).toEqual(decodeInPieces(() => new Windows1252Decoder(), bytes, [bytes.length || 1]));
      }),
    );
  });

  it('UTF-16, both byte orders, surrogate pairs cut between pieces: the same text as decoding it whole', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'ø', '€', '😀', '\n'), { maxLength: 40 }), fc.constantFrom('utf-16le' as const, 'utf-16be' as const), sizes, (chars, order, cuts) => {
        const text = chars.join('');
        const le = Buffer.from(text, 'utf16le');
        const bytes = order === 'utf-16le' ? le : Buffer.from(le).swap16();
        const got = decodeInPieces(() => new Utf16Decoder(order), bytes, cuts);
        expect(got.text.replace(/^\ufeff/, '')).toBe(text);
        expect(got).toEqual(decodeInPieces(() => new Utf16Decoder(order), bytes, [bytes.length || 1]));
      }),
    );
  });
});
