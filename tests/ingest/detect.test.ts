import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, detectFile, splitHeaderLine, UnsupportedEncodingError } from '../../ingest/detect.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('detectEncoding', () => {
  it('takes a UTF-8 byte-order mark as UTF-8', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe('utf-8-bom');
  });

  it('takes valid UTF-8 with æøå as UTF-8', () => {
    expect(detectEncoding(Buffer.from('Saksnummer;Løst;Første respons\n1;æ;å'))).toBe('utf-8');
  });

  it('takes bytes that are not UTF-8 as Windows-1252', () => {
    expect(detectEncoding(Buffer.from('Løst;Første respons', 'latin1'))).toBe('windows-1252');
  });

  it('does not count a character cut off at the end of the sample against UTF-8', () => {
    const text = Buffer.from('Løst;Første respons;ø');
    expect(detectEncoding(text.subarray(0, text.length - 1))).toBe('utf-8');
  });

  it('reads UTF-16 LE and BE by their byte-order mark (issue 13 item 11)', () => {
    expect(detectEncoding(bytes(0xff, 0xfe, 0x53, 0x00))).toBe('utf-16le');
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x53))).toBe('utf-16be');
  });

  it('detects UTF-16 without a byte-order mark from its zero bytes (issue 13 item 11)', () => {
    const text = 'Saksnummer\tEmne\tStatus\r\n1\tø\tNy\r\n';
    expect(detectEncoding(Buffer.from(text, 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from(text, 'utf16le').swap16())).toBe('utf-16be');
  });

  it('takes a UTF-8 file with one stray Windows-1252 byte as UTF-8 (issue 13 item 1)', () => {
    const sample = Buffer.concat([Buffer.from('Saksnummer;Løst;Første respons;Gjenåpnet\n1;Forespørsel;'), Buffer.from([0xe9]), Buffer.from(';0\n')]);
    expect(detectEncoding(sample)).toBe('utf-8');
  });
});

describe('detectFile names files that are not text exports (issue 13 item 9)', () => {
  it.each([
    ['a zip archive', Buffer.from('PK\x03\x04\x14\x00\x00\x00readme.txt', 'latin1'), /this is a zip archive/],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]), /this is a gzip file/],
    ['an Excel 97-2003 workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), /Excel 97-2003 workbook/],
    ['a PDF', Buffer.from('%PDF-1.7\n'), /PDF file/],
    ['a SQLite database', Buffer.from('SQLite format 3\0\x10\x00', 'latin1'), /SQLite database/],
    ['a binary file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]), /binary file/],
  ])('%s', (_what, sample, message) => {
    expect(() => detectFile(sample, 'export.csv')).toThrow(UnsupportedEncodingError);
    expect(() => detectFile(sample, 'export.csv')).toThrow(message);
  });

  it('takes a zip holding xl/ as an Excel workbook (issue 13 item 10)', () => {
    expect(detectFile(Buffer.from('PK\x03\x04\x14\x00\x00\x00xl/workbook.xml', 'latin1'), 'export.csv')).toEqual({ kind: 'workbook' });
  });

  it('notices CR-only line ends (issue 13 item 9)', () => {
    expect(detectFile(Buffer.from('Saksnummer;Status\r1;Ny\r'))).toEqual({ kind: 'text', encoding: 'utf-8', crOnly: true });
    expect(detectFile(Buffer.from('Saksnummer;Status\r\n1;Ny\r\n'))).toEqual({ kind: 'text', encoding: 'utf-8', crOnly: false });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Saksnummer;Emne;Sakstype;Status;Opprettet', ';'],
    ['requestNumber,subject,ticketType,status,created', ','],
    ['Saksnummer\tEmne\tSakstype\tStatus\tOpprettet', '\t'],
  ])('finds the delimiter of %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });

  it('prefers the delimiter that yields known headers over one that yields more fields', () => {
    // Three commas inside headers, two semicolons between known ones.
    expect(detectDelimiter('Saksnummer;"Emne, kort, lang, mer";Status')).toBe(';');
  });

  it('honours quotes in the header line', () => {
    expect(splitHeaderLine('"Saksnummer";"Første ""respons""";Status', ';')).toEqual(['Saksnummer', 'Første "respons"', 'Status']);
  });
});
