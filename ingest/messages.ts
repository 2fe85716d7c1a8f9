/**
 * Every message the ingest stage shows a user, as small functions, so tests
 * compare against these rather than copied strings.
 */
import type { FieldName } from './fields.ts';

const quote = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

export const RejectCode = {
  FIELD_COUNT: 'FIELD_COUNT',
  BAD_QUOTE: 'BAD_QUOTE',
  UNCLOSED_QUOTE: 'UNCLOSED_QUOTE',
  LINE_TOO_LONG: 'LINE_TOO_LONG',
  MISSING_TICKET_NUMBER: 'MISSING_TICKET_NUMBER',
  BAD_TICKET_NUMBER: 'BAD_TICKET_NUMBER',
  MISSING_VALUE: 'MISSING_VALUE',
  BAD_TIMESTAMP: 'BAD_TIMESTAMP',
  BAD_NUMBER: 'BAD_NUMBER',
  BAD_BOOLEAN: 'BAD_BOOLEAN',
  DUPLICATE_TICKET: 'DUPLICATE_TICKET',
} as const;
export type RejectCode = keyof typeof RejectCode;

export const messages = {
  fieldCount: (expected: number, got: number) =>
    `expected ${expected} fields as in the header, got ${got}`,
  missingTicketNumber: (header: string) => `${header}: the ticket number is empty`,
  badTicketNumber: (header: string, value: string) =>
    `${header}: ${quote(value)} is not a ticket number (a whole number was expected)`,
  missingValue: (header: string) => `${header}: a value is required`,
  badTimestamp: (header: string, value: string) =>
    `${header}: ${quote(value)} is not a timestamp (expected dd.mm.yyyy HH:mm[:ss], dd.mm.yyyy or ISO-8601)`,
  badNumber: (header: string, value: string) => `${header}: ${quote(value)} is not a whole number`,
  badBoolean: (header: string, value: string) =>
    `${header}: ${quote(value)} is not yes/no (expected true/false, 1/0, ja/nei or yes/no)`,
  duplicateTicket: (ticket: number, firstLine: number, header: string, shown: { first: string; again: string } | null) =>
    `ticket ${ticket} already appears on line ${firstLine} of this file with different values` +
    ` (first difference in ${header}${shown ? `: ${quote(shown.first)} there, ${quote(shown.again)} here` : ''}); the first row is kept`,

  missingColumns: (missing: readonly { field: FieldName; header: string }[], found: readonly string[]) =>
    `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `${m.header} (${m.field})`).join(', ')}; ` +
    `the headers found are: ${found.map((h) => JSON.stringify(h)).join(', ')}. ` +
    `Map other header names to psa fields with --columns <file>.`,
  duplicateColumns: (field: FieldName, headers: readonly string[]) =>
    `columns ${headers.map((h) => JSON.stringify(h)).join(' and ')} both give the field ${field}; keep one or map one to null with --columns <file>`,
  emptyFile: () => 'the file is empty: no header line',
  badHeaderLine: (problem: string) => `the header line cannot be read: ${problem}`,
  alreadyLoaded: (loadId: number, fileName: string) =>
    `already loaded as load ${loadId} (${fileName}, same SHA-256): nothing changed`,
  readSummary: (read: number, loaded: number, rejected: number) =>
    `read ${read} rows = ${loaded} loaded + ${rejected} rejected`,
} as const;
