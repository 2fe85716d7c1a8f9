/**
 * Matching an export's header row to psa fields: built-in Norwegian UI and
 * API names, plus a user's own mapping from a columns file.
 */
import { readFileSync } from 'node:fs';
import { FIELDS, FIELD_NAMES, fieldForHeader, isFieldName, normaliseHeader, type FieldName } from './fields.ts';
import { messages } from './messages.ts';
import { PsaError } from '../core/errors.ts';

/** Header (as in the export) → psa field name, or null to ignore the column. */
export type ColumnOverrides = Readonly<Record<string, FieldName | null>>;

/** A header row psa cannot map: a column twice, required columns missing. */
export class HeaderError extends PsaError {
  override readonly name = 'HeaderError';
  constructor(message: string) {
    super('input', message);
  }
}

/** A bad --columns file (exit 2). */
export class ColumnsFileError extends PsaError {
  override name = 'ColumnsFileError';
  constructor(message: string) {
    super('config', message);
  }
}

export interface ColumnMapping {
  /** The header row as received. */
  readonly headers: readonly string[];
  /** For each field in FIELDS order, its 0-based column in the file, or -1. */
  readonly columnOfField: readonly number[];
  /** Headers psa used: header → field. */
  readonly used: Readonly<Record<string, FieldName>>;
  /** Columns psa does not know (kept as received in `raw_rows.extra`). */
  readonly unknown: readonly { readonly index: number; readonly header: string }[];
}

/**
 * Maps each header to a field. A user override wins over the built-in names;
 * two columns for one field, or a required field without a column, is an
 * error that names them and lists the headers found.
 */
export function mapHeaders(headers: readonly string[], overrides: ColumnOverrides = {}): ColumnMapping {
  const normalisedOverrides = new Map<string, FieldName | null>();
  for (const [header, field] of Object.entries(overrides)) normalisedOverrides.set(normaliseHeader(header), field);

  const columnsByField = new Map<FieldName, number[]>();
  const unknown: { index: number; header: string }[] = [];
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    const field = normalisedOverrides.has(key) ? normalisedOverrides.get(key) : fieldForHeader(header);
    if (field === null) return; // ignored on purpose
    if (field === undefined) {
      if (key !== '') unknown.push({ index, header });
      else unknown.push({ index, header: `(column ${index + 1})` });
      return;
    }
    const list = columnsByField.get(field) ?? [];
    list.push(index);
    columnsByField.set(field, list);
  });

  for (const [field, indexes] of columnsByField) {
    if (indexes.length > 1) throw new HeaderError(messages.duplicateColumns(field, indexes.map((i) => headers[i] ?? '')));
  }
  const missing = FIELDS.filter((f) => f.required && !columnsByField.has(f.name)).map((f) => ({
    field: f.name,
    header: f.aliases[1] ?? f.name,
  }));
  if (missing.length > 0) {
    if (looksLikeData(headers)) throw new HeaderError(messages.headerLooksLikeData(missing, headers.length));
    throw new HeaderError(messages.missingColumns(missing, headers));
  }

  const used: Record<string, FieldName> = {};
  const columnOfField = FIELDS.map((f) => {
    const index = columnsByField.get(f.name)?.[0] ?? -1;
    if (index >= 0) used[headers[index] ?? ''] = f.name;
    return index;
  });
  return { headers, columnOfField, used, unknown };
}

const DATE_LIKE = /^\d{1,2}\.\d{1,2}\.\d{2,4}|^\d{4}-\d{2}-\d{2}/;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/**
 * A header row that is a row of values: a date, an e-mail address, or a
 * whole number first (a ticket number). Such a "header" is never quoted in
 * a message: it may be a requester's name, address or subject.
 */
export function looksLikeData(headers: readonly string[]): boolean {
  return /^\s*\d+\s*$/.test(headers[0] ?? '') || headers.some((h) => DATE_LIKE.test(h.trim()) || EMAIL_LIKE.test(h));
}

/**
 * Reads a columns file: a JSON object `{ "columns": { "<header>": "<field>" | null } }`
 * where each field is one of psa's field names (Pureservice API names, e.g.
 * `requestNumber`, `created`). Errors name the file and the bad key.
 */
export function readColumnsFile(path: string): ColumnOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ColumnsFileError(`${path}: cannot read the columns file: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('columns' in parsed)) {
    throw new ColumnsFileError(`${path}: expected an object with a "columns" key, e.g. {"columns": {"Sak nr.": "requestNumber"}}`);
  }
  const columns = (parsed as { columns: unknown }).columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new ColumnsFileError(`${path}: "columns" must be an object mapping header names to psa field names`);
  }
  const overrides: Record<string, FieldName | null> = {};
  for (const [header, field] of Object.entries(columns)) {
    if (field !== null && (typeof field !== 'string' || !isFieldName(field))) {
      throw new ColumnsFileError(
        `${path}: columns.${JSON.stringify(header)}: ${JSON.stringify(field)} is not a psa field; expected null or one of ${FIELD_NAMES.join(', ')}`,
      );
    }
    overrides[header] = field;
  }
  return overrides;
}
