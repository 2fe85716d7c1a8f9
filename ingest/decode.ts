/**
 * Bytes to text for one export, chunk by chunk, in the encoding detect.ts
 * chose, keeping the evidence that decides whether that choice holds for the
 * whole file.
 *
 * UTF-8 is read leniently: a byte that is not part of a valid UTF-8 sequence
 * does not stop the read and does not turn the file into Windows-1252.
 * It comes out as a marker character (U+F780 + the byte's low 7 bits, in the
 * private use area) so the row holding it can be quarantined as
 * BAD_ENCODING with its line and column, and every other row keeps its
 * æøå. The common case, a chunk that is valid UTF-8, is decoded natively.
 *
 * Both UTF-8 and Windows-1252 reads count, over the whole file, the bytes in
 * valid multi-byte UTF-8 sequences beyond their first (`utf8Evidence`, about
 * one per æ, ø or å written as UTF-8) and the bytes ≥ 0x80 that are not part
 * of one (`invalidBytes`). These counts are properties of the bytes, the same
 * whichever way the file was read, and decide at the end of the read which
 * encoding the file is in (see `settledEncoding`).
 */
import { isUtf8 } from 'node:buffer';

/** First marker code point: byte b (≥ 0x80) becomes U+F700 + b. */
export const MARKER_BASE = 0xf700;
/** Matches a marker character. */
export const MARKER = /[\uF780-\uF7FF]/;

const WINDOWS_1252 = new TextDecoder('windows-1252');

/** The byte a marker character stands for. */
export function markerByte(char: string): number {
  return char.charCodeAt(0) - MARKER_BASE;
}

/** The Windows-1252 reading of one byte. */
export function windows1252Char(byte: number): string {
  return WINDOWS_1252.decode(Uint8Array.of(byte));
}

/** Text with each marker replaced by its byte's Windows-1252 reading (for quarantined raw text). */
export function replaceMarkers(text: string): string {
  return text.replace(/[\uF780-\uF7FF]/g, (c) => windows1252Char(markerByte(c)));
}

/**
 * Length of the valid UTF-8 sequence of two or more bytes starting at `i`,
 * 0 when the bytes there are not one, -1 when the sequence is valid so far
 * but cut off by the end of `bytes`.
 */
export function multibyteLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length) return -1;
    const c = bytes[i + k]!;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }
  return need + 1;
}

/** Counts the UTF-8 evidence and the bytes that are not UTF-8 in `bytes` (see the module comment). */
export function countUtf8Evidence(bytes: Uint8Array): { evidence: number; invalid: number } {
  let evidence = 0;
  let invalid = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (bytes[i]! < 0x80) continue;
    const len = multibyteLength(bytes, i);
    if (len > 0) {
      evidence += len - 1;
      i += len - 1;
    } else if (len === 0) invalid++;
    else break; // cut off at the end of the sample
  }
  return { evidence, invalid };
}

/** How many bytes at the end of `bytes` start a UTF-8 sequence the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc2 && b <= 0xf4) return multibyteLength(bytes, n - back) === -1 ? back : 0;
    return 0;
  }
  return 0;
}

export interface ChunkDecoder {
  /** Decodes the next chunk (`final`: the last one; `bytes` may then be empty). */
  decode(bytes: Uint8Array, final: boolean): string;
  /** Bytes ≥ 0x80 outside valid UTF-8 sequences, so far. */
  readonly invalidBytes: number;
  /** Bytes of valid multi-byte UTF-8 sequences beyond their first, so far. */
  readonly utf8Evidence: number;
}

/** UTF-8, with invalid bytes as markers; a leading byte-order mark is dropped. */
export class LenientUtf8Decoder implements ChunkDecoder {
  invalidBytes = 0;
  utf8Evidence = 0;
  private tail: Uint8Array | null = null;
  private first = true;
  private readonly native = new TextDecoder('utf-8', { ignoreBOM: true });

  decode(chunk: Uint8Array, final: boolean): string {
    let bytes = chunk;
    if (this.tail !== null) {
      bytes = Buffer.concat([this.tail, chunk]);
      this.tail = null;
    }
    if (!final) {
      const cut = incompleteTail(bytes);
      if (cut > 0) {
        this.tail = Uint8Array.prototype.slice.call(bytes, bytes.length - cut);
        bytes = bytes.subarray(0, bytes.length - cut);
      }
    }
    let text: string;
    if (isUtf8(bytes)) {
      text = this.native.decode(bytes);
      // A sequence of n bytes is one UTF-16 unit, or two for a 4-byte one: add one for each of those.
      this.utf8Evidence += bytes.length - text.length + (bytes.length > text.length ? fourByteSequences(bytes) : 0);
    } else {
      text = this.slow(bytes);
    }
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  private slow(bytes: Uint8Array): string {
    let out = '';
    let runStart = 0;
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (b < 0x80) continue;
      const len = multibyteLength(bytes, i);
      if (len > 0) {
        this.utf8Evidence += len - 1;
        i += len - 1;
        continue;
      }
      if (runStart < i) out += this.native.decode(bytes.subarray(runStart, i));
      out += String.fromCharCode(MARKER_BASE + b);
      this.invalidBytes++;
      runStart = i + 1;
    }
    if (runStart < n) out += this.native.decode(bytes.subarray(runStart));
    return out;
  }
}

/**
 * How many 4-byte sequences valid UTF-8 holds: its bytes 0xF0–0xF4, each of
 * which starts one.
 */
function fourByteSequences(bytes: Uint8Array): number {
  // Buffer's indexOf is memchr; a plain Uint8Array's is a loop, ten times slower.
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let lead = 0xf0; lead <= 0xf4; lead++) for (let at = buffer.indexOf(lead); at !== -1; at = buffer.indexOf(lead, at + 1)) count++;
  return count;
}

/**
 * Windows-1252 (every byte a character), counting the UTF-8 evidence on the
 * way. A UTF-8 sequence cut by a chunk's end is counted with the next
 * chunk, so the counts do not depend on where the chunks end.
 */
export class Windows1252Decoder implements ChunkDecoder {
  invalidBytes = 0;
  utf8Evidence = 0;
  private tail: Uint8Array | null = null;
  private readonly native = new TextDecoder('windows-1252');

  decode(bytes: Uint8Array, final: boolean): string {
    const counted = this.tail === null ? bytes : Buffer.concat([this.tail, bytes]);
    // The count stops at a sequence the end cuts: it is counted again with the next chunk.
    const cut = final ? 0 : incompleteTail(counted);
    this.tail = cut > 0 ? Uint8Array.prototype.slice.call(counted, counted.length - cut) : null;
    const counts = countUtf8Evidence(counted);
    this.invalidBytes += counts.invalid;
    this.utf8Evidence += counts.evidence;
    return this.native.decode(bytes, { stream: !final });
  }
}

/** UTF-16 (Excel's "Unicode text"); a leading byte-order mark is dropped. */
export class Utf16Decoder implements ChunkDecoder {
  readonly invalidBytes = 0;
  readonly utf8Evidence = 0;
  private readonly native: InstanceType<typeof TextDecoder>;

  constructor(label: 'utf-16le' | 'utf-16be') {
    this.native = new TextDecoder(label);
  }

  decode(bytes: Uint8Array, final: boolean): string {
    return this.native.decode(bytes, { stream: !final });
  }
}

/**
 * The encoding a file read as `read` turns out to be in, from the whole
 * file's counts: Windows-1252 when it has bytes that are not UTF-8 and fewer
 * UTF-8 letters than such bytes (a Windows-1252 file, or an ASCII one with a
 * few Windows-1252 letters); UTF-8 otherwise (its stray bytes quarantined).
 * A file with a UTF-8 byte-order mark is UTF-8 whatever it holds.
 */
export function settledEncoding(read: 'utf-8' | 'utf-8-bom' | 'windows-1252', decoder: ChunkDecoder): 'utf-8' | 'utf-8-bom' | 'windows-1252' {
  if (read === 'utf-8-bom') return read;
  if (decoder.invalidBytes === 0) return read === 'windows-1252' && decoder.utf8Evidence === 0 ? read : 'utf-8';
  return decoder.utf8Evidence >= decoder.invalidBytes ? 'utf-8' : 'windows-1252';
}
