/**
 * A streaming CSV record reader built for Pureservice exports.
 *
 * Why not csv-parse on the hot path: on a 1M-row export csv-parse alone takes
 * longer than SQLite's own `.import` of the whole file, and the ingest target
 * is 2× `.import` including the inserts. This reader scans with `charCodeAt`
 * and `indexOf`, keeps only the unfinished tail of the input, and hands out
 * each record as an array of strings. Tests check it against csv-parse on
 * arbitrary input.
 *
 * Dialect: one-character delimiter, `"` quotes with `""` inside, CRLF or LF
 * line ends (a CR before LF is dropped; other CRs are text), quoted fields may
 * hold delimiters, quotes and line breaks. Blank lines are skipped.
 *
 * Broken input never throws. Structural problems come back with the record so
 * the caller can quarantine it:
 * - `BAD_QUOTE`: a character other than a delimiter or line end right after a
 *   closing quote; the rest of the field is read as text (as Excel does);
 * - `UNCLOSED_QUOTE`: a quoted field still open at the end of the input, or
 *   one that runs over several lines past `maxRecordChars`, or a record over
 *   several lines that breaks: text after its closing quote, a field count
 *   other than the header's (see `expectFields`), a first line that holds
 *   the header's field count by itself if its opening quote is taken as text
 *   while the next line does too (a stray quote that swallowed whole rows),
 *   or a record the caller refuses (the record handler returns false, e.g.
 *   for values that do not type). Only the physical line where the record
 *   began is given up, and reading starts again on the next line, so one
 *   stray quote costs one line, not the lines up to the next quote;
 * - `FIELD_TOO_LONG` / `LINE_TOO_LONG`: a record whose first line runs past
 *   `maxRecordChars` (the field size limit, 1 MiB of text by default) inside
 *   a quoted field / outside quotes. The record is skipped to its end
 *   without being held in memory and set aside as one record, with its true
 *   line span, so later line numbers stay right.
 */

export const CsvProblemCode = {
  BAD_QUOTE: 'BAD_QUOTE',
  UNCLOSED_QUOTE: 'UNCLOSED_QUOTE',
  LINE_TOO_LONG: 'LINE_TOO_LONG',
  FIELD_TOO_LONG: 'FIELD_TOO_LONG',
} as const;
export type CsvProblemCode = keyof typeof CsvProblemCode;

export interface CsvProblem {
  readonly code: CsvProblemCode;
  /** 1-based field index where the problem was found. */
  readonly field: number;
  readonly message: string;
}

/**
 * Receives each record: its fields, the 1-based line where it starts, the
 * number of physical lines it spans, its text as received (without the line
 * end), and a structural problem or null. For a record over several lines
 * without a problem, returning false refuses it: its first line is given up
 * as UNCLOSED_QUOTE and reading goes on with the next line.
 */
export type RecordHandler = (
  fields: string[],
  line: number,
  lineSpan: number,
  raw: string,
  problem: CsvProblem | null,
) => unknown;

/** The default field size limit: 1 MiB of text. */
export const MAX_FIELD_CHARS = 1 << 20;
/** How much of a record over the limit is kept as its raw text. */
const TOO_LONG_KEPT_CHARS = 1000;

/** State while skipping a record over the limit to its end. */
interface Skip {
  readonly line: number;
  head: string;
  readonly field: number;
  readonly quoted: boolean;
  chars: number;
  lines: number;
  inQuotes: boolean;
  atFieldStart: boolean;
}

export interface CsvReaderOptions {
  readonly delimiter: string;
  /** An open quoted field longer than this is treated as a stray quote. Default 1 MiB of text. */
  readonly maxRecordChars?: number;
  /** Line number of the first line fed to the reader. Default 1. */
  readonly firstLine?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const INCOMPLETE = -1;

export class CsvReader {
  private readonly delimiter: number;
  private readonly delimiterChar: string;
  private readonly maxRecordChars: number;
  private buffer = '';
  private line: number;
  /** Reused between calls: the fields of the record being read. */
  private fields: string[] = [];
  private problem: CsvProblem | null = null;
  private newlinesInRecord = 0;
  /** Empty lines skipped so far. */
  blankLines = 0;
  private expectedFields = 0;
  private skip: Skip | null = null;

  constructor(options: CsvReaderOptions) {
    if (options.delimiter.length !== 1 || options.delimiter === '"' || options.delimiter === '\n' || options.delimiter === '\r') {
      throw new Error(`CsvReader: the delimiter must be one character other than a quote or line end, got ${JSON.stringify(options.delimiter)}`);
    }
    this.delimiter = options.delimiter.charCodeAt(0);
    this.delimiterChar = options.delimiter;
    this.maxRecordChars = options.maxRecordChars ?? MAX_FIELD_CHARS;
    this.line = options.firstLine ?? 1;
  }

  /** Feeds more text; calls `onRecord` for every record completed by it. */
  push(text: string, onRecord: RecordHandler): void {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    this.drain(onRecord, false);
  }

  /** Signals the end of input; calls `onRecord` for what remains. */
  end(onRecord: RecordHandler): void {
    this.drain(onRecord, true);
    this.buffer = '';
  }

  /**
   * The number of fields a record should have (the header's). A record over
   * several lines with another count is taken for a stray quote.
   */
  expectFields(count: number): void {
    this.expectedFields = count;
  }

  private drain(onRecord: RecordHandler, final: boolean): void {
    const buf = this.buffer;
    const len = buf.length;
    let pos = 0;
    if (this.skip !== null) {
      pos = this.skipOn(buf, 0, final, onRecord);
      if (this.skip !== null) {
        this.buffer = pos === 0 ? buf : buf.slice(pos);
        return;
      }
    }
    while (pos < len) {
      const c = buf.charCodeAt(pos);
      if (c === LF) {
        pos++;
        this.line++;
        this.blankLines++;
        continue;
      }
      if (c === CR && pos + 1 < len && buf.charCodeAt(pos + 1) === LF) {
        pos += 2;
        this.line++;
        this.blankLines++;
        continue;
      }
      if (c === CR && pos + 1 === len && !final) break;
      const end = this.readRecord(buf, pos, final);
      if (end === INCOMPLETE) {
        if (len - pos > this.maxRecordChars) {
          const lf = buf.indexOf('\n', pos);
          if (lf !== -1 && lf - pos <= this.maxRecordChars) {
            // A short first line and a quote open over the lines after it past the limit: a stray quote.
            pos = this.giveUpLine(buf, pos, onRecord);
            continue;
          }
          pos = this.startSkip(buf, pos, final, onRecord);
          if (this.skip !== null) break;
          continue;
        }
        if (final) {
          pos = this.giveUpLine(buf, pos, onRecord);
          continue;
        }
        break;
      }
      if (end - pos > this.maxRecordChars) {
        // Complete, but over the limit: the same judgement as for one still open.
        const lf = buf.indexOf('\n', pos);
        if (lf !== -1 && lf < end && lf - pos <= this.maxRecordChars) pos = this.giveUpLine(buf, pos, onRecord);
        else pos = this.startSkip(buf, pos, final, onRecord);
        if (this.skip !== null) break;
        continue;
      }
      const span = this.newlinesInRecord + 1;
      if (span > 1 && (this.problem !== null || (this.expectedFields > 0 && (this.fields.length !== this.expectedFields || this.swallowedRows(buf, pos))))) {
        pos = this.giveUpLine(buf, pos, onRecord);
        continue;
      }
      const rawEnd = end > pos && buf.charCodeAt(end - 1) === CR && end < len ? end - 1 : end;
      const startLine = this.line;
      if (span > 1) {
        if (onRecord(this.fields, startLine, span, buf.slice(pos, rawEnd), this.problem) === false) {
          pos = this.giveUpLine(buf, pos, onRecord);
          continue;
        }
        this.line += span;
      } else {
        this.line += span;
        onRecord(this.fields, startLine, span, buf.slice(pos, rawEnd), this.problem);
      }
      pos = end < len ? end + 1 : end; // step over the LF
    }
    if (final && this.skip !== null) this.endSkip(onRecord);
    this.buffer = pos >= len ? '' : pos === 0 ? buf : buf.slice(pos);
  }

  /**
   * A record over several lines whose first line, with its opening quote
   * taken as text, has the header's field count, and whose second line has
   * it too: most likely a stray quote that swallowed whole rows.
   */
  private swallowedRows(buf: string, pos: number): boolean {
    const first = buf.indexOf('\n', pos);
    if (first === -1) return false;
    let second = buf.indexOf('\n', first + 1);
    if (second === -1) second = buf.length;
    const n = this.expectedFields;
    return literalFieldCount(buf, pos, first, this.delimiterChar) === n && literalFieldCount(buf, first + 1, second, this.delimiterChar) === n;
  }

  /** Starts skipping the record at `pos`, whose first line runs past the limit; returns where reading resumes. */
  private startSkip(buf: string, pos: number, final: boolean, onRecord: RecordHandler): number {
    // Which field the limit falls in, and whether it is quoted, from the first maxRecordChars characters.
    const scan = { field: 1, inQuotes: false, atFieldStart: true };
    const limit = pos + this.maxRecordChars;
    let fieldStartQuoted = false;
    for (let i = pos; i < limit; i++) {
      const c = buf.charCodeAt(i);
      if (scan.inQuotes) {
        if (c === QUOTE) {
          if (buf.charCodeAt(i + 1) === QUOTE) i++;
          else scan.inQuotes = false;
        }
      } else if (c === QUOTE && scan.atFieldStart) {
        scan.inQuotes = true;
        fieldStartQuoted = true;
        scan.atFieldStart = false;
      } else if (c === this.delimiter) {
        scan.field++;
        scan.atFieldStart = true;
        fieldStartQuoted = false;
      } else scan.atFieldStart = false;
    }
    this.skip = {
      line: this.line,
      head: '',
      field: scan.field,
      quoted: fieldStartQuoted,
      chars: 0,
      lines: 0,
      inQuotes: false,
      atFieldStart: true,
    };
    return this.skipOn(buf, pos, final, onRecord);
  }

  /** Skips on through `buf` from `pos` following the quotes; ends the skip at the record's line end. */
  private skipOn(buf: string, pos: number, final: boolean, onRecord: RecordHandler): number {
    const skip = this.skip!;
    const len = buf.length;
    const delimiter = this.delimiter;
    let i = pos;
    while (i < len) {
      const c = buf.charCodeAt(i);
      if (skip.inQuotes) {
        const q = buf.indexOf('"', i);
        const stop = q === -1 ? len : q;
        skip.lines += countLineFeeds(buf, i, stop);
        if (q === -1) {
          i = len;
          break;
        }
        if (q + 1 === len && !final) {
          i = q; // the quote may be doubled by the next chunk
          break;
        }
        if (buf.charCodeAt(q + 1) === QUOTE) i = q + 2;
        else {
          skip.inQuotes = false;
          skip.atFieldStart = false;
          i = q + 1;
        }
        continue;
      }
      if (c === LF) {
        this.keepHead(buf, pos, i > pos && buf.charCodeAt(i - 1) === CR ? i - 1 : i);
        this.endSkip(onRecord);
        return i + 1;
      }
      if (c === QUOTE && skip.atFieldStart) skip.inQuotes = true;
      skip.atFieldStart = c === delimiter;
      i++;
    }
    skip.chars += i - pos;
    this.keepHead(buf, pos, i);
    if (final && i >= len) {
      this.endSkip(onRecord);
    }
    return i;
  }

  /** Keeps the start of a skipped record as its raw text. */
  private keepHead(buf: string, from: number, to: number): void {
    const skip = this.skip!;
    if (skip.head.length < TOO_LONG_KEPT_CHARS) skip.head += buf.slice(from, Math.min(to, from + TOO_LONG_KEPT_CHARS - skip.head.length));
  }

  private endSkip(onRecord: RecordHandler): void {
    const skip = this.skip!;
    this.skip = null;
    const span = skip.lines + 1;
    const raw = `${skip.head}… (set aside: over ${this.maxRecordChars} characters)`;
    const problem: CsvProblem = skip.inQuotes
      ? {
          code: 'UNCLOSED_QUOTE',
          field: skip.field,
          message: `a quote opened in field ${skip.field} is never closed, and the line is longer than ${this.maxRecordChars} characters; the ${span} line(s) from here to the end of the file are set aside`,
        }
      : skip.quoted
        ? { code: 'FIELD_TOO_LONG', field: skip.field, message: `field ${skip.field} is longer than the limit of ${this.maxRecordChars} characters; the record is set aside` }
        : { code: 'LINE_TOO_LONG', field: skip.field, message: `the line is longer than the limit of ${this.maxRecordChars} characters; it is set aside` };
    onRecord([raw], skip.line, span, raw, problem);
    this.line += span;
  }

  /**
   * Reads one record starting at `start`. Returns the index of the LF that
   * ends it (or `buf.length` at the end of the final input), or INCOMPLETE
   * when more input is needed. Leaves the fields in `this.fields`.
   *
   * Unquoted fields are found with `indexOf` (native scanning) between the
   * delimiters and the line end; only quoted fields are looked at closely.
   */
  private readRecord(buf: string, start: number, final: boolean): number {
    const len = buf.length;
    const delimiter = this.delimiter;
    const delimiterChar = this.delimiterChar;
    const fields: string[] = [];
    this.problem = null;
    this.newlinesInRecord = 0;
    let lineEnd = buf.indexOf('\n', start);
    let i = start;
    for (;;) {
      if (buf.charCodeAt(i) === QUOTE) {
        // Quoted field.
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q === -1) return INCOMPLETE;
          if (q + 1 === len && !final) return INCOMPLETE;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value = value.length === 0 ? buf.slice(from, q) : value + buf.slice(from, q);
          if (lineEnd !== -1 && lineEnd < q) {
            this.newlinesInRecord += countLineFeeds(buf, lineEnd, q);
            lineEnd = buf.indexOf('\n', q);
          }
          i = q + 1;
          break;
        }
        if (i === len) {
          fields.push(value);
          this.fields = fields;
          return len; // final: the end of the input ends the record
        }
        const c = buf.charCodeAt(i);
        if (c === delimiter) {
          fields.push(value);
          i++;
          continue;
        }
        if (i === lineEnd || (c === CR && i + 1 === lineEnd)) {
          fields.push(value);
          this.fields = fields;
          return lineEnd;
        }
        if (c === CR && i + 1 === len) {
          if (!final) return INCOMPLETE;
          fields.push(value);
          this.fields = fields;
          return len;
        }
        // Text after the closing quote: note it, and read on to the field's end as Excel does.
        if (this.problem === null) {
          this.problem = {
            code: 'BAD_QUOTE',
            field: fields.length + 1,
            message: `unexpected character ${JSON.stringify(buf[i])} after the closing quote; a quote inside a quoted field must be doubled ("")`,
          };
        }
        const d = buf.indexOf(delimiterChar, i);
        if (d !== -1 && (lineEnd === -1 || d < lineEnd)) {
          fields.push(value + buf.slice(i, d));
          i = d + 1;
          continue;
        }
        if (lineEnd === -1) {
          if (!final) return INCOMPLETE;
          return this.finish(fields, value + buf.slice(i), len);
        }
        fields.push(value + buf.slice(i, buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd));
        this.fields = fields;
        return lineEnd;
      }
      // Unquoted field: up to the next delimiter on this line, or the line end.
      const d = buf.indexOf(delimiterChar, i);
      if (d !== -1 && (lineEnd === -1 || d < lineEnd)) {
        fields.push(buf.slice(i, d));
        i = d + 1;
        continue;
      }
      if (lineEnd === -1) {
        if (!final) return INCOMPLETE;
        return this.finish(fields, buf.slice(i), len);
      }
      fields.push(buf.slice(i, lineEnd > i && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd));
      this.fields = fields;
      return lineEnd;
    }
  }

  private finish(fields: string[], last: string, end: number): number {
    // A lone CR at the very end of the input is a line end, not text.
    fields.push(last.endsWith('\r') ? last.slice(0, -1) : last);
    this.fields = fields;
    return end;
  }

  /**
   * Gives up the physical line starting at `pos` as a record with an
   * unclosed quote and returns where reading resumes.
   */
  private giveUpLine(buf: string, pos: number, onRecord: RecordHandler): number {
    const lf = buf.indexOf('\n', pos);
    const stop = lf === -1 ? buf.length : lf;
    const rawEnd = stop > pos && buf.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    const raw = buf.slice(pos, rawEnd);
    const startLine = this.line;
    const openQuoteField = Math.max(1, fieldWithOpenQuote(raw, this.delimiter));
    this.line++;
    onRecord([raw], startLine, 1, raw, {
      code: 'UNCLOSED_QUOTE',
      field: openQuoteField,
      message: 'a quote opened on this line is not closed on it, and the lines after it do not complete it into a valid row; the line is set aside and reading goes on with the next line',
    });
    return lf === -1 ? buf.length : lf + 1;
  }
}

/** Fields of the line buf[from, to) when a quote still open at its end is taken as text. */
function literalFieldCount(buf: string, from: number, to: number, delimiterChar: string): number {
  let fields = 1;
  let i = from;
  while (i < to) {
    if (buf.charCodeAt(i) === QUOTE) {
      let q = i + 1;
      for (;;) {
        q = buf.indexOf('"', q);
        if (q === -1 || q >= to) {
          q = -1;
          break;
        }
        if (buf.charCodeAt(q + 1) === QUOTE) {
          q += 2;
          continue;
        }
        break;
      }
      if (q !== -1) i = q + 1;
    }
    const d = buf.indexOf(delimiterChar, i);
    if (d === -1 || d >= to) return fields;
    fields++;
    i = d + 1;
  }
  return fields;
}

function countLineFeeds(buf: string, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * The 1-based field whose quote is still open at the end of the line, or 0
 * when none is. Follows the reader: a quote opens a field only as its first
 * character.
 */
function fieldWithOpenQuote(line: string, delimiter: number): number {
  const delimiterChar = String.fromCharCode(delimiter);
  let field = 1;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q === -1) return field;
        if (line.charCodeAt(q + 1) === QUOTE) {
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    }
    const d = line.indexOf(delimiterChar, i);
    if (d === -1) return 0;
    field++;
    i = d + 1;
  }
}
