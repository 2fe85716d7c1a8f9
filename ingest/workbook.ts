/**
 * Reading an Excel workbook (.xlsx) into the same rows as a CSV export:
 * the first sheet (in tab order) or the one named, streamed row by row with
 * exceljs's WorkbookReader, so memory stays flat. Each row's cells become
 * text fields and go through the same header mapping, typing and reject
 * rules as a CSV record (parse-export.ts RecordRouter).
 *
 * Cells: text as is; numbers as written (`1001`); booleans `true`/`false`;
 * a date cell, which Excel stores as wall-clock time without a zone, as
 * ISO text without an offset, read in the zone (Europe/Oslo by default)
 * like every other timestamp without one; a formula by its result; rich
 * text and links by their text; an error value (`#N/A`) as written.
 * Lines and columns are the sheet's row numbers and column positions (A = 1).
 * A row's raw text is its fields written as a `;`-separated CSV record.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { PsaError } from '../core/errors.ts';
import { fieldForHeader, normaliseHeader } from './fields.ts';
import { RecordRouter, type ParseOptions, type ParseSink } from './parse-export.ts';

/** The workbook cannot be read, or has no such sheet. */
export class WorkbookError extends PsaError {
  override readonly name = 'WorkbookError';
  constructor(message: string) {
    super('input', message);
  }
}

export interface WorkbookOptions extends Pick<ParseOptions, 'zone' | 'columns' | 'batchRows'> {
  /** The sheet to read; default the first. */
  readonly sheet?: string;
}

/** How many rows above the header may be blank or a title. */
const HEADER_SEARCH_ROWS = 10;

/** A cell's value as text (see the module comment). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // Excel's serial days carry float noise: round to the second.
    return new Date(Math.round(value.getTime() / 1000) * 1000).toISOString().slice(0, 19);
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** A row's fields as a `;`-separated CSV record (its `raw_rows.raw_text`): also the raw text of a ticket pulled from the API. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map((f) => (/[;"\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';');
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** An Excel number format that shows a date or time (`dd.mm.yyyy`, `hh:mm`), not a plain number. */
export function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === '' || /^general$/i.test(format)) return false;
  return /[dmyhs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

/** Excel serial days (1900 system) as the wall-clock Date exceljs uses for date cells. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

interface SheetRow {
  readonly number: number;
  readonly values: unknown[];
  getCell(column: number): { readonly numFmt?: string };
}

interface SheetReader {
  readonly name: string;
  readonly workbook: { model?: { sheets?: { name: string }[] } };
  [Symbol.asyncIterator](): AsyncIterator<SheetRow>;
}

/** Reads the workbook at `path`, reporting to `sink` as parseExport does. Throws WorkbookError or ParseError. */
export async function parseWorkbook(
  path: string,
  options: WorkbookOptions,
  sink: Omit<ParseSink, 'end'>,
): Promise<{ sha256: string; blankLines: number; rowsRead: number; bytesRead: number; notices: string[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const sha256 = await hashFile(path);
  const router = new RecordRouter(options, sink);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const notices: string[] = [];
  const seen: string[] = [];
  const overrides = new Set(Object.keys(options.columns).map(normaliseHeader));
  const isKnown = (f: string) => fieldForHeader(f) !== undefined || overrides.has(normaliseHeader(f));
  let found = false;
  let blankLines = 0;
  try {
    for await (const worksheet of reader as unknown as AsyncIterable<SheetReader>) {
      seen.push(worksheet.name);
      const wanted = options.sheet ?? worksheet.workbook.model?.sheets?.[0]?.name ?? worksheet.name;
      if (found || worksheet.name !== wanted) continue; // left unread: the reader drains it
      found = true;
      let width = -1;
      // Rows before the header is known: a header is the first of the first rows with two known names.
      const before: { fields: string[]; line: number }[] = [];
      const startWith = (headerIndex: number) => {
        const header = before[headerIndex]!;
        const skipped = before.slice(0, headerIndex).map((r) => r.line);
        if (skipped.length > 0) notices.push(`sheet ${JSON.stringify(worksheet.name)}: ${skipped.length === 1 ? `row ${skipped[0]} is` : `rows ${skipped.join(', ')} are`} above the header and not a header: skipped (a title?)`);
        const fields = trimTrailingEmpty(header.fields);
        width = fields.length;
        router.record(fields, header.line, csvRecord(fields));
        for (const r of before.slice(headerIndex + 1)) typeRow(router, r.fields, r.line, width);
        before.length = 0;
      };
      for await (const row of worksheet) {
        const values = row.values;
        const fields: string[] = [];
        for (let c = 1; c < values.length; c++) {
          let value = values[c];
          // A formula's result keeps its serial number; its cell's format says whether it is a date.
          if (value !== null && typeof value === 'object' && 'result' in value && typeof (value as { result: unknown }).result === 'number' && isDateFormat(row.getCell(c).numFmt)) {
            value = serialToDate((value as { result: number }).result);
          }
          fields.push(cellText(value).replace(/\r\n?/g, '\n'));
        }
        if (fields.every((f) => f.trim() === '')) {
          blankLines++;
          continue;
        }
        if (width >= 0) {
          typeRow(router, fields, row.number, width);
          continue;
        }
        before.push({ fields, line: row.number });
        if (fields.filter(isKnown).length >= 2) startWith(before.length - 1);
        else if (before.length >= HEADER_SEARCH_ROWS) startWith(0);
      }
      if (width < 0 && before.length > 0) startWith(0);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'ParseError') throw error;
    throw new WorkbookError(`cannot read the workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!found) {
    if (options.sheet !== undefined) throw new WorkbookError(`the workbook has no sheet named ${JSON.stringify(options.sheet)}; its sheets are: ${seen.map((s) => JSON.stringify(s)).join(', ')}`);
    throw new WorkbookError('the workbook has no sheet');
  }
  const { rowsRead, blankLines: routerBlank } = router.end();
  return { sha256, blankLines: blankLines + routerBlank, rowsRead, bytesRead: 0, notices };
}

function trimTrailingEmpty(fields: string[]): string[] {
  let n = fields.length;
  while (n > 0 && fields[n - 1]!.trim() === '') n--;
  return fields.slice(0, n);
}

/** A data row, padded with empty cells to the header's width (Excel leaves trailing empty cells out). */
function typeRow(router: RecordRouter, fields: string[], line: number, width: number): void {
  const row = fields.length < width ? [...fields, ...new Array<string>(width - fields.length).fill('')] : fields.length > width ? trimToWidthOrKeep(fields, width) : fields;
  router.record(row, line, csvRecord(row));
}

/** Cells beyond the header's width that are empty are no field; a value there makes a FIELD_COUNT reject. */
function trimToWidthOrKeep(fields: string[], width: number): string[] {
  const trimmed = trimTrailingEmpty(fields);
  return trimmed.length <= width ? [...trimmed, ...new Array<string>(width - trimmed.length).fill('')] : trimmed;
}

