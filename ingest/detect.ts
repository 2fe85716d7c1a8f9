/**
 * Telling how an export is written before reading it: its text encoding and
 * its delimiter.
 */
import { isUtf8 } from 'node:buffer';
import { countUtf8Evidence } from './decode.ts';
import { fieldForHeader } from './fields.ts';
import { PsaError } from '../core/errors.ts';

export const Encoding = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'windows-1252': 'windows-1252',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
} as const;
export type Encoding = keyof typeof Encoding;

/** A file psa cannot read as an export, named for what it is. */
export class UnsupportedEncodingError extends PsaError {
  override readonly name = 'UnsupportedEncodingError';
  constructor(message: string) {
    super('input', message);
  }
}

/** What the first bytes of a file say it is. */
export type FileKind =
  | { readonly kind: 'text'; readonly encoding: Encoding; readonly crOnly: boolean }
  | { readonly kind: 'workbook' };

const startsWith = (sample: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => sample[i] === b);

/**
 * What a file is, from its first bytes (up to a MiB):
 * - an Excel workbook (.xlsx: a zip holding `xl/`), read as a workbook;
 * - a zip archive, gzip file, Excel 97-2003 workbook (.xls), PDF or other
 *   binary file: refused, named for what it is;
 * - text: UTF-8 with a byte-order mark; UTF-16 LE or BE with a byte-order
 *   mark, or without one when every other byte is zero (Excel's "Unicode
 *   text"); otherwise UTF-8 or Windows-1252 by the evidence in the sample
 *   (see decode.ts: the whole file's evidence settles it at the end).
 *   `crOnly`: the sample's lines end in CR alone (old Mac, some Excel saves).
 */
export function detectFile(sample: Uint8Array, fileName = ''): FileKind {
  if (startsWith(sample, 0x50, 0x4b, 0x03, 0x04) || startsWith(sample, 0x50, 0x4b, 0x05, 0x06)) {
    if (/\.xlsx$/i.test(fileName) || Buffer.from(sample.buffer, sample.byteOffset, sample.length).includes('xl/')) return { kind: 'workbook' };
    throw new UnsupportedEncodingError('this is a zip archive, not an export: unpack it and load the CSV inside');
  }
  if (startsWith(sample, 0x1f, 0x8b)) throw new UnsupportedEncodingError('this is a gzip file, not an export: unpack it first (gunzip) and load the CSV');
  if (startsWith(sample, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    throw new UnsupportedEncodingError('this is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV and load that');
  }
  if (startsWith(sample, 0x25, 0x50, 0x44, 0x46)) throw new UnsupportedEncodingError('this is a PDF file, not an export');
  if (Buffer.from(sample.buffer, sample.byteOffset, Math.min(sample.length, 16)).toString('latin1') === 'SQLite format 3\0') {
    throw new UnsupportedEncodingError('this is a SQLite database, not an export (give it to --db instead)');
  }
  const encoding = detectEncoding(sample);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && looksBinary(sample)) {
    throw new UnsupportedEncodingError('this is a binary file, not a text export (CSV or tab-separated)');
  }
  return { kind: 'text', encoding, crOnly: crOnlyLineEnds(sample, encoding) };
}

/**
 * The encoding of a text file from its first bytes: a byte-order mark says
 * UTF-8 or UTF-16; UTF-16 without one shows as zero bytes in every other
 * place; otherwise text that is valid UTF-8 is UTF-8, and text with bytes
 * that are not is UTF-8 when it holds at least as many UTF-8 letters as such
 * bytes (a UTF-8 export with a stray byte) and Windows-1252 when not
 * (Excel's "CSV" on Norwegian Windows).
 *
 * The sample may end inside a multi-byte character; that does not count
 * against UTF-8. Bytes beyond the sample are checked while the file is read.
 */
export function detectEncoding(sample: Uint8Array): Encoding {
  if (startsWith(sample, 0xef, 0xbb, 0xbf)) return 'utf-8-bom';
  if (startsWith(sample, 0xff, 0xfe)) return 'utf-16le';
  if (startsWith(sample, 0xfe, 0xff)) return 'utf-16be';
  const utf16 = utf16WithoutMark(sample);
  if (utf16 !== null) return utf16;
  if (isUtf8(trimIncompleteUtf8(sample))) return 'utf-8';
  const { evidence, invalid } = countUtf8Evidence(sample);
  return evidence >= invalid ? 'utf-8' : 'windows-1252';
}

/** UTF-16 without a byte-order mark: most of the first characters have a zero high byte. */
function utf16WithoutMark(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(sample.length >> 1, 2048);
  if (pairs < 2) return null;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < pairs; i++) {
    const even = sample[2 * i]!;
    const odd = sample[2 * i + 1]!;
    if (odd === 0 && even !== 0) zeroOdd++;
    else if (even === 0 && odd !== 0) zeroEven++;
  }
  if (zeroOdd >= pairs * 0.6) return 'utf-16le';
  if (zeroEven >= pairs * 0.6) return 'utf-16be';
  return null;
}

/**
 * Not text: a zero byte in the first line (a header never has one), or many
 * zero bytes or control characters in the first 4 KiB. A stray control
 * byte in a row is left to the row checks.
 */
function looksBinary(sample: Uint8Array): boolean {
  const n = Math.min(sample.length, 4096);
  let zero = 0;
  let control = 0;
  let firstLine = true;
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b === 0x0a) firstLine = false;
    if (b === 0) {
      if (firstLine) return true;
      zero++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return zero > n / 10 || control > n * 0.3;
}

/** The sample has CRs and not a single LF. */
function crOnlyLineEnds(sample: Uint8Array, encoding: Encoding): boolean {
  const step = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const at = encoding === 'utf-16be' ? 1 : 0;
  let cr = false;
  for (let i = at; i < sample.length; i += step) {
    if (step === 2 && sample[i + (encoding === 'utf-16be' ? -1 : 1)] !== 0) continue;
    if (sample[i] === 0x0a) return false;
    if (sample[i] === 0x0d) cr = true;
  }
  return cr;
}

/** The sample without a UTF-8 sequence cut off at its end. */
function trimIncompleteUtf8(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.subarray(0, n - back) : bytes;
    }
    return bytes;
  }
  return bytes;
}

export const DELIMITERS = [';', ',', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Splits a header line on a delimiter, honouring quotes. */
export function splitHeaderLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inQuotes) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
    } else if (c === delimiter) {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}

/**
 * The delimiter of an export from its header line: the one that splits it
 * into the most headers psa knows; on a tie, the one that splits it into the
 * most fields. A line that none of them splits gives `;` (and the missing
 * columns are reported by the caller).
 */
export function detectDelimiter(headerLine: string, isKnown: (header: string) => boolean = (h) => fieldForHeader(h) !== undefined): Delimiter {
  let best: Delimiter = ';';
  let bestKnown = -1;
  let bestFields = 1;
  for (const delimiter of DELIMITERS) {
    const headers = splitHeaderLine(headerLine, delimiter);
    const known = headers.filter(isKnown).length;
    if (known > bestKnown || (known === bestKnown && headers.length > bestFields)) {
      best = delimiter;
      bestKnown = known;
      bestFields = headers.length;
    }
  }
  return best;
}
