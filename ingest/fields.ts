/**
 * The ticket fields psa understands: their header names and the column of
 * `stg_tickets` each one is stored in are declared with that table's
 * columns (store/columns.ts); here, how a header finds its field.
 */
import { FIELDS } from '../store/columns.ts';

export { FIELDS, FieldKind, type FieldSpec } from '../store/columns.ts';

export type FieldName = (typeof FIELDS)[number]['name'];
export type FieldColumn = (typeof FIELDS)[number]['column'];

export const FIELD_NAMES: readonly FieldName[] = FIELDS.map((f) => f.name);

export function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name);
}

/**
 * The form header names are compared in: Unicode NFC, lower case, letters and
 * digits only (æøå kept), so "Første respons", "første_respons" and
 * "FØRSTE-RESPONS" all match.
 */
export function normaliseHeader(header: string): string {
  return header.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const ALIAS_INDEX: ReadonlyMap<string, FieldName> = (() => {
  const index = new Map<string, FieldName>();
  for (const field of FIELDS) {
    for (const alias of field.aliases) {
      const key = normaliseHeader(alias);
      const existing = index.get(key);
      if (existing && existing !== field.name) {
        throw new Error(`header alias "${alias}" is claimed by both ${existing} and ${field.name}`);
      }
      index.set(key, field.name);
    }
  }
  return index;
})();

/** The field a header names, or undefined for a header psa does not know. */
export function fieldForHeader(header: string): FieldName | undefined {
  return ALIAS_INDEX.get(normaliseHeader(header));
}
