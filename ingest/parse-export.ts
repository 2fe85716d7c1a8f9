/**
 * Reading one export from disk into row batches: bytes → text → records →
 * typed rows or rejects. Synchronous and free of database access, so it runs
 * the same on the main thread (small files) and in a worker (large ones).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { CsvReader, type CsvProblem } from './csv-reader.ts';
import { decoderLabel, detectDelimiter, type Encoding } from './detect.ts';
import { FIELDS } from './fields.ts';
import { HeaderError, mapHeaders, type ColumnMapping, type ColumnOverrides } from './headers.ts';
import { messages, type RejectCode } from './messages.ts';
import { BatchBuilder, type RowBatch } from './row-batch.ts';
import { TicketSet } from './ticket-set.ts';
import { createTimestampParser, type TimestampParser } from './timestamps.ts';

export interface ParseOptions {
  readonly encoding: Encoding;
  readonly zone: string;
  readonly columns: ColumnOverrides;
  /** Rows per batch. */
  readonly batchRows: number;
}

/** What the parser reports, in this order: header, batches, end. */
export interface ParseSink {
  header(info: { mapping: ColumnMapping; delimiter: string }): void;
  batch(batch: RowBatch): void;
  end(info: { sha256: string; blankLines: number; rowsRead: number; bytesRead: number }): void;
}

/** The file cannot be read as a whole (its header, its encoding); `line` where known. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** Bytes after the sampled start of the file are not valid UTF-8: read it again as Windows-1252. */
export class NotUtf8Error extends Error {
  override readonly name = 'NotUtf8Error';
}

export const CHUNK_BYTES = 1 << 20;

/** Reads the whole file, reporting to `sink`. Throws ParseError or NotUtf8Error. */
export function parseExport(path: string, options: ParseOptions, sink: ParseSink): void {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const decoder = new TextDecoder(decoderLabel(options.encoding), { fatal: options.encoding !== 'windows-1252' });
    const records = new RecordRouter(options, sink);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const bytes = buffer.subarray(0, n);
      hash.update(bytes);
      bytesRead += n;
      records.bytesRead = bytesRead;
      records.push(decode(decoder, bytes, true));
    }
    records.push(decode(decoder, undefined, false));
    const { rowsRead, blankLines } = records.end();
    sink.end({ sha256: hash.digest('hex'), blankLines, rowsRead, bytesRead });
  } finally {
    closeSync(fd);
  }
}

function decode(decoder: InstanceType<typeof TextDecoder>, bytes: Uint8Array | undefined, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw new NotUtf8Error();
    throw error;
  }
}

/**
 * Text in, records out: holds text until the header line is complete, picks
 * the delimiter from it, maps the header record, then types each later
 * record into the current batch.
 */
class RecordRouter {
  bytesRead = 0;
  private reader: CsvReader | null = null;
  private delimiter = ';';
  private pending = '';
  private rows: RowTyper | null = null;
  private readonly batch: BatchBuilder;

  constructor(
    private readonly options: ParseOptions,
    private readonly sink: ParseSink,
  ) {
    this.batch = new BatchBuilder(options.batchRows);
  }

  push(text: string): void {
    if (this.reader === null) {
      this.pending += text;
      const lf = this.pending.indexOf('\n');
      // A header line over 1 MiB is no header; let the reader set it aside.
      if (lf === -1 && this.pending.length < CHUNK_BYTES) return;
      text = this.pending;
      this.pending = '';
      this.startReader(lf === -1 ? text : text.slice(0, lf));
    }
    this.reader!.push(text, this.onRecord);
  }

  end(): { rowsRead: number; blankLines: number } {
    if (this.reader === null && this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      this.startReader(text);
      this.reader!.push(text, this.onRecord);
    }
    this.reader?.end(this.onRecord);
    if (this.rows === null) throw new ParseError(messages.emptyFile());
    if (!this.batch.isEmpty) this.sink.batch(this.batch.take(this.rows.rowsRead, this.bytesRead));
    return { rowsRead: this.rows.rowsRead, blankLines: this.reader?.blankLines ?? 0 };
  }

  private startReader(headerLine: string): void {
    this.delimiter = detectDelimiter(headerLine.replace(/\r$/, ''));
    this.reader = new CsvReader({ delimiter: this.delimiter });
  }

  private readonly onRecord = (fields: string[], line: number, span: number, raw: string, problem: CsvProblem | null) => {
    if (this.rows !== null) {
      this.rows.type(fields, line, span, raw, problem, this.batch);
      if (this.batch.full) this.sink.batch(this.batch.take(this.rows.rowsRead, this.bytesRead));
      return;
    }
    if (problem) throw new ParseError(messages.badHeaderLine(problem.message), line);
    let mapping: ColumnMapping;
    try {
      mapping = mapHeaders(fields, this.options.columns);
    } catch (error) {
      if (error instanceof HeaderError) throw new ParseError(error.message, line);
      throw error;
    }
    this.reader!.expectFields(mapping.headers.length);
    this.sink.header({ mapping, delimiter: this.delimiter });
    this.rows = new RowTyper(mapping, createTimestampParser(this.options.zone));
  };
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

  constructor(
    readonly mapping: ColumnMapping,
    private readonly parseTimestamp: TimestampParser,
  ) {
    this.headerCount = mapping.headers.length;
  }

  type(fields: string[], line: number, span: number, raw: string, problem: CsvProblem | null, out: BatchBuilder): void {
    this.rowsRead++;
    if (problem !== null) {
      out.reject({ line, lineSpan: span, column: problem.field, code: problem.code, message: problem.message, raw });
      return;
    }
    if (fields.length !== this.headerCount) {
      const column = fields.length < this.headerCount ? fields.length + 1 : this.headerCount + 1;
      out.reject({ line, lineSpan: span, column, code: 'FIELD_COUNT', message: messages.fieldCount(this.headerCount, fields.length), raw });
      return;
    }
    const problems = this.typeFields(fields);
    if (problems !== null) {
      out.reject({
        line,
        lineSpan: span,
        column: problems[0]!.column,
        code: problems[0]!.code,
        message: problems.map((p) => p.message).join('; '),
        raw,
      });
      return;
    }
    const repeated = this.seen.addAndCheck(this.typed[this.ticketField] as number);
    out.addRow(raw, line, span, repeated, this.typed);
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
