/**
 * Telling how an export is written before reading it: its text encoding and
 * its delimiter.
 */
import { isUtf8 } from 'node:buffer';
import { fieldForHeader } from './fields.ts';

export const Encoding = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'windows-1252': 'windows-1252',
} as const;
export type Encoding = keyof typeof Encoding;

export class UnsupportedEncodingError extends Error {
  override readonly name = 'UnsupportedEncodingError';
}

/**
 * The encoding of a file from its first bytes: a UTF-8 byte-order mark says
 * UTF-8; otherwise text that is valid UTF-8 is taken as UTF-8 and anything
 * else as Windows-1252 (Excel's "CSV" on Norwegian Windows), whose every byte
 * is a character. A UTF-16 mark is refused: Pureservice does not write it.
 *
 * The sample may end inside a multi-byte character; that does not count
 * against UTF-8. Bytes beyond the sample are checked while the file is read.
 */
export function detectEncoding(sample: Uint8Array): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new UnsupportedEncodingError('the file is UTF-16; save it as UTF-8 or Windows-1252 (CSV) and load it again');
  }
  return isUtf8(trimIncompleteUtf8(sample)) ? 'utf-8' : 'windows-1252';
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

/** The TextDecoder label for an encoding. */
export function decoderLabel(encoding: Encoding): string {
  return encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
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
