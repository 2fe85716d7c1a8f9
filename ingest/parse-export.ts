/**
 * Reading one export from disk into row batches: bytes → text → records →
 * typed rows or rejects. Synchronous and free of database access, so it runs
 * the same on the main thread (small files) and in a worker (large ones).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { CsvReader, type CsvProblem } from './csv-reader.ts';
import {
  LenientUtf8Decoder,
  MARKER,
  markerByte,
  replaceMarkers,
  settledEncoding,
  Utf16Decoder,
  Windows1252Decoder,
  windows1252Char,
  type ChunkDecoder,
} from './decode.ts';
import { detectDelimiter, splitHeaderLine, type Delimiter, type Encoding } from './detect.ts';
import { FIELDS, fieldForHeader, normaliseHeader } from './fields.ts';
import { HeaderError, mapHeaders, type ColumnMapping, type ColumnOverrides } from './headers.ts';
import { messages, type RejectCode } from './messages.ts';
import { BatchBuilder, type RowBatch } from './row-batch.ts';
import type { KnownRows } from './known-rows.ts';
import { rowHash } from './row-hash.ts';
import { TicketSet } from './ticket-set.ts';
import { createTimestampParser, type TimestampParser } from '../core/timestamps.ts';
import { PsaError } from '../core/errors.ts';

export interface ParseOptions {
  readonly encoding: Encoding;
  /** Lines end in CR alone: every CR is read as a line end. */
  readonly crOnly?: boolean;
  /** The encoding was settled by an earlier read of the whole file: do not ask for another read. */
  readonly settled?: boolean;
  readonly zone: string;
  readonly columns: ColumnOverrides;
  /** Rows per batch. */
  readonly batchRows: number;
}

/** What the parser reports, in this order: header, batches, end. */
export interface ParseSink {
  header(info: { mapping: ColumnMapping; delimiter: string }): void;
  batch(batch: RowBatch): void;
  end(info: { sha256: string; blankLines: number; rowsRead: number; bytesRead: number; notices: string[] }): void;
}

/** The file cannot be read as a whole (its header, its encoding); `line` where known. */
export class ParseError extends PsaError {
  override readonly name = 'ParseError';
  constructor(message: string, line?: number) {
    super('input', message, { line });
  }
}

/**
 * The whole file's bytes show another encoding than the one it was read in
 * (decode.ts `settledEncoding`): read it again from the start in `encoding`.
 * A signal, not a failure: it is thrown out of the parse and always caught
 * by load.ts, which reads the file once more, settled; so it is no Error.
 */
export class EncodingRestart {
  constructor(readonly encoding: Encoding) {}
}

export const CHUNK_BYTES = 1 << 20;
/**
 * The file is read a CHUNK_BYTES at a time and decoded and parsed in pieces
 * of this size: bytes and text then stay in the processor's cache, and
 * decoding UTF-8 took half the time (0.3 s instead of 0.6 s for a million
 * rows).
 */
const DECODE_BYTES = 1 << 16;
/** How many lines above the header may be blank, a delimiter hint or a title. */
const HEADER_SEARCH_LINES = 10;

function decoderFor(encoding: Encoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new LenientUtf8Decoder();
    case 'windows-1252':
      return new Windows1252Decoder();
    case 'utf-16le':
    case 'utf-16be':
      return new Utf16Decoder(encoding);
  }
}

/**
 * Reads the whole file, reporting to `sink`. Throws ParseError or
 * EncodingRestart. With `known`, a row that is the same text again as the
 * stored row its ticket's values came from is not typed (known-rows.ts).
 */
export function parseExport(path: string, options: ParseOptions, sink: ParseSink, known: KnownRows | null = null): void {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const decoder = decoderFor(options.encoding);
    const records = new RecordRouter(options, sink, known);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const crOnly = options.crOnly === true;
    let bytesRead = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const bytes = buffer.subarray(0, n);
      hash.update(bytes);
      bytesRead += n;
      records.bytesRead = bytesRead;
      for (let at = 0; at < n; at += DECODE_BYTES) {
        const text = decoder.decode(bytes.subarray(at, Math.min(n, at + DECODE_BYTES)), false);
        records.checkMarkers = decoder.invalidBytes > 0 && options.encoding !== 'windows-1252';
        records.push(crOnly ? text.replace(/\r/g, '\n') : text);
      }
    }
    const last = decoder.decode(new Uint8Array(0), true);
    records.checkMarkers = decoder.invalidBytes > 0 && options.encoding !== 'windows-1252';
    records.push(crOnly ? last.replace(/\r/g, '\n') : last);
    const { rowsRead, blankLines } = records.end();
    const notices: string[] = [];
    if (options.encoding === 'utf-8' || options.encoding === 'utf-8-bom' || options.encoding === 'windows-1252') {
      const settled = settledEncoding(options.encoding, decoder);
      const readAs = options.encoding === 'utf-8-bom' ? 'utf-8' : options.encoding;
      // A header with letters beyond ASCII that read right has decided already.
      if (settled !== readAs && settled !== 'utf-8-bom' && !options.settled && !records.headerDecided) throw new EncodingRestart(settled);
      if (readAs === 'windows-1252' && decoder.utf8Evidence > 0) notices.push(messages.utf8InWindows1252(decoder.utf8Evidence, decoder.invalidBytes));
      if (readAs === 'utf-8' && decoder.invalidBytes > 0) notices.push(messages.notUtf8Bytes(decoder.invalidBytes));
    }
    if (crOnly) notices.push(messages.crOnly());
    sink.end({ sha256: hash.digest('hex'), blankLines, rowsRead, bytesRead, notices: [...records.notices, ...notices] });
  } finally {
    closeSync(fd);
  }
}

/** `sep=;` (Excel's delimiter hint) as a line of its own. */
const SEP_HINT = /^\s*"?sep=(\\t|[^"\s]|\t)"?\s*[;,\t]*\s*$/i;
/** A line with nothing but delimiters and space: a blank row. */
const BLANK_LINE = /^[\s;,]*$/;

/**
 * Text in, records out: holds text until the header line is found (below
 * blank lines, a `sep=` hint or a title, within the first lines), picks the
 * delimiter from it, maps the header record, then types each later record
 * into the current batch.
 */
export class RecordRouter {
  bytesRead = 0;
  /** Set when the text may hold encoding markers (decode.ts): rows are checked for them. */
  checkMarkers = false;
  readonly notices: string[] = [];
  private reader: CsvReader | null = null;
  private delimiter = ';';
  private pending = '';
  private rows: RowTyper | null = null;
  private skippedBlankLines = 0;
  private readonly batch: BatchBuilder;

  /** The header has letters beyond ASCII and they read right in the encoding read: it decides the file's encoding. */
  headerDecided = false;

  constructor(
    private readonly options: Pick<ParseOptions, 'zone' | 'columns' | 'batchRows'> & Partial<Pick<ParseOptions, 'encoding' | 'settled'>>,
    private readonly sink: Pick<ParseSink, 'header' | 'batch'>,
    private readonly known: KnownRows | null = null,
  ) {
    this.batch = new BatchBuilder(options.batchRows);
  }

  push(text: string): void {
    if (this.reader === null) {
      this.pending += text;
      if (!this.findHeader(false)) return;
      text = this.pending;
      this.pending = '';
    }
    this.reader!.push(text, this.onRecord);
  }

  end(): { rowsRead: number; blankLines: number } {
    if (this.reader === null && this.pending.length > 0) {
      if (this.findHeader(true)) {
        const text = this.pending;
        this.pending = '';
        this.reader!.push(text, this.onRecord);
      }
    }
    this.reader?.end(this.onRecord);
    if (this.rows === null) throw new ParseError(messages.emptyFile());
    if (!this.batch.isEmpty) this.sink.batch(this.batch.take(this.rows.rowsRead, this.bytesRead));
    return { rowsRead: this.rows.rowsRead, blankLines: (this.reader?.blankLines ?? 0) + this.skippedBlankLines };
  }

  /**
   * Looks for the header among the first lines; false while more text is
   * needed. On success the reader is set up and `pending` starts at the
   * header line.
   */
  private findHeader(final: boolean): boolean {
    const text = this.pending;
    const starts: number[] = [];
    const lines: string[] = [];
    let at = 0;
    while (lines.length < HEADER_SEARCH_LINES) {
      const lf = text.indexOf('\n', at);
      if (lf === -1) break;
      starts.push(at);
      lines.push(text.slice(at, lf).replace(/\r$/, ''));
      at = lf + 1;
    }
    if (lines.length < HEADER_SEARCH_LINES && !final && text.length < CHUNK_BYTES) return false;
    if (lines.length < HEADER_SEARCH_LINES && at < text.length) {
      starts.push(at);
      lines.push(text.slice(at).replace(/\r$/, ''));
    }
    if (lines.length === 0) return false;
    if (text.length >= CHUNK_BYTES && starts.length <= 1) {
      // A first line over 1 MiB is no header; let the reader set it aside.
      this.startReader(lines[0]!.slice(0, 4096), 1, null);
      return true;
    }
    const overrides = new Set(Object.keys(this.options.columns).map(normaliseHeader));
    const isKnown = (h: string) => fieldForHeader(h) !== undefined || overrides.has(normaliseHeader(h));
    let hint: Delimiter | null = null;
    let hintLine = 0;
    let header = -1;
    let firstText = -1;
    const blank: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (BLANK_LINE.test(line)) {
        blank.push(i);
        continue;
      }
      const sep: RegExpExecArray | null = hint === null && firstText === -1 ? SEP_HINT.exec(line) : null;
      if (sep) {
        const d: string = sep[1] === '\\t' ? '\t' : sep[1]!;
        if (d === ';' || d === ',' || d === '\t') {
          hint = d;
          hintLine = i + 1;
          continue;
        }
      }
      if (firstText === -1) firstText = i;
      const delimiter = hint ?? detectDelimiter(line, isKnown);
      if (splitHeaderLine(line, delimiter).filter(isKnown).length >= 2) {
        header = i;
        break;
      }
    }
    if (header === -1) header = firstText === -1 ? lines.length - 1 : firstText;
    const above = [];
    for (let i = 0; i < header; i++) if (!BLANK_LINE.test(lines[i]!) && i + 1 !== hintLine) above.push(i + 1);
    const blankAbove = blank.filter((i) => i < header).length;
    this.skippedBlankLines = blankAbove;
    if (hint !== null && hintLine <= header + 1) this.notices.push(messages.delimiterHint(hint, hintLine));
    if (above.length > 0) this.notices.push(messages.linesAboveHeader(above));
    if (blankAbove > 0) this.notices.push(messages.blankLinesAboveHeader(blankAbove));
    this.pending = text.slice(starts[header]!);
    this.startReader(lines[header]!, header + 1, hint, isKnown);
    return true;
  }

  private startReader(headerLine: string, line: number, hint: Delimiter | null, isKnown?: (h: string) => boolean): void {
    this.delimiter = hint ?? detectDelimiter(headerLine, isKnown);
    this.reader = new CsvReader({ delimiter: this.delimiter, firstLine: line });
  }

  private readonly onRecord = (fields: string[], line: number, span: number, raw: string, problem: CsvProblem | null): boolean => {
    if (this.rows !== null) {
      const accepted = this.rows.type(fields, line, span, raw, problem, this.batch, this.checkMarkers);
      if (this.batch.full) this.sink.batch(this.batch.take(this.rows.rowsRead, this.bytesRead));
      return accepted;
    }
    this.header(fields, line, problem);
    return true;
  };

  /** Maps the header record; throws ParseError when it cannot be a header. */
  header(fields: string[], line: number, problem: CsvProblem | null): void {
    if (problem) throw new ParseError(messages.badHeaderLine(problem.message), line);
    try {
      checkHeaderText(fields, line);
    } catch (error) {
      // The header shows the file is in the other encoding: read it again in that one (once).
      const { encoding, settled } = this.options;
      if (!settled && error instanceof HeaderEncodingError) {
        if (error.kind === 'not-utf-8' && encoding === 'utf-8') throw new EncodingRestart('windows-1252');
        if (error.kind === 'utf-8-as-windows-1252' && encoding === 'windows-1252') throw new EncodingRestart('utf-8');
      }
      throw error;
    }
    // eslint-disable-next-line no-control-regex -- "any character outside ASCII"
    this.headerDecided = fields.some((h) => /[^\x00-\x7f]/.test(h));
    let mapping: ColumnMapping;
    try {
      mapping = mapHeaders(fields, this.options.columns);
    } catch (error) {
      if (error instanceof HeaderError) throw new ParseError(error.message, line);
      throw error;
    }
    this.reader?.expectFields(mapping.headers.length);
    this.sink.header({ mapping, delimiter: this.delimiter });
    this.known?.start(mapping, this.delimiter);
    this.rows = new RowTyper(mapping, createTimestampParser(this.options.zone), this.known);
  }

  /** For readers other than the CSV one (workbooks): one record. */
  record(fields: string[], line: number, raw: string): void {
    if (this.rows === null) {
      this.header(fields, line, null);
      return;
    }
    this.rows.type(fields, line, 1, raw, null, this.batch, false);
    if (this.batch.full) this.sink.batch(this.batch.take(this.rows.rowsRead, this.bytesRead));
  }
}

/** Windows-1252 byte of each character that byte decodes to (for undoing a wrong decoding). */
const WINDOWS_1252_BYTE: ReadonlyMap<string, number> = new Map(Array.from({ length: 256 }, (_, b) => [windows1252Char(b), b] as const));

/**
 * A header must read as the text it was written as: one with bytes that are
 * not UTF-8, with an unreadable character, or that is a known header once
 * read as UTF-8 instead of Windows-1252, is an error rather than a column
 * that silently stops matching.
 */
class HeaderEncodingError extends ParseError {
  constructor(
    readonly kind: 'not-utf-8' | 'utf-8-as-windows-1252',
    message: string,
    line: number,
  ) {
    super(message, line);
  }
}

function checkHeaderText(headers: readonly string[], line: number): void {
  headers.forEach((header, i) => {
    const marker = MARKER.exec(header);
    if (marker) throw new HeaderEncodingError('not-utf-8', messages.headerNotUtf8(i + 1, markerByte(marker[0]), replaceMarkers(header)), line);
    if (header.includes('\uFFFD')) throw new ParseError(messages.headerUnreadable(i + 1, header), line);
    if (fieldForHeader(header) === undefined && /[\u0080-\u00ff\u0152-\u2122]/.test(header)) {
      const bytes: number[] = [];
      for (const c of header) {
        const b = WINDOWS_1252_BYTE.get(c);
        if (b === undefined) return;
        bytes.push(b);
      }
      const asUtf8 = Buffer.from(bytes).toString('utf8');
      if (!asUtf8.includes('\uFFFD') && fieldForHeader(asUtf8) !== undefined) throw new HeaderEncodingError('utf-8-as-windows-1252', messages.headerMisdecoded(i + 1, header, asUtf8), line);
    }
  });
}

const WHOLE_NUMBER = /^\d{1,15}$/;
const SIGNED_WHOLE_NUMBER = /^[+-]?\d{1,15}$/;
const BOOLEANS: ReadonlyMap<string, number> = new Map([
  ['true', 1], ['1', 1], ['ja', 1], ['yes', 1], ['j', 1], ['y', 1], ['x', 1],
  ['false', 0], ['0', 0], ['nei', 0], ['no', 0], ['n', 0],
]);

interface Problem {
  readonly column: number;
  readonly code: RejectCode;
  readonly message: string;
}

/**
 * Checks and types one record at a time. Every field is checked, so a
 * rejected row's message lists all its problems, not just the first.
 */
class RowTyper {
  rowsRead = 0;
  private readonly headerCount: number;
  private readonly typed: (string | number | null)[] = new Array(FIELDS.length).fill(null);
  private readonly seen = new TicketSet();
  private readonly ticketField = FIELDS.findIndex((f) => f.kind === 'ticketNumber');

  private readonly ticketColumn: number;

  constructor(
    readonly mapping: ColumnMapping,
    private readonly parseTimestamp: TimestampParser,
    private readonly known: KnownRows | null = null,
  ) {
    this.headerCount = mapping.headers.length;
    this.ticketColumn = mapping.columnOfField[this.ticketField]!;
  }

  /**
   * Types one record into `out` as a row or a reject. A record over several
   * lines that would be rejected for its field count or values is refused
   * instead (false): the reader then reads its lines one by one.
   */
  type(fields: string[], line: number, span: number, raw: string, problem: CsvProblem | null, out: BatchBuilder, checkMarkers: boolean): boolean {
    if (problem !== null) {
      this.rowsRead++;
      out.reject({ line, lineSpan: span, column: problem.field, code: problem.code, message: problem.message, raw });
      return true;
    }
    if (checkMarkers && MARKER.test(raw)) {
      this.rowsRead++;
      const column = fields.findIndex((f) => MARKER.test(f));
      const byte = markerByte(MARKER.exec(raw)![0]);
      out.reject({ line, lineSpan: span, column: column === -1 ? null : column + 1, code: 'BAD_ENCODING', message: messages.badEncoding(byte, windows1252Char(byte)), raw: replaceMarkers(raw) });
      return true;
    }
    if (fields.length !== this.headerCount) {
      if (span > 1) return false;
      this.rowsRead++;
      const column = fields.length < this.headerCount ? fields.length + 1 : this.headerCount + 1;
      out.reject({ line, lineSpan: span, column, code: 'FIELD_COUNT', message: messages.fieldCount(this.headerCount, fields.length), raw });
      return true;
    }
    const hash = rowHash(raw);
    // Whether this row was checked against the stored rows (a repeat in the file needs no check).
    let checked = false;
    if (this.known !== null && this.ticketColumn >= 0) {
      // The same text again as the stored row its ticket's values came from, read the same way:
      // it would type to the same values, so it is not typed (only a ticket's first row in the file).
      const text = fields[this.ticketColumn]!.trim();
      if (WHOLE_NUMBER.test(text)) {
        const ticket = Number(text);
        if (this.seen.has(ticket)) checked = true;
        else if (this.known.same(ticket, hash)) {
          this.rowsRead++;
          this.seen.addAndCheck(ticket);
          out.addSame(line, span, ticket, this.known.load, this.known.line);
          return true;
        } else checked = this.known.checking;
      }
    }
    const problems = this.typeFields(fields);
    if (problems !== null) {
      if (span > 1) return false;
      this.rowsRead++;
      out.reject({
        line,
        lineSpan: span,
        column: problems[0]!.column,
        code: problems[0]!.code,
        message: problems.map((p) => p.message).join('; '),
        raw,
      });
      return true;
    }
    this.rowsRead++;
    const repeated = this.seen.addAndCheck(this.typed[this.ticketField] as number);
    out.addRow(raw, line, span, repeated, this.typed, hash, checked);
    return true;
  }

  /** Fills `this.typed`; returns the problems, or null when there are none. */
  private typeFields(fields: string[]): Problem[] | null {
    const { columnOfField, headers } = this.mapping;
    const typed = this.typed;
    let problems: Problem[] | null = null;
    for (let k = 0; k < FIELDS.length; k++) {
      const column = columnOfField[k]!;
      if (column < 0) {
        typed[k] = null;
        continue;
      }
      const spec = FIELDS[k]!;
      const text = fields[column]!.trim();
      let value: string | number | null = null;
      let code: RejectCode | null = null;
      let message = '';
      if (text === '') {
        if (spec.required) {
          code = spec.kind === 'ticketNumber' ? 'MISSING_TICKET_NUMBER' : 'MISSING_VALUE';
          message = spec.kind === 'ticketNumber' ? messages.missingTicketNumber(headers[column]!) : messages.missingValue(headers[column]!);
        }
      } else {
        switch (spec.kind) {
          case 'text':
            value = text;
            break;
          case 'timestamp':
            value = this.parseTimestamp(text);
            if (value === null) {
              code = 'BAD_TIMESTAMP';
              message = messages.badTimestamp(headers[column]!, text);
            }
            break;
          case 'ticketNumber':
            if (WHOLE_NUMBER.test(text)) value = Number(text);
            else {
              code = 'BAD_TICKET_NUMBER';
              message = messages.badTicketNumber(headers[column]!, text);
            }
            break;
          case 'integer':
            if (SIGNED_WHOLE_NUMBER.test(text)) value = Number(text);
            else {
              code = 'BAD_NUMBER';
              message = messages.badNumber(headers[column]!, text);
            }
            break;
          case 'boolean':
            value = BOOLEANS.get(text.toLowerCase()) ?? null;
            if (value === null) {
              code = 'BAD_BOOLEAN';
              message = messages.badBoolean(headers[column]!, text);
            }
            break;
        }
      }
      if (code !== null) (problems ??= []).push({ column: column + 1, code, message });
      typed[k] = value;
    }
    return problems;
  }
}
