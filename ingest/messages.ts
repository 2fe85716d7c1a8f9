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
  FIELD_TOO_LONG: 'FIELD_TOO_LONG',
  BAD_ENCODING: 'BAD_ENCODING',
  MISSING_TICKET_NUMBER: 'MISSING_TICKET_NUMBER',
  BAD_TICKET_NUMBER: 'BAD_TICKET_NUMBER',
  MISSING_VALUE: 'MISSING_VALUE',
  BAD_TIMESTAMP: 'BAD_TIMESTAMP',
  BAD_NUMBER: 'BAD_NUMBER',
  BAD_BOOLEAN: 'BAD_BOOLEAN',
  DUPLICATE_TICKET: 'DUPLICATE_TICKET',
  /** psa pull: a ticket links to a record (status, user, ...) the API's answer does not hold. */
  UNRESOLVED_LINK: 'UNRESOLVED_LINK',
} as const;
export type RejectCode = keyof typeof RejectCode;

/** A header that may be a value: an e-mail address, or long text. */
const looksPersonal = (header: string) => header.includes('@') || header.length > 40;

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
    `the headers found are: ${found.map((h, i) => (looksPersonal(h) ? `(column ${i + 1})` : JSON.stringify(h))).join(', ')}. ` +
    `Map other header names to psa fields with --columns <file>.`,
  /** A first line of values: nothing of it is quoted, it may be personal data. */
  headerLooksLikeData: (missing: readonly { field: FieldName; header: string }[], fieldCount: number) =>
    `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `${m.header} (${m.field})`).join(', ')}: ` +
    `the first line (${fieldCount} fields) looks like a row of tickets, not a header (it holds dates, numbers or e-mail addresses); ` +
    `the export's header line is missing. Export again with the header, or add it as the first line.`,
  headerNotUtf8: (column: number, byte: number, header: string) =>
    `the header in column ${column} (${JSON.stringify(header)}) has the byte 0x${byte.toString(16).toUpperCase()}, which is not UTF-8 in a file that is UTF-8 elsewhere: ` +
    `the file mixes encodings; save it again as UTF-8 (or Windows-1252) throughout`,
  headerUnreadable: (column: number, header: string) =>
    `the header in column ${column} (${JSON.stringify(header)}) holds an unreadable character (U+FFFD): save the export again as UTF-8`,
  headerMisdecoded: (column: number, header: string, asUtf8: string) =>
    `the header in column ${column} reads ${JSON.stringify(header)} as Windows-1252 but ${JSON.stringify(asUtf8)} as UTF-8: ` +
    `the file mixes encodings; save it again as UTF-8 (or Windows-1252) throughout`,
  badEncoding: (byte: number, asWindows1252: string) =>
    `byte 0x${byte.toString(16).toUpperCase()} is not UTF-8, in a file that is UTF-8 elsewhere (in Windows-1252 it would be ${JSON.stringify(asWindows1252)}); ` +
    `the row is set aside rather than guessed: fix the character in the export and load it again`,
  notUtf8Bytes: (bytes: number) =>
    `read as UTF-8, but ${bytes} byte${bytes === 1 ? ' is' : 's are'} not UTF-8: the rows holding them are set aside as BAD_ENCODING`,
  utf8InWindows1252: (evidence: number, invalid: number) =>
    `read as Windows-1252 (${invalid} bytes are not UTF-8), though ${evidence} byte${evidence === 1 ? '' : 's'} would also read as UTF-8 letters: ` +
    `check the rows with "Ã" or "Â" in the database`,
  crOnly: () => 'lines end in CR alone (an old Mac or Excel save): read as line ends',
  delimiterHint: (delimiter: string, line: number) =>
    `line ${line}: Excel's delimiter hint sep=${delimiter === '\t' ? '\\t' : delimiter} is used, and the line skipped`,
  linesAboveHeader: (lines: readonly number[]) =>
    `${lines.length === 1 ? `line ${lines[0]} is` : `lines ${lines.join(', ')} are`} above the header and not a header: skipped (a title?)`,
  replacedOnSameVersion: (n: number, tickets: readonly number[]) =>
    `${n} ticket${n === 1 ? '' : 's'} replaced by a row with other values but no newer timestamp than the stored one (the later load wins): ` +
    `${tickets.join(', ')}${n > tickets.length ? ', ...' : ''}`,
  blankLinesAboveHeader: (n: number) => `${n} blank line${n === 1 ? '' : 's'} above the header skipped`,
  duplicateColumns: (field: FieldName, headers: readonly string[]) =>
    `columns ${headers.map((h) => JSON.stringify(h)).join(' and ')} both give the field ${field}; keep one or map one to null with --columns <file>`,
  emptyFile: () => 'the file is empty: no header line',
  badHeaderLine: (problem: string) => `the header line cannot be read: ${problem}`,
  alreadyLoaded: (loadId: number, fileName: string) =>
    `already loaded as load ${loadId} (${fileName}, same SHA-256): nothing changed`,
  readSummary: (read: number, loaded: number, rejected: number) =>
    `read ${read} rows = ${loaded} loaded + ${rejected} rejected`,
} as const;
